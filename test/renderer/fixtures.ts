import { TOPOLOGY_FORMAT_VERSION, type Topology } from '../../simulator/index.js';

/** A small platform: two internal nodes, two external ones, three edges. */
export function sampleTopology(): Topology {
  return {
    version: TOPOLOGY_FORMAT_VERSION,
    name: 'ml-platform',
    zones: [
      { id: 'vpc', kind: 'internal', cidrs: ['10.0.0.0/16'] },
      { id: 'internet', kind: 'external', cidrs: [] },
    ],
    nodes: [
      {
        id: 'trainer',
        kind: 'training-job',
        zone: 'vpc',
        roles: ['trainer'],
        addresses: ['10.0.1.0/24'],
        hosts: [],
        position: { x: 100, y: 100 },
      },
      {
        id: 'notebook',
        kind: 'notebook',
        zone: 'vpc',
        roles: ['analyst'],
        addresses: ['10.0.2.10'],
        hosts: [],
        position: { x: 100, y: 260 },
      },
      {
        id: 'pypi',
        kind: 'package-index',
        zone: 'internet',
        roles: [],
        addresses: [],
        hosts: ['pypi.org'],
        position: { x: 500, y: 100 },
      },
      {
        id: 'openai',
        kind: 'llm-api',
        zone: 'internet',
        roles: [],
        addresses: [],
        hosts: ['api.openai.com'],
        position: { x: 500, y: 260 },
      },
    ],
    edges: [
      { from: 'trainer', to: 'pypi', service: 'tcp/443', note: 'dependencies' },
      { from: 'notebook', to: 'pypi', service: 'tcp/443' },
      { from: 'notebook', to: 'openai', service: 'tcp/443' },
    ],
  };
}
