/**
 * fast-check arbitraries for topology round trips: models whose values are already in
 * canonical form (what `parseTopology` returns), with free text that stresses YAML quoting
 * (quotes, colons, `#`, leading spaces, new lines, numbers and booleans as text).
 */
import fc from 'fast-check';
import type { Topology, TopologyEdge, TopologyNode, Zone } from '../../simulator/core/model.js';
import { formatCidr, formatIp } from '../../simulator/net/ip.js';
import { NODE_KIND_IDS } from '../../simulator/topology/index.js';

const id = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,12}$/);
const role = fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/);

/** Text that looks like YAML syntax or other scalar types, to test quoting. */
const tricky = fc.constantFrom(
  'yes',
  'no',
  'null',
  '~',
  'true',
  '0x1F',
  '1e3',
  '- item',
  'key: value',
  '# not a comment',
  "it's",
  '"quoted"',
  ' leading space',
  'trailing space ',
  'multi\nline',
  'tab\there',
  '[flow]',
  '{map}',
  '&anchor',
  '*alias',
  '!tag',
  '@at',
  '%percent',
  '| pipe',
  '> fold',
  '10.0.0.0/16',
  'ünïcødé ✓',
);
const text = fc.oneof(
  fc.string({ minLength: 1, maxLength: 30 }),
  tricky,
  fc.string({ unit: 'grapheme', minLength: 1 }),
);
const optionalText = fc.option(text, { nil: undefined });

const v4 = fc.tuple(fc.nat(0xffffffff), fc.integer({ min: 0, max: 32 })).map(([value, prefix]) => {
  const v = BigInt(value);
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(32 - prefix);
  return { family: 4 as const, value: v & mask, prefix };
});
const v6 = fc
  .tuple(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: 128 }))
  .map(([value, prefix]) => {
    const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(128 - prefix);
    return { family: 6 as const, value: value & mask, prefix };
  });
const cidr = fc.oneof(v4, v6).map(formatCidr);
const address = fc.oneof(
  cidr,
  fc.oneof(v4, v6).map((c) => formatIp({ family: c.family, value: c.value })),
);
const host = fc.domain().map((d) => d.toLowerCase());
const position = fc.record({
  x: fc.integer({ min: -100000, max: 100000 }),
  y: fc.integer({ min: -100000, max: 100000 }),
});
const service = fc.oneof(
  fc.constant('icmp'),
  fc
    .tuple(fc.constantFrom('tcp', 'udp'), fc.integer({ min: 1, max: 65535 }))
    .map(([p, n]) => `${p}/${n}`),
  fc
    .tuple(
      fc.constantFrom('tcp', 'udp'),
      fc.integer({ min: 1, max: 65534 }),
      fc.integer({ min: 1, max: 1000 }),
    )
    .map(([p, lo, span]) => `${p}/${lo}-${Math.min(65535, lo + span)}`),
);

/** `base` plus the entries of `extra` that are defined (absent optional fields stay absent). */
function withOptional<T extends object>(base: T, extra: Record<string, unknown>): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[k] = v;
  return out as T;
}

const zone: fc.Arbitrary<Zone> = fc
  .record({
    id,
    kind: fc.constantFrom('internal' as const, 'external' as const),
    label: optionalText,
    cidrs: fc.array(cidr, { maxLength: 4 }),
  })
  .map(({ label, ...z }) => withOptional(z, { label }));

function nodeIn(zones: string[]): fc.Arbitrary<TopologyNode> {
  return fc
    .record({
      id,
      kind: fc.constantFrom(...NODE_KIND_IDS, 'not-a-kind'),
      label: optionalText,
      zone: zones.length > 0 ? fc.constantFrom(...zones) : id,
      roles: fc.array(role, { maxLength: 3 }),
      addresses: fc.array(address, { maxLength: 3 }),
      hosts: fc.array(host, { maxLength: 12 }),
      position: fc.option(position, { nil: undefined }),
      note: optionalText,
    })
    .map(({ label, position, note, ...n }) => withOptional(n, { label, position, note }));
}

function edgeBetween(nodes: string[]): fc.Arbitrary<TopologyEdge> {
  const end = nodes.length > 0 ? fc.constantFrom(...nodes) : id;
  return fc
    .record({ from: end, to: end, service, note: optionalText })
    .map(({ note, ...e }) => withOptional(e, { note }));
}

export const topologyArbitrary: fc.Arbitrary<Topology> = fc
  .tuple(text, fc.array(zone, { maxLength: 4 }))
  .chain(([name, zones]) =>
    fc.array(nodeIn(zones.map((z) => z.id)), { maxLength: 6 }).chain((nodes) =>
      fc.array(edgeBetween(nodes.map((n) => n.id)), { maxLength: 6 }).map((edges) => ({
        version: 1,
        name,
        zones,
        nodes,
        edges,
      })),
    ),
  );
