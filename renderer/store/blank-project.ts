/** What "New → Blank project" starts from: one internal and one external zone, a policy header. */
import { TOPOLOGY_FORMAT_VERSION, type Topology } from '../../simulator/index.js';

export function blankTopology(name: string): Topology {
  return {
    version: TOPOLOGY_FORMAT_VERSION,
    name,
    zones: [
      { id: 'vpc', kind: 'internal', label: 'Platform VPC', cidrs: ['10.0.0.0/16'] },
      { id: 'internet', kind: 'external', label: 'Internet', cidrs: [] },
    ],
    nodes: [],
    edges: [],
  };
}

export function blankPolicy(name: string): string {
  return [
    `# Egress policy of ${name}.`,
    '# Internal systems may open connections to the destinations allowed below;',
    '# everything else is denied.',
    `policy ${name}`,
    '',
    'default deny log',
    '',
  ].join('\n');
}
