/**
 * The addresses a `role:`, `node:` or `zone:` item covers, as a firewall sees them: the set
 * of IPs for which the engine's own resolution (docs/language.md "Resolution") says the item matches.
 *
 * Naively compiling `role:trainer` to the trainer nodes' addresses is wrong whenever
 * addresses nest: an IP inside a trainer's 10.0.0.0/16 but also inside another node's
 * 10.0.1.0/24 resolves to the other node (longest prefix), so the rule must not match it.
 * Instead the address space is cut at every CIDR boundary the topology mentions; inside
 * each elementary interval every address resolves alike, so resolving one representative
 * per interval with the engine's resolver gives the exact region of every item.
 */
import type { SourceItem, Topology, TopologyNode } from '../../core/model.js';
import { indexTopology, resolveFlow, type TopologyIndex } from '../../engine/index.js';
import { formatIp, parseCidr } from '../../net/ip.js';
import type { Cidr, IpFamily } from '../../net/ip.js';
import { AddressSet, cidrInterval, familyMax, type Interval } from './address-set.js';

/** How every address of one elementary interval resolves. */
export interface RegionCell extends Interval {
  /** Node the address resolves to (as a source and as a host-less destination). */
  node: TopologyNode | null;
  /** Source zone (the node's zone, else the longest zone CIDR). */
  zone: string | null;
  /** True when the outbound-only guard treats the address as an external source. */
  external: boolean;
}

export type TopologyItem =
  { kind: 'role'; name: string } | { kind: 'node'; name: string } | { kind: 'zone'; name: string };

function topologyCidrs(topology: Topology | undefined): Cidr[] {
  const out: Cidr[] = [];
  const add = (text: string): void => {
    const parsed = parseCidr(text);
    if (parsed) out.push(parsed.cidr);
  };
  for (const zone of topology?.zones ?? []) zone.cidrs.forEach(add);
  for (const node of topology?.nodes ?? []) node.addresses.forEach(add);
  return out;
}

export class TopologyRegions {
  private readonly index: TopologyIndex;
  private readonly cells: Record<IpFamily, RegionCell[]>;
  private readonly zoneCidrs = new Map<string, AddressSet>();
  private readonly cache = new Map<string, AddressSet>();
  private readonly internalZones: AddressSet;

  constructor(readonly topology: Topology | undefined) {
    this.index = indexTopology(topology);
    const cidrs = topologyCidrs(topology);
    this.cells = { 4: this.buildCells(4, cidrs), 6: this.buildCells(6, cidrs) };
    for (const zone of topology?.zones ?? []) {
      const set = AddressSet.fromTexts(zone.cidrs);
      const previous = this.zoneCidrs.get(zone.id);
      this.zoneCidrs.set(zone.id, previous ? previous.union(set) : set);
    }
    const internal = new Set(
      (topology?.zones ?? []).filter((z) => z.kind === 'internal').map((z) => z.id),
    );
    this.internalZones = [...internal].reduce(
      (set, id) => set.union(this.zoneCidrSet(id)),
      AddressSet.fromTexts(
        (topology?.nodes ?? []).filter((n) => internal.has(n.zone)).flatMap((n) => n.addresses),
      ),
    );
  }

