/**
 * `validateTopology` on topologies built in memory (the canvas): the same checks as the
 * parser, with field paths and no ranges.
 */
import { describe, expect, it } from 'vitest';
import type { Topology, TopologyNode } from '../../simulator/core/model.js';
import { formatDiagnostic } from '../../simulator/diagnostics/define.js';
import { validateTopology } from '../../simulator/topology/index.js';

function node(id: string, zone: string, extra: Partial<TopologyNode> = {}): TopologyNode {
  return { id, kind: 'generic', zone, roles: [], addresses: [], hosts: [], ...extra };
}

function topology(extra: Partial<Topology>): Topology {
  return {
    version: 1,
    name: 'canvas',
    zones: [
      { id: 'vpc', kind: 'internal', cidrs: ['10.0.0.0/16'] },
      { id: 'internet', kind: 'external', cidrs: [] },
    ],
    nodes: [],
    edges: [],
    ...extra,
  };
}

function lines(t: Topology): string[] {
  return validateTopology(t).map(formatDiagnostic);
}

describe('validateTopology', () => {
  it('finds nothing wrong in a sound topology', () => {
    const t = topology({
      nodes: [
        node('app', 'vpc', {
          addresses: ['10.0.1.5'],
          roles: ['app'],
          position: { x: 10.5, y: 3 },
        }),
        node('api', 'internet', { kind: 'llm-api', hosts: ['api.openai.com'] }),
      ],
      edges: [{ from: 'app', to: 'api', service: 'tcp/443' }],
    });
    expect(validateTopology(t)).toEqual([]);
  });

  it('reports with field paths and no ranges', () => {
    const t = topology({
      nodes: [node('app', 'vcp'), node('app', 'vpc', { kind: 'notebok', addresses: ['10.9.0.1'] })],
      edges: [{ from: 'ap', to: 'app', service: 'tcp/99999' }],
    });
    expect(lines(t)).toEqual([
      'nodes[0].zone: error EGS3106: unknown zone "vcp" (did you mean "vpc"?)',
      'nodes[1].id: error EGS3103: duplicate node id "app"; node ids must be unique; rename one of the nodes',
      expect.stringMatching(
        /^nodes\[1\]\.kind: error EGS3105: unknown node kind "notebok" \(did you mean "notebook"\?\)/,
      ),
      expect.stringMatching(
        /^nodes\[1\]\.addresses\[0\]: warning EGS3206: 10\.9\.0\.1 is outside zone "vpc"/,
      ),
      'edges[0].from: error EGS3401: unknown node "ap" (did you mean "app"?)',
      'edges[0].service: error EGS3403: port 99999 is out of range in "tcp/99999"; ports are 1 to 65535',
    ]);
    for (const d of validateTopology(t)) expect(d.range).toBeUndefined();
    const duplicate = validateTopology(t).find((d) => d.code === 'EGS3103')!;
    expect(duplicate.related).toEqual([{ message: 'first declared here (nodes[0].id)' }]);
  });

  it('checks what the type system cannot: zone kinds, versions, finite positions, empty ids', () => {
    const t = topology({
      version: 2,
      name: '',
      zones: [{ id: 'dmz', kind: 'perimeter' as never, cidrs: [] }],
      nodes: [node('', 'dmz', { position: { x: Number.POSITIVE_INFINITY, y: 0 } })],
    });
    expect(validateTopology(t).map((d) => `${d.path} ${d.code}`)).toEqual([
      'version EGS3006',
      'name EGS3109',
      'zones[0].kind EGS3104',
      'nodes[0].id EGS3011',
      'nodes[0].position.x EGS3301',
    ]);
  });

  it('reports a version that is not a positive whole number', () => {
    expect(validateTopology(topology({ version: 0 })).map((d) => d.code)).toEqual(['EGS3007']);
  });

  it('warns about an address in a zone of the other kind instead of "outside its zone"', () => {
    const t = topology({
      zones: [
        { id: 'vpc', kind: 'internal', cidrs: ['10.0.0.0/16'] },
        { id: 'internet', kind: 'external', cidrs: ['198.51.100.0/24'] },
      ],
      nodes: [node('app', 'vpc', { addresses: ['198.51.100.7'] })],
    });
    expect(validateTopology(t).map((d) => d.code)).toEqual(['EGS3207']);
  });

  it('accepts nested CIDRs across zones of the same kind', () => {
    const t = topology({
      zones: [
        { id: 'vpc', kind: 'internal', cidrs: ['10.0.0.0/16'] },
        { id: 'gpu', kind: 'internal', cidrs: ['10.0.8.0/24'] },
      ],
      nodes: [
        node('trainer', 'gpu', { addresses: ['10.0.8.0/25'] }),
        node('app', 'vpc', { addresses: ['10.0.1.1'] }),
      ],
    });
    expect(validateTopology(t)).toEqual([]);
  });
});
