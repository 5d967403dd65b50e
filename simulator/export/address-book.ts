/**
 * What the topology says about addresses, for exporters whose targets see addresses but
 * not names or nodes: which addresses each node owns, what address set a `to` item stands
 * for, and whether a `from` item covers a node's traffic.
 *
 * The model matches `node:N` by the flow's host or by the node owning its IP (longest
 * prefix, ties to the first node in the file). An address-based target can only follow
 * the second, so exports assume *consistent* flows: a flow that names a host of node N
 * goes to an address that N owns. Under that assumption `node:N` is exactly `owned(N)`.
 */
import type { DestinationItem, SourceItem, Topology, TopologyNode, Zone } from '../core/model.js';
import { cidrContainsIp, parseCidr } from '../net/ip.js';
import type { Cidr, IpAddress } from '../net/ip.js';
import { firstAddressOf } from '../engine/node-address.js';
import {
  EMPTY_SET,
  FULL_SET,
  cidrSet,
  cidrTextSet,
  containsIp,
  isEmpty,
  isSubset,
  overlaps,
  subtract,
  unionAll,
} from './model/ip-set.js';
import type { IpSet } from './model/ip-set.js';
import type { NamePattern } from './model/name-addresses.js';

export type { NamePattern };

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

export class AddressBook {
  readonly topology: Topology | undefined;
  private readonly ownedCache = new Map<string, IpSet>();
  private readonly addressCidrs = new Map<string, Cidr[]>();
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

  constructor(topology: Topology | undefined) {
    this.topology = topology;
    for (const node of topology?.nodes ?? []) {
      this.addressCidrs.set(
        node.id,
        node.addresses.flatMap((a) => {
          const parsed = parseCidr(a);
          return parsed ? [parsed.cidr] : [];
        }),
      );
    }
    this.hasInternalZone = (topology?.zones ?? []).some((z) => z.kind === 'internal');
  }

  get nodes(): readonly TopologyNode[] {
    return this.topology?.nodes ?? [];
  }

  zone(id: string): Zone | undefined {
    return this.topology?.zones.find((z) => z.id === id);
  }

  /**
   * A node whose traffic the outbound-only guard lets through to the rules: in an internal
   * zone, or anywhere when the topology declares no internal zone (docs/language.md step 2).
   */
  isInternal(node: TopologyNode): boolean {
    if (!this.hasInternalZone) return true;
    return this.zone(node.zone)?.kind === 'internal';
  }

  get internalNodes(): TopologyNode[] {
    return this.nodes.filter((n) => this.isInternal(n));
  }

  /** The addresses whose longest-prefix owner is `nodeId` (ties: first node in the file). */
  owned(nodeId: string): IpSet {
    const cached = this.ownedCache.get(nodeId);
    if (cached) return cached;
    const nodes = this.nodes;
    const position = nodes.findIndex((n) => n.id === nodeId);
    const parts: IpSet[] = [];
    for (const mine of this.addressCidrs.get(nodeId) ?? []) {
      const beaten: IpSet[] = [];
      nodes.forEach((other, otherPosition) => {
        if (other.id === nodeId) return;
        for (const theirs of this.addressCidrs.get(other.id) ?? []) {
          const inside =
            theirs.family === mine.family &&
            theirs.prefix >= mine.prefix &&
            cidrContainsIp(mine, { family: theirs.family, value: theirs.value });
          const wins =
            theirs.prefix > mine.prefix ||
            (theirs.prefix === mine.prefix && otherPosition < position);
          if (inside && wins) beaten.push(cidrSet(theirs));
        }
      });
      parts.push(subtract(cidrSet(mine), unionAll(beaten)));
    }
    const result = unionAll(parts);
    this.ownedCache.set(nodeId, result);
    return result;
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
        const index = this.index;
        const nodes =
          (item.kind === 'node'
            ? index.byId
            : item.kind === 'role'
              ? index.byRole
              : index.byZone
          ).get(item.name) ?? [];
        const zoneCidrs =
          item.kind === 'zone'
            ? unionAll((this.zone(item.name)?.cidrs ?? []).map(cidrTextSet))
            : EMPTY_SET;
        const names: NamePattern[] = [];
        const nameOnly: string[] = [];
        for (const n of nodes) {
          if (isEmpty(this.owned(n.id)) && n.hosts.length > 0) {
            names.push(...n.hosts.map((h) => ({ name: h, wildcard: false })));
            nameOnly.push(`node ${n.id} (known only by name: ${n.hosts.join(', ')})`);
          }
        }
        return {
          ips: unionAll([this.ownedBy(nodes), zoneCidrs]),
          names,
          nameOnly,
          unresolved: null,
        };
      }
    }
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
        item.kind === 'role'
          ? index.byRole.get(item.name)
          : item.kind === 'node'
            ? index.byId.get(item.name)
            : item.kind === 'zone'
              ? index.byZone.get(item.name)
              : this.nodes;
      for (const node of named ?? []) candidates.add(node);
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

interface NodeIndex {
  byRole: Map<string, TopologyNode[]>;
  byId: Map<string, TopologyNode[]>;
  byZone: Map<string, TopologyNode[]>;
  position: Map<TopologyNode, number>;
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
