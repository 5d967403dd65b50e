/**
 * What the topology's nodes mean to targets that select sources by node (pods by role
 * label, instances by tag, security groups) and see destinations as addresses: which
 * addresses each node owns, what address set a `to` item stands for, and how much of a
 * node's traffic a `from` clause covers. Read from the topology regions, so that a node owns
 * exactly the addresses the engine resolves to it (longest prefix, ties to the first node in
 * the file).
 *
 * The model matches `node:N` by the flow's host or by the node owning its IP. An
 * address-based target can only follow the second, so exports assume *consistent* flows: a
 * flow that names a host of node N goes to an address that N owns. Under that assumption
 * `node:N` is exactly the addresses N owns.
 */
import type { DestinationItem, SourceItem, Topology, TopologyNode } from '../../core/model.js';
import type { IpAddress } from '../../net/ip.js';
import { firstAddressOf } from '../../engine/node-address.js';
import { AddressSet, type Interval } from './address-set.js';
import {
  EMPTY_SET,
  FULL_SET,
  cidrTextSet,
  containsIp,
  isEmpty,
  isSubset,
  overlaps,
  unionAll,
} from './ip-set.js';
import type { IpSet } from './ip-set.js';
import type { NamePattern } from './name-addresses.js';
import { TopologyRegions } from './topology-regions.js';

export interface ResolvedDestination {
  /** The addresses the item covers (for consistent flows). */
  ips: IpSet;
  /** Names the item matches by host only (domains, wildcards, hosts of address-less nodes). */
  names: NamePattern[];
  /** Why part of the item has no address form: `api.openai.com (a name)`, … */
  nameOnly: string[];
  /** Set when the item cannot be resolved at all (no topology for `node:`, `role:`, `zone:`). */
  unresolved: string | null;
}

/** How much of a source's traffic a `from` clause covers. */
export type Applicability = 'all' | 'none' | 'some';

interface NodeIndex {
  byRole: Map<string, TopologyNode[]>;
  byId: Map<string, TopologyNode[]>;
  byZone: Map<string, TopologyNode[]>;
  position: Map<TopologyNode, number>;
}

export class NodeCoverage {
  readonly topology: Topology | undefined;
  readonly regions: TopologyRegions;
  private ownedByNode: Map<string, IpSet> | null = null;
  private readonly hasInternalZone: boolean;
  private readonly rangeCache = new Map<string, IpSet>();
  private readonly coverCache = new Map<string, ReadonlyMap<string, Applicability>>();
  private readonly coverByClause = new WeakMap<
    readonly SourceItem[],
    ReadonlyMap<string, Applicability>
  >();
  private readonly firstAddresses = new Map<string, IpAddress | null>();
  private nodeIndex: NodeIndex | null = null;
  private readonly destinationCache = new WeakMap<DestinationItem, ResolvedDestination>();

  constructor(topology: Topology | undefined, regions?: TopologyRegions) {
    this.topology = topology;
    this.regions = regions ?? new TopologyRegions(topology);
    this.hasInternalZone = (topology?.zones ?? []).some((z) => z.kind === 'internal');
  }

  get nodes(): readonly TopologyNode[] {
    return this.topology?.nodes ?? [];
  }

  /**
   * A node whose traffic the outbound-only guard lets through to the rules: in an internal
   * zone, or anywhere when the topology declares no internal zone (docs/language.md
   * "Resolution").
   */
  isInternal(node: TopologyNode): boolean {
    if (!this.hasInternalZone) return true;
    return this.topology?.zones.find((z) => z.id === node.zone)?.kind === 'internal';
  }

  get internalNodes(): TopologyNode[] {
    return this.nodes.filter((n) => this.isInternal(n));
  }

  /** The addresses the engine resolves to `nodeId` as a destination. */
  owned(nodeId: string): IpSet {
    if (this.ownedByNode === null) this.ownedByNode = this.ownedSets();
    return this.ownedByNode.get(nodeId) ?? EMPTY_SET;
  }

  /** Every node's addresses in one pass over the regions' cells. */
  private ownedSets(): Map<string, IpSet> {
    const parts = new Map<string, { v4: Interval[]; v6: Interval[] }>();
    for (const family of [4, 6] as const) {
      for (const cell of this.regions.cellsOf(family)) {
        if (cell.node === null) continue;
        let part = parts.get(cell.node.id);
        if (part === undefined) {
          part = { v4: [], v6: [] };
          parts.set(cell.node.id, part);
        }
        (family === 4 ? part.v4 : part.v6).push({ lo: cell.lo, hi: cell.hi });
      }
    }
    const out = new Map<string, IpSet>();
    for (const [id, part] of parts) out.set(id, AddressSet.fromIntervals(part.v4, part.v6));
    return out;
  }

  /** Everything owned by nodes of the given list. */
  ownedBy(nodes: readonly TopologyNode[]): IpSet {
    return unionAll(nodes.map((n) => this.owned(n.id)));
  }

  /** The address set (and name-only parts) of a `to` item, under the consistency assumption. */
  resolveDestination(item: DestinationItem): ResolvedDestination {
    let resolved = this.destinationCache.get(item);
    if (resolved === undefined) {
      resolved = this.resolveDestinationOnce(item);
      this.destinationCache.set(item, resolved);
    }
    return resolved;
  }

