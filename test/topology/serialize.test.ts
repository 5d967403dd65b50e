/**
 * `serializeTopology` (docs/topology.md): the exact bytes of a known topology, the layout rules, and
 * properties on random topologies: parse → serialise → parse is the identity on the model,
 * and serialising is byte-stable.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../simulator/core/model.js';
import { parseTopology, serializeTopology } from '../../simulator/topology/index.js';
import { topologyArbitrary } from './arbitraries.js';

const DOCUMENTED_EXAMPLE: Topology = {
  version: 1,
  name: 'ml-platform',
  zones: [
    { id: 'vpc', kind: 'internal', cidrs: ['10.0.0.0/16'] },
    { id: 'internet', kind: 'external', cidrs: [] },
  ],
  nodes: [
    {
      id: 'trainer',
      kind: 'training-job',
      label: 'Nightly trainer',
      zone: 'vpc',
      roles: ['trainer'],
      addresses: ['10.0.1.0/24'],
      hosts: [],
      position: { x: 120.4, y: 79.6 },
    },
    {
      id: 'pypi',
      kind: 'package-index',
      zone: 'internet',
      roles: [],
      addresses: ['203.0.113.10'],
      hosts: ['pypi.org', 'files.pythonhosted.org'],
      note: 'static resolution for firewall exports',
    },
  ],
  edges: [{ from: 'trainer', to: 'pypi', service: 'tcp/443', note: 'install dependencies' }],
};

const DOCUMENTED_EXAMPLE_TEXT = `version: 1
name: ml-platform
zones:
  - id: vpc
    kind: internal
    cidrs: [10.0.0.0/16]
  - id: internet
    kind: external
nodes:
  - id: trainer
    kind: training-job
    label: Nightly trainer
    zone: vpc
    roles: [trainer]
    addresses: [10.0.1.0/24]
    position: {x: 120, y: 80}
  - id: pypi
    kind: package-index
    zone: internet
    addresses: [203.0.113.10]
    hosts: [pypi.org, files.pythonhosted.org]
    note: static resolution for firewall exports
edges:
  - from: trainer
    to: pypi
    service: tcp/443
    note: install dependencies
`;

describe('serializeTopology', () => {
  it('writes the documented layout: key order, flow lists, integer positions, no empty fields', () => {
    expect(serializeTopology(DOCUMENTED_EXAMPLE)).toBe(DOCUMENTED_EXAMPLE_TEXT);
  });

  it('writes the same bytes whatever the key order of the objects in memory', () => {
    const shuffled: Topology = {
      edges: DOCUMENTED_EXAMPLE.edges.map((e) => ({
        note: e.note,
        service: e.service,
        to: e.to,
        from: e.from,
      })),
      nodes: DOCUMENTED_EXAMPLE.nodes.map(
        (n) => Object.fromEntries(Object.entries(n).reverse()) as typeof n,
      ),
      zones: DOCUMENTED_EXAMPLE.zones.map((z) => ({ cidrs: z.cidrs, kind: z.kind, id: z.id })),
      name: DOCUMENTED_EXAMPLE.name,
      version: 1,
    };
    expect(serializeTopology(shuffled)).toBe(DOCUMENTED_EXAMPLE_TEXT);
  });

  it('writes a minimal topology as version and name only, LF and a final newline', () => {
    const text = serializeTopology({ version: 1, name: 'blank', zones: [], nodes: [], edges: [] });
    expect(text).toBe('version: 1\nname: blank\n');
  });

  it('quotes ids and text that YAML would read as another type', () => {
    const text = serializeTopology({
      version: 1,
      name: 'true',
      zones: [{ id: '1', kind: 'internal', cidrs: [] }],
      nodes: [],
      edges: [],
    });
    expect(text).toContain('name: "true"\n');
    expect(text).toContain('- id: "1"\n');
    expect(parseTopology(text).topology?.zones[0]?.id).toBe('1');
  });

  it('writes a list one item a line when the flow form would pass 100 columns', () => {
    const hosts = Array.from({ length: 8 }, (_, i) => `mirror-${i}.pypi.example.org`);
    const text = serializeTopology({
      version: 1,
      name: 'long',
      zones: [],
      nodes: [{ id: 'mirrors', kind: 'package-index', zone: 'z', roles: [], addresses: [], hosts }],
      edges: [],
    });
    expect(text).toContain('    hosts:\n      - mirror-0.pypi.example.org\n');
    expect(text.split('\n').every((line) => line.length <= 100)).toBe(true);
  });

  it('rounds positions to integers and never writes -0', () => {
    const text = serializeTopology({
      version: 1,
      name: 'p',
      zones: [],
      nodes: [
        {
          id: 'a',
          kind: 'generic',
          zone: 'z',
          roles: [],
          addresses: [],
          hosts: [],
          position: { x: -0.2, y: 2.5 },
        },
        {
          id: 'b',
          kind: 'generic',
          zone: 'z',
          roles: [],
          addresses: [],
          hosts: [],
          position: { x: Number.NaN, y: 1 },
        },
      ],
      edges: [],
    });
    expect(text).toContain('position: {x: 0, y: 3}');
    expect(text).not.toContain('-0');
    // A position that is not a number is left out rather than written as .nan.
    expect(text).not.toMatch(/nan/i);
  });

  it('parse → serialise → parse is the identity on random topologies', () => {
    fc.assert(
      fc.property(topologyArbitrary, (t) => {
        const text = serializeTopology(t);
        const parsed = parseTopology(text);
        expect(parsed.topology).toEqual(t);
        const again = parseTopology(serializeTopology(parsed.topology!));
        expect(again.topology).toEqual(parsed.topology);
      }),
      { numRuns: 150 },
    );
  });

  it('is byte-stable: serialising twice, or after a round trip, gives identical bytes', () => {
    fc.assert(
      fc.property(topologyArbitrary, (t) => {
        const first = serializeTopology(t);
        expect(serializeTopology(t)).toBe(first);
        expect(serializeTopology(parseTopology(first).topology!)).toBe(first);
        expect(first.endsWith('\n')).toBe(true);
        expect(first).not.toContain('\r\n');
      }),
      { numRuns: 150 },
    );
  });
});
