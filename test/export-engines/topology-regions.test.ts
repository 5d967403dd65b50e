/**
 * The address regions of `role:`/`node:`/`zone:` items and of the inbound guard must be
 * exactly the IPs for which the engine's reference resolution says the item matches — the
 * basis of every "exact" claim of the firewall and proxy exporters. Checked on random
 * topologies with nested addresses, at every CIDR edge (and inside, and just outside).
 */
import { describe, expect, it } from 'vitest';
import type { DestinationItem, Flow, SourceItem, Topology } from '../../simulator/core/model.js';
import {
  destinationItemMatches,
  resolveReference,
  sourceItemMatches,
} from '../../simulator/engine/reference.js';
import { TopologyRegions } from '../../simulator/export/model/topology-regions.js';
import { familyBits, formatIp, parseCidr, parseIp } from '../../simulator/net/ip.js';
import { node, topology, zone } from './support/model.js';
import { randomL3Project } from './support/random-l3.js';
import { randomSquidCase } from './support/random-squid.js';

/** Every CIDR edge of the topology, and a point inside each CIDR. */
function probeAddresses(t: Topology): string[] {
  const out = new Set<string>(['0.0.0.0', '255.255.255.255', '::', 'ffff::1']);
  const texts = [...t.zones.flatMap((z) => z.cidrs), ...t.nodes.flatMap((n) => n.addresses)];
  for (const text of texts) {
    const c = parseCidr(text)!.cidr;
    const size = 1n << BigInt(familyBits(c.family) - c.prefix);
    const max = (1n << BigInt(familyBits(c.family))) - 1n;
    for (const v of [
      c.value - 1n,
      c.value,
      c.value + size / 2n,
      c.value + size - 1n,
      c.value + size,
    ]) {
      if (v >= 0n && v <= max) out.add(formatIp({ family: c.family, value: v }));
    }
  }
  return [...out];
}

function items(t: Topology): { kind: 'role' | 'node' | 'zone'; name: string }[] {
  return [
    ...[...new Set(t.nodes.flatMap((n) => n.roles))].map((name) => ({
      kind: 'role' as const,
      name,
    })),
    ...t.nodes.map((n) => ({ kind: 'node' as const, name: n.id })),
    ...t.zones.map((z) => ({ kind: 'zone' as const, name: z.id })),
  ];
}

function checkTopology(t: Topology): void {
  const regions = new TopologyRegions(t);
  for (const ip of probeAddresses(t)) {
    const parsed = parseIp(ip)!;
    const flow: Flow = { src: ip, ip, proto: 'tcp', port: 1 };
    const resolved = resolveReference(t, flow);
    expect(regions.internalSources().contains(parsed.family, parsed.value), `guard at ${ip}`).toBe(
      !resolved.source.external,
    );
    for (const item of items(t)) {
      const src: SourceItem = { ...item, via: [] };
      const dst: DestinationItem = { ...item, via: [] };
      expect(
        regions.sourceRegion(item).contains(parsed.family, parsed.value),
        `from ${item.kind}:${item.name} at ${ip}`,
      ).toBe(sourceItemMatches(src, resolved));
      expect(
        regions.destinationRegion(item).contains(parsed.family, parsed.value),
        `to ${item.kind}:${item.name} at ${ip}`,
      ).toBe(destinationItemMatches(dst, resolved, t));
    }
  }
}

describe('topology regions', () => {
  it('a role minus a more specific node of another role (longest prefix wins)', () => {
    const t = topology(
      'nested',
      [zone('lan', 'internal', ['10.1.0.0/16']), zone('internet', 'external')],
      [
        node('cluster', 'lan', { roles: ['trainer'], addresses: ['10.1.0.0/16'] }),
        node('bastion', 'lan', { roles: ['admin'], addresses: ['10.1.2.0/24'] }),
        node('inner', 'lan', { roles: ['trainer'], addresses: ['10.1.2.128/25'] }),
      ],
    );
    const regions = new TopologyRegions(t);
    expect(regions.sourceRegion({ kind: 'role', name: 'trainer' }).texts(4)).toEqual([
      '10.1.0.0/23',
      '10.1.2.128/25',
      '10.1.3.0/24',
      '10.1.4.0/22',
      '10.1.8.0/21',
      '10.1.16.0/20',
      '10.1.32.0/19',
      '10.1.64.0/18',
      '10.1.128.0/17',
    ]);
    expect(regions.sourceRegion({ kind: 'node', name: 'bastion' }).texts(4)).toEqual([
      '10.1.2.0/25',
    ]);
    checkTopology(t);
  });

  it('the guard: internal zones, and nodes of internal zones outside their CIDRs', () => {
    const t = topology(
      'guard',
      [zone('lan', 'internal', ['10.0.0.0/8']), zone('partner', 'external', ['10.9.0.0/16'])],
      [
        node('remote-worker', 'lan', { addresses: ['192.0.2.7'] }),
        node('partner-box', 'partner', { addresses: ['10.9.1.1'] }),
      ],
    );
    const regions = new TopologyRegions(t);
    expect(regions.internalSources().texts(4)).toContain('192.0.2.7');
    expect(regions.internalSources().contains(4, parseIp('10.9.1.1')!.value)).toBe(false);
    expect(regions.internalSources().isEmpty(6)).toBe(true);
    checkTopology(t);
  });

  it('without internal zones every source is internal', () => {
    const regions = new TopologyRegions(topology('open', [zone('internet', 'external')], []));
    expect(regions.hasGuard).toBe(false);
    expect(regions.internalSources().isFull(4) && regions.internalSources().isFull(6)).toBe(true);
  });

  it('match the reference resolution on random topologies', () => {
    for (let seed = 1; seed <= 40; seed++) checkTopology(randomL3Project(seed * 31).topology);
    for (let seed = 1; seed <= 20; seed++) checkTopology(randomSquidCase(seed * 17, 1).topology);
  });
});