  private resolveDestinationOnce(item: DestinationItem): ResolvedDestination {
    const none: ResolvedDestination = { ips: EMPTY_SET, names: [], nameOnly: [], unresolved: null };
    switch (item.kind) {
      case 'any':
        return { ...none, ips: FULL_SET };
      case 'cidr':
        return { ...none, ips: cidrTextSet(item.cidr) };
      case 'domain':
        return {
          ...none,
          names: [{ name: item.domain, wildcard: false }],
          nameOnly: [item.domain],
        };
      case 'wildcard':
        return {
          ...none,
          names: [{ name: item.suffix, wildcard: true }],
          nameOnly: [`*.${item.suffix}`],
        };
      case 'node':
      case 'role':
      case 'zone': {
        if (this.topology === undefined) {
          return { ...none, unresolved: `${item.kind}:${item.name} (no topology to resolve it)` };
        }
        const names: NamePattern[] = [];
        const nameOnly: string[] = [];
        for (const n of this.designated(item)) {
          if (isEmpty(this.owned(n.id)) && n.hosts.length > 0) {
            names.push(...n.hosts.map((h) => ({ name: h, wildcard: false })));
            nameOnly.push(`node ${n.id} (known only by name: ${n.hosts.join(', ')})`);
          }
        }
        return { ips: this.regions.destinationRegion(item), names, nameOnly, unresolved: null };
      }
    }
  }

  /** The nodes a `role:`, `node:` or `zone:` item names, in file order. */
  private designated(item: { kind: 'role' | 'node' | 'zone'; name: string }): TopologyNode[] {
    const index = this.index;
    const map =
      item.kind === 'node' ? index.byId : item.kind === 'role' ? index.byRole : index.byZone;
    return map.get(item.name) ?? [];
  }

  /** How much of `node`'s traffic one `from` item covers. */
  private itemApplicability(item: SourceItem, node: TopologyNode): Applicability {
    switch (item.kind) {
      case 'any':
        return 'all';
      case 'role':
        return node.roles.includes(item.name) ? 'all' : 'none';
      case 'node':
        return node.id === item.name ? 'all' : 'none';
      case 'zone':
        return node.zone === item.name ? 'all' : 'none';
      case 'cidr': {
        // A node's traffic comes from its first address (flows naming the node) and from
        // every address it owns (flows naming an IP).
        const range = this.range(item.cidr);
        const owned = this.owned(node.id);
        const first = this.firstAddress(node);
        const firstIn = first !== null && containsIp(range, first);
        if (isEmpty(owned) && first === null) return 'none';
        if (isSubset(owned, range) && (first === null || firstIn)) return 'all';
        if (!overlaps(owned, range) && !firstIn) return 'none';
        return 'some';
      }
    }
  }

  private firstAddress(node: TopologyNode): IpAddress | null {
    let first = this.firstAddresses.get(node.id);
    if (first === undefined) {
      first = firstAddressOf(node);
      this.firstAddresses.set(node.id, first);
    }
    return first;
  }

  private range(text: string): IpSet {
    let set = this.rangeCache.get(text);
    if (set === undefined) {
      set = cidrTextSet(text);
      this.rangeCache.set(text, set);
    }
    return set;
  }

  private get index(): NodeIndex {
    if (this.nodeIndex !== null) return this.nodeIndex;
    const index: NodeIndex = {
      byRole: new Map(),
      byId: new Map(),
      byZone: new Map(),
      position: new Map(this.nodes.map((n, i) => [n, i])),
    };
    const push = (map: Map<string, TopologyNode[]>, key: string, node: TopologyNode) => {
      const list = map.get(key);
      if (list) list.push(node);
      else map.set(key, [node]);
    };
    for (const node of this.nodes) {
      for (const role of node.roles) push(index.byRole, role, node);
      push(index.byId, node.id, node);
      push(index.byZone, node.zone, node);
    }
    this.nodeIndex = index;
    return index;
  }

  /**
   * The nodes a `from` clause covers at all, each with how much of its traffic: every other
   * node is `none`. Computed once per clause from the nodes each item can name (a role's,
   * a zone's, a node), so that asking about every group of a large topology stays cheap;
   * only CIDR items look at every node.
   */
  covered(items: readonly SourceItem[]): ReadonlyMap<string, Applicability> {
    const seen = this.coverByClause.get(items);
    if (seen) return seen;
    // Rules often share a `from` clause (`zone:vpc`): key by its text.
    const key = items
      .map((i) => (i.kind === 'any' ? 'any' : i.kind === 'cidr' ? i.cidr : `${i.kind}:${i.name}`))
      .join(' ');
    const cached = this.coverCache.get(key);
    if (cached) {
      this.coverByClause.set(items, cached);
      return cached;
    }
    const candidates = new Set<TopologyNode>();
    const index = this.index;
    for (const item of items) {
      const named =
        item.kind === 'any' || item.kind === 'cidr' ? this.nodes : this.designated(item);
      for (const node of named) candidates.add(node);
    }
    const out = new Map<string, Applicability>();
    // File order, so that callers iterating the map see nodes as the topology lists them.
    const ordered = [...candidates].sort((a, b) => index.position.get(a)! - index.position.get(b)!);
    for (const node of ordered) {
      const a = this.sourceApplicability(items, node);
      if (a !== 'none') out.set(node.id, a);
    }
    this.coverCache.set(key, out);
    this.coverByClause.set(items, out);
    return out;
  }

  /** How much of `node`'s traffic a whole `from` clause covers. */
  sourceApplicability(items: readonly SourceItem[], node: TopologyNode): Applicability {
    let result: Applicability = 'none';
    for (const item of items) {
      const a = this.itemApplicability(item, node);
      if (a === 'all') return 'all';
      if (a === 'some') result = 'some';
    }
    return result;
  }
}

/** `from` coverage for a group with no topology node: only `any` and the role are known. */
export function abstractApplicability(
  items: readonly SourceItem[],
  role: string | null,
): Applicability {
  let result: Applicability = 'none';
  for (const item of items) {
    if (item.kind === 'any') return 'all';
    if (item.kind === 'role') {
      if (role !== null && item.name === role) return 'all';
    } else {
      result = 'some';
    }
  }
  return result;
}
