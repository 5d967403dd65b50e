/**
 * `parseTopology` beyond the golden files: exact ranges, paths on every field diagnostic,
 * the format version and migrations, and the promise never to throw.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { hasErrors } from '../../simulator/core/diagnostic.js';
import { TOPOLOGY_FORMAT_VERSION } from '../../simulator/core/model.js';
import type { TopologyFormat } from '../../simulator/topology/index.js';
import { migrateTopology, parseTopology } from '../../simulator/topology/index.js';

const BASE = `name: ml-platform
zones:
  - id: vpc
    kind: internal
    cidrs: [10.0.0.0/16]
nodes:
  - id: trainer
    kind: training-job
    zone: vcp
`;

describe('parseTopology', () => {
  it('reports a path and the exact range of the value', () => {
    const { diagnostics } = parseTopology(BASE, { file: 'topology.yaml' });
    expect(diagnostics).toHaveLength(1);
    const d = diagnostics[0]!;
    expect(d).toMatchObject({
      severity: 'error',
      code: 'EGS3106',
      file: 'topology.yaml',
      path: 'nodes[0].zone',
      message: 'unknown zone "vcp" (did you mean "vpc"?)',
    });
    const offset = BASE.indexOf('vcp');
    expect(d.range).toEqual({
      start: { line: 9, column: 11, offset },
      end: { line: 9, column: 14, offset: offset + 3 },
    });
  });

  it('points at the key of an unknown key, and at the item of a missing one', () => {
    const text = 'name: x\nnodes:\n  - id: a\n    adresses: [10.0.0.1]\n';
    const { diagnostics } = parseTopology(text);
    const unknown = diagnostics.find((d) => d.code === 'EGS3009')!;
    expect(unknown.path).toBe('nodes[0].adresses');
    expect(unknown.range?.start).toMatchObject({ line: 4, column: 5 });
    expect(unknown.range?.end).toMatchObject({ line: 4, column: 13 });
    const missing = diagnostics.find((d) => d.path === 'nodes[0].kind')!;
    expect(missing.code).toBe('EGS3011');
    expect(missing.range?.start).toMatchObject({ line: 3, column: 5 });
  });

  it('gives every diagnostic about a field both a path and a range', () => {
    const text = `name: x
zones:
  - {id: VPC, kind: interal, cidrs: [10.0.0.1/8, nope]}
nodes:
  - {id: a, kind: notebok, zone: vpc, roles: [Bad], addresses: [x], hosts: [A..b], position: {x: a, y: 1}}
  - {id: a, kind: generic, zone: VPC}
edges:
  - {from: a, to: b, service: tcp/0}
  - {from: a, to: a, service: tcp}
`;
    const { diagnostics } = parseTopology(text, { file: 't.yaml' });
    expect(diagnostics.length).toBeGreaterThan(10);
    for (const d of diagnostics) {
      expect(d.path, d.message).toMatch(/^(zones|nodes|edges)\[\d+\]/);
      expect(d.range, d.message).toBeDefined();
      expect(d.file).toBe('t.yaml');
      // The range covers text on the reported line.
      expect(d.range!.end.offset).toBeGreaterThanOrEqual(d.range!.start.offset);
    }
  });

  it('keeps the document path when an unreadable item shifts the ones after it', () => {
    const text =
      'name: x\nzones:\n  - id: vpc\n    kind: internal\nnodes:\n  - 12\n  - {id: b, kind: generic, zone: vcp}\n';
    const { diagnostics, topology } = parseTopology(text);
    expect(topology?.nodes.map((n) => n.id)).toEqual(['b']);
    const zone = diagnostics.find((d) => d.code === 'EGS3106')!;
    expect(zone.path).toBe('nodes[1].zone');
    expect(zone.range?.start.line).toBe(7);
  });

  it('normalises what it reads: canonical CIDRs, lower-case hosts, integer positions, services', () => {
    const text = `name: n
zones:
  - {id: vpc, kind: internal, cidrs: [10.0.0.9/16, "2001:DB8:0:0::/32"]}
nodes:
  - id: a
    kind: generic
    zone: vpc
    addresses: ["2001:db8:0:0:0:0:0:1", 10.0.0.7/24]
    hosts: [API.Example.COM.]
    position: {x: 10.6, y: -0.4}
edges:
  - {from: a, to: a, service: TCP/0443}
`;
    const { topology } = parseTopology(text);
    expect(topology?.zones[0]?.cidrs).toEqual(['10.0.0.0/16', '2001:db8::/32']);
    expect(topology?.nodes[0]).toMatchObject({
      addresses: ['2001:db8::1', '10.0.0.0/24'],
      hosts: ['api.example.com'],
      position: { x: 11, y: 0 },
    });
    expect(Object.is(topology?.nodes[0]?.position?.y, 0)).toBe(true);
    expect(topology?.edges[0]?.service).toBe('tcp/443');
  });

  it('reads a file without a version as version 1', () => {
    const { topology, diagnostics } = parseTopology('name: x\n');
    expect(diagnostics).toEqual([]);
    expect(topology).toEqual({ version: 1, name: 'x', zones: [], nodes: [], edges: [] });
  });

  it('refuses a newer format with a message to upgrade, and returns no topology', () => {
    const { topology, diagnostics } = parseTopology(
      `version: ${TOPOLOGY_FORMAT_VERSION + 1}\nname: x\n`,
    );
    expect(topology).toBeNull();
    expect(diagnostics.map((d) => d.code)).toEqual(['EGS3006']);
    expect(diagnostics[0]?.message).toContain('upgrade Egress Studio');
  });

  it('returns a topology with its problems reported when values are wrong', () => {
    const { topology, diagnostics } = parseTopology(BASE);
    expect(hasErrors(diagnostics)).toBe(true);
    expect(topology?.nodes[0]?.zone).toBe('vcp');
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const result = parseTopology(text);
        expect(Array.isArray(result.diagnostics)).toBe(true);
        if (result.topology === null) expect(hasErrors(result.diagnostics)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on any YAML data, and names the place of every field problem', () => {
    const any = fc.anything({ maxDepth: 2, maxKeys: 4 });
    const data = fc.oneof(
      any,
      fc.record({
        version: any,
        name: any,
        zones: fc.array(fc.dictionary(fc.constantFrom('id', 'kind', 'cidrs', 'label', 'x'), any)),
        nodes: fc.array(
          fc.dictionary(
            fc.constantFrom(
              'id',
              'kind',
              'zone',
              'roles',
              'addresses',
              'hosts',
              'position',
              'note',
            ),
            any,
          ),
        ),
        edges: fc.array(fc.dictionary(fc.constantFrom('from', 'to', 'service', 'note'), any)),
      }),
    );
    fc.assert(
      fc.property(data, (value) => {
        let text: string | undefined;
        try {
          text = stringify(value) as string | undefined;
        } catch {
          return; // not representable as YAML
        }
        if (typeof text !== 'string') return;
        const result = parseTopology(text);
        for (const d of result.diagnostics) expect(d.range).toBeDefined();
      }),
      { numRuns: 100 },
    );
  });
});

describe('format migrations', () => {
  // A synthetic format 2 that renamed `nodes[].addresses` to `nodes[].ips`.
  const FORMAT_2: TopologyFormat = {
    version: 2,
    migrations: [
      {
        from: 1,
        description: 'test: nothing changes but the number',
        up: (raw) => raw,
      },
    ],
  };
  const RENAME: TopologyFormat = {
    version: 2,
    migrations: [
      {
        from: 1,
        description: 'test: "addr" became "addresses"',
        up: (raw) => ({
          ...raw,
          nodes: (raw.nodes as Record<string, unknown>[]).map(({ addr, ...n }) => ({
            ...n,
            addresses: addr,
          })),
        }),
      },
    ],
  };

  it('applies the up-migrations of older files before validation', () => {
    const text =
      'version: 1\nname: x\nzones: [{id: z, kind: internal}]\nnodes:\n  - {id: a, kind: generic, zone: z, addr: [10.0.0.1]}\n';
    // Read with today's format, `addr` is an unknown key …
    expect(parseTopology(text).diagnostics.map((d) => d.code)).toEqual(['EGS3009']);
    // … read with the synthetic format 2, the migration turns it into addresses.
    const { topology, diagnostics } = parseTopology(text, { format: RENAME });
    expect(diagnostics).toEqual([]);
    expect(topology?.version).toBe(2);
    expect(topology?.nodes[0]?.addresses).toEqual(['10.0.0.1']);
  });

  it('reads a file of the current format without migrating', () => {
    const { topology, diagnostics } = parseTopology('version: 2\nname: x\n', { format: FORMAT_2 });
    expect(diagnostics).toEqual([]);
    expect(topology?.version).toBe(2);
  });

  it('reports a migration that fails, naming the versions', () => {
    const broken: TopologyFormat = {
      version: 2,
      migrations: [
        {
          from: 1,
          description: 'test: throws',
          up: () => {
            throw new Error('nodes must be a list');
          },
        },
      ],
    };
    const { topology, diagnostics } = parseTopology('name: x\n', { format: broken });
    expect(topology).toBeNull();
    expect(diagnostics.map((d) => [d.code, d.path, d.message])).toEqual([
      [
        'EGS3008',
        'version',
        'cannot upgrade the topology from format version 1 to 2: nodes must be a list; fix the file by hand following the release notes, or report the problem',
      ],
    ]);
  });

  it('reports a missing step in the migration list', () => {
    const result = migrateTopology({ name: 'x' }, 1, {
      version: 3,
      migrations: FORMAT_2.migrations,
    });
    expect(result).toEqual({ ok: false, from: 2, to: 3, reason: 'no migration is defined' });
  });

  it('has no migrations yet: version 1 is the first format', () => {
    expect(migrateTopology({ name: 'x', version: 1 }, 1)).toEqual({ ok: true, raw: { name: 'x' } });
  });
});
