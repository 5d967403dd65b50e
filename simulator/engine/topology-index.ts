/**
 * Indexes over a topology, computed once, that make flow resolution (docs/language.md "Resolution")
 * a handful of map look-ups and trie walks: nodes by id and by host, longest-prefix tries
 * over node addresses and zone CIDRs, and interned ids for node, zone and role names so the
 * matcher compares integers instead of strings.
 */
import type { Topology, TopologyNode, Zone } from '../core/model.js';
import { parseCidr, parseIp } from '../net/ip.js';
import type { Cidr } from '../net/ip.js';
import { normalizeDomain } from '../util/domain.js';
import { cidrV6, fastIpFrom, type FastIp } from './tuned/fast-ip.js';
import { PrefixTrie } from './tuned/ip-trie.js';
import { firstAddressOf } from './node-address.js';

export const ZONE_UNKNOWN = 0;
export const ZONE_INTERNAL = 1;
export const ZONE_EXTERNAL = 2;

export interface IndexedNode {
  record: TopologyNode;
  /** Position in `topology.nodes`. */
  position: number;
  /**
   * Position of the first node with this id: duplicate ids are a topology error, but the
   * matcher still compares names, so every node with one id shares one name id.
   */
  nameId: number;
  /** Interned zone name (see `TopologyIndex.zoneNames`). */
  zone: number;
  /** Interned role names. */
  roles: Int32Array;
  /** The node's first address (docs/language.md: the address itself or a CIDR's first host), or null. */
  firstIp: FastIp | null;
  /**
   * True when the id parses as an IP: never for a valid id, but resolution reads such a src
   * as an IP, as the reference interpreter does.
   */
  idIsIp: boolean;
}

export interface TopologyIndex {
  /** The indexed topology; undefined when the policy has none (treated as empty). */
  topology: Topology | undefined;
  nodes: IndexedNode[];
  /** First node with each id. */
  nodeById: Map<string, number>;
  /** First node listing each (normalised) host. */
  nodeByHost: Map<string, number>;
  /** Zone names: every zone id, then zone names nodes refer to without a zone record. */
  zoneNames: string[];
  zoneIdOf: Map<string, number>;
  /** Kind of the first zone record with each name (ZONE_UNKNOWN when there is none). */
  zoneKind: Int8Array;
  /** First zone record with each name. */
  zoneRecord: (Zone | undefined)[];
  roleNames: string[];
  roleIdOf: Map<string, number>;
  /** True when at least one internal zone is declared: only then can a source be external. */
  hasInternalZone: boolean;
  /** Longest-prefix tries over node addresses; payload = node position (first in file wins). */
  nodeTrieV4: PrefixTrie;
  nodeTrieV6: PrefixTrie;
  /** Longest-prefix tries over zone CIDRs; payload = zone name id (first zone in file wins). */
  zoneTrieV4: PrefixTrie;
  zoneTrieV6: PrefixTrie;
  /** Tries marking internal-zone CIDRs (payload 1), for the outbound-only guard. */
  internalTrieV4: PrefixTrie;
  internalTrieV6: PrefixTrie;
}

function intern(map: Map<string, number>, names: string[], name: string): number {
  let id = map.get(name);
  if (id === undefined) {
    id = names.length;
    names.push(name);
    map.set(name, id);
  }
  return id;
}

/** Marks `cidr` in `trie` with `payload` unless an earlier entry already holds that prefix. */
function markFirst(v4: PrefixTrie, v6: PrefixTrie, cidr: Cidr, payload: number): void {
  const node =
    cidr.family === 4
      ? v4.nodeV4(Number(cidr.value), cidr.prefix)
      : v6.nodeV6(cidrV6(cidr), cidr.prefix);
  const trie = cidr.family === 4 ? v4 : v6;
  if (trie.payload(node) < 0) trie.setPayload(node, payload);
}

const EMPTY_TOPOLOGY: Topology = { version: 1, name: '', zones: [], nodes: [], edges: [] };

/** Builds the resolution indexes; `undefined` (no topology) behaves as an empty topology. */
export function indexTopology(topology: Topology | undefined): TopologyIndex {
  const t = topology ?? EMPTY_TOPOLOGY;
  const zoneNames: string[] = [];
  const zoneIdOf = new Map<string, number>();
  const kinds: number[] = [];
  const zoneRecord: (Zone | undefined)[] = [];
  const zoneTrieV4 = new PrefixTrie();
  const zoneTrieV6 = new PrefixTrie();
  const internalTrieV4 = new PrefixTrie();
  const internalTrieV6 = new PrefixTrie();
  let hasInternalZone = false;
  for (const zone of t.zones) {
    const id = intern(zoneIdOf, zoneNames, zone.id);
    if (zoneRecord[id] === undefined) {
      zoneRecord[id] = zone;
      kinds[id] = zone.kind === 'internal' ? ZONE_INTERNAL : ZONE_EXTERNAL;
    }
    if (zone.kind === 'internal') hasInternalZone = true;
    for (const text of zone.cidrs) {
      const parsed = parseCidr(text);
      if (!parsed) continue;
      markFirst(zoneTrieV4, zoneTrieV6, parsed.cidr, id);
      if (zone.kind === 'internal') markFirst(internalTrieV4, internalTrieV6, parsed.cidr, 1);
    }
  }

  const roleNames: string[] = [];
  const roleIdOf = new Map<string, number>();
  const nodeById = new Map<string, number>();
  const nodeByHost = new Map<string, number>();
  const nodeTrieV4 = new PrefixTrie();
  const nodeTrieV6 = new PrefixTrie();
  const nodes: IndexedNode[] = t.nodes.map((record, position) => {
    if (!nodeById.has(record.id)) nodeById.set(record.id, position);
    for (const host of record.hosts) {
      const name = normalizeDomain(host);
      if (!nodeByHost.has(name)) nodeByHost.set(name, position);
    }
    for (const text of record.addresses) {
      const parsed = parseCidr(text);
      if (parsed) markFirst(nodeTrieV4, nodeTrieV6, parsed.cidr, position);
    }
    const first = firstAddressOf(record);
    return {
      record,
      position,
      nameId: nodeById.get(record.id)!,
      zone: intern(zoneIdOf, zoneNames, record.zone),
      roles: Int32Array.from(record.roles, (r) => intern(roleIdOf, roleNames, r)),
      firstIp: first ? fastIpFrom(first) : null,
      idIsIp: parseIp(record.id) !== null,
    };
  });
  for (const trie of [zoneTrieV4, internalTrieV4, nodeTrieV4]) trie.freezeV4();
  for (const trie of [zoneTrieV6, internalTrieV6, nodeTrieV6]) trie.freezeV6();
  const zoneKind = new Int8Array(zoneNames.length);
  for (let i = 0; i < zoneNames.length; i++) zoneKind[i] = kinds[i] ?? ZONE_UNKNOWN;
  while (zoneRecord.length < zoneNames.length) zoneRecord.push(undefined);

  return {
    topology,
    nodes,
    nodeById,
    nodeByHost,
    zoneNames,
    zoneIdOf,
    zoneKind,
    zoneRecord,
    roleNames,
    roleIdOf,
    hasInternalZone,
    nodeTrieV4,
    nodeTrieV6,
    zoneTrieV4,
    zoneTrieV6,
    internalTrieV4,
    internalTrieV6,
  };
}