  private buildCells(family: IpFamily, cidrs: Cidr[]): RegionCell[] {
    const starts = new Set<bigint>([0n]);
    for (const c of cidrs) {
      if (c.family !== family) continue;
      const { lo, hi } = cidrInterval(c);
      starts.add(lo);
      if (hi < familyMax(family)) starts.add(hi + 1n);
    }
    const sorted = [...starts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return sorted.map((lo, i) => {
      const hi = i + 1 < sorted.length ? sorted[i + 1]! - 1n : familyMax(family);
      const text = formatIp({ family, value: lo });
      const r = resolveFlow(this.index, { src: text, ip: text, proto: 'tcp', port: 1 });
      return {
        lo,
        hi,
        node: r.destination.node,
        zone: r.source.zone,
        external: r.source.external,
      };
    });
  }

  private region(key: string, test: (cell: RegionCell, family: IpFamily) => boolean): AddressSet {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const pick = (family: IpFamily): Interval[] =>
      this.cells[family].filter((c) => test(c, family)).map((c) => ({ lo: c.lo, hi: c.hi }));
    const set = AddressSet.fromIntervals(pick(4), pick(6));
    this.cache.set(key, set);
    return set;
  }

  /**
   * The elementary intervals of one family, in address order, covering the whole family:
   * every address of one interval resolves alike (node, zone, guard).
   */
  cellsOf(family: IpFamily): readonly RegionCell[] {
    return this.cells[family];
  }

  /** True when the topology declares an internal zone, so that the inbound guard applies. */
  get hasGuard(): boolean {
    return this.index.hasInternalZone;
  }

  /**
   * Every address inside an internal zone: the zones' CIDRs and the addresses of their nodes.
   * Empty when the topology declares no internal zone.
   */
  internalZoneAddresses(): AddressSet {
    return this.internalZones;
  }

  /** Source addresses the outbound-only guard lets through (all of them without a guard). */
  internalSources(): AddressSet {
    return this.region('internal', (c) => !c.external);
  }

  /** Source IPs for which `role:`/`node:`/`zone:` matches. */
  sourceRegion(item: TopologyItem): AddressSet {
    return this.region(`src ${item.kind}:${item.name}`, (c) => {
      switch (item.kind) {
        case 'role':
          return c.node !== null && c.node.roles.includes(item.name);
        case 'node':
          return c.node !== null && c.node.id === item.name;
        case 'zone':
          return c.zone === item.name;
      }
    });
  }

  /**
   * Destination IPs for which `role:`/`node:`/`zone:` matches a flow that names no host: the
   * node the IP belongs to (longest prefix), and for a zone also any IP inside its CIDRs.
   */
  destinationRegion(item: TopologyItem): AddressSet {
    const zoneCidrs = item.kind === 'zone' ? this.zoneCidrs.get(item.name) : undefined;
    return this.region(`dst ${item.kind}:${item.name}`, (c, family) => {
      switch (item.kind) {
        case 'role':
          return c.node !== null && c.node.roles.includes(item.name);
        case 'node':
          return c.node !== null && c.node.id === item.name;
        case 'zone':
          return (
            (c.node !== null && c.node.zone === item.name) ||
            (zoneCidrs !== undefined && zoneCidrs.contains(family, c.lo))
          );
      }
    });
  }

  /** A zone's own CIDRs (a `zone:` destination matches any IP inside them). */
  zoneCidrSet(zone: string): AddressSet {
    return this.zoneCidrs.get(zone) ?? AddressSet.EMPTY;
  }

  /**
   * The source addresses of a rule's `from` items (`null` for `any`), and the nodes whose
   * traffic those addresses cannot recognise: nodes named by `role:`/`node:` that have no
   * addresses (or are not in the topology at all), and address-less nodes of a `zone:` that
   * has no CIDRs either (with CIDRs, their traffic comes from the zone's addresses).
   */
  sourceAddresses(items: readonly SourceItem[]): {
    set: AddressSet | null;
    unrecognised: string[];
  } {
    if (items.some((i) => i.kind === 'any')) return { set: null, unrecognised: [] };
    let set = AddressSet.EMPTY;
    const unrecognised = new Set<string>();
    for (const item of items) {
      if (item.kind === 'any') continue;
      if (item.kind === 'cidr') {
        set = set.union(AddressSet.fromTexts([item.cidr]));
        continue;
      }
      set = set.union(this.sourceRegion(item));
      const nodes = this.designatedNodes(item);
      if (item.kind === 'node' && nodes.length === 0) unrecognised.add(item.name);
      if (item.kind === 'zone' && !this.zoneCidrSet(item.name).isEmpty()) continue;
      for (const n of nodes) if (nodeAddresses(n).isEmpty()) unrecognised.add(n.id);
    }
    return { set, unrecognised: [...unrecognised] };
  }

  /** The nodes an item designates, in file order (a source or destination node, role or zone). */
  designatedNodes(item: TopologyItem): TopologyNode[] {
    const nodes = this.topology?.nodes ?? [];
    switch (item.kind) {
      case 'role':
        return nodes.filter((n) => n.roles.includes(item.name));
      case 'node':
        return nodes.filter((n) => n.id === item.name);
      case 'zone':
        return nodes.filter((n) => n.zone === item.name);
    }
  }

  /** The node a host name resolves to: the first node listing it (docs/language.md step 3). */
  nodeOfHost(host: string): TopologyNode | null {
    const position = this.index.nodeByHost.get(host);
    return position === undefined ? null : this.index.nodes[position]!.record;
  }

  /** Every host listed by some node, each with the node it resolves to, in file order. */
  listedHosts(): { host: string; node: TopologyNode }[] {
    const out: { host: string; node: TopologyNode }[] = [];
    for (const [host, position] of this.index.nodeByHost) {
      out.push({ host, node: this.index.nodes[position]!.record });
    }
    return out;
  }
}

/** A node's own addresses as a set (the addresses it answers on). */
export function nodeAddresses(node: TopologyNode): AddressSet {
  return AddressSet.fromTexts(node.addresses);
}
