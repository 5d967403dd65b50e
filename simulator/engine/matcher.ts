/**
 * The compiled matcher at run time. A decision:
 *
 * 1. resolves the source and the host through tables keyed by text (every topology node id
 *    and every known host precomputed at compile time, other texts cached as they come),
 *    and the ip through the tries (resolve.ts); the inbound guard comes first;
 * 2. has the candidate rules of each dimension as a few sorted rule lists: for the
 *    destination, the lists of the exact host, of each wildcard suffix of the host, of every
 *    CIDR containing the IP, of the destination node, its zone and roles, and of the
 *    `to any` rules; for the source and the service the same idea;
 * 3. picks the dimension with the fewest candidates (the destination usually has a handful),
 *    and returns the smallest rule index among those candidates whose full check passes.
 *    Each list is scanned in order only up to the best index found so far.
 *
 * Every candidate is checked on all clauses (compiled-rule.ts), so an index can only make a
 * decision slower, never different. A decision allocates nothing once its texts are known:
 * verdict objects are built once per rule and shared (frozen).
 */
import type { Flow, Verdict } from '../core/model.js';
import { PROTO_OTHER, Probe, protoCode, ruleMatches, type PackedRules } from './compiled-rule.js';
import { nameHash, type DomainIndex } from './domain-index.js';
import { MAX_MATCHES_V6, type PrefixTrie } from './tuned/ip-trie.js';
import type { PortIndex } from './port-index.js';
import {
  AddressResolution,
  hostNode,
  normalizeHost,
  resolveAddress,
  resolveFlow,
  resolveIpv4,
  resolveIpv6,
  resolveSource,
  resolveSourceAddress,
  SourceResolution,
  type ResolvedFlow,
} from './resolve.js';
import { HostTable, hostRecordWords, NO_HOST, type HostRecord } from './host-table.js';
import { TextTable } from './tuned/text-table.js';
import { ZONE_EXTERNAL, ZONE_INTERNAL, type TopologyIndex } from './topology-index.js';

/** `decide` result when the default decides. */
export const DECIDED_BY_DEFAULT = -1;
/** `decide` result when the outbound-only guard denies the flow. */
export const DECIDED_BY_INBOUND = -2;

/**
 * Rule lists, all in one array: list `id` is `data[start[id] … start[id + 1])`, holding the
 * rules' offsets in the packed code (ascending, so the first is the earliest rule). Every
 * index below refers to lists by id.
 */
export interface ListTable {
  data: Int32Array;
  start: Int32Array;
}

export interface MatcherTables {
  index: TopologyIndex;
  rules: PackedRules;
  ruleVerdicts: Verdict[];
  defaultVerdict: Verdict;
  inboundVerdict: Verdict;
  lists: ListTable;
  /** List ids of `from any`, `to any` and any-service rules (-1 when empty). */
  anySource: number;
  anyDestination: number;
  anyService: number;
  /** `node:` names the topology does not have → list id. */
  sourceByUnknownName: Map<string, number>;
  /** Per zone name id: list of rules naming the zone as a source, or -1. */
  sourceByZone: Int32Array;
  /** Per topology node: lists of rules naming it, its zone or one of its roles as a source. */
  nodeSource: Int32Array[];
  /** Per topology node: lists naming it, its zone or one of its roles as a destination. */
  nodeDestination: Int32Array[];
  nodeDestinationSize: Int32Array;
  /** Per topology node: lists of destination CIDRs containing the node's first address. */
  nodeDestinationIp: Int32Array[];
  nodeDestinationIpSize: Int32Array;
  /** Source / destination CIDR tries; payload = list id. */
  sourceV4: PrefixTrie;
  sourceV6: PrefixTrie;
  destinationV4: PrefixTrie;
  destinationV6: PrefixTrie;
  /** Exact domains and wildcard suffixes; ids are list ids. */
  domains: DomainIndex;
  /** Per protocol code: list of rules allowing the protocol on every port, or -1. */
  byProto: Int32Array;
  /** Per protocol code: port ranges; undefined when too large to index (dimension unusable). */
  ports: (PortIndex | null | undefined)[];
  methodIdOf: Map<string, number>;
}

/** Below this many candidates a dimension is scanned without looking at the others. */
const FEW = 8;
/** Texts resolved on the fly (IPs as sources, unknown hosts) kept before starting over. */
const CACHE_LIMIT = 1 << 16;
const EMPTY = new Int32Array(0);
/** A flow without an ip. */
const NO_ADDRESS = new AddressResolution();

/**
 * A resolved `src` as a record of a TextTable (text-table.ts): everything a decision reads
 * about its source in one run, `[external, nameId, zone, family, v4, v6 ×4, nameIsText,
 * size, roleCount, roles…, listCount, lists…]`, where `lists` are the source-dimension
 * candidate lists and `size` their total length.
 */
const SRC_EXTERNAL = 0;
const SRC_NAME_ID = 1;
const SRC_ZONE = 2;
const SRC_FAMILY = 3;
const SRC_V4 = 4;
const SRC_V6 = 5;
/** 1 when `node:` items compare with the src text itself (a name no topology node has). */
const SRC_NAME_IS_TEXT = 9;
const SRC_SIZE = 10;
const SRC_ROLES = 11;

/**
 * A flow in the matcher's own terms, for readers that resolve each distinct text once and
 * keep the result (csv-byte-rows.ts): the source and host as records, the ip as numbers, the
 * service and request as codes. `decide(flow)` fills one from the flow's texts and decides
 * through `decideParts`; a reader filling it with what `sourceRecord`, `ipSourceRecord`,
 * `hostRecord`, `addressOf`, `addressOfIpv4`, `addressOfIpv6` and `methodId` returned for
 * the same texts gets the same decision (test/engine/flow-parts.test.ts).
 */
export class FlowParts {
  /** The source record is `sourceData[sourceAt…]`. */
  sourceData: Int32Array = EMPTY;
  sourceAt = 0;
  /** The src text, compared by `node:` items when the record says so (a name no node has). */
  srcText = '';
  /** The host record is `hostData[hostAt…]`; `hasHost` false when the flow has none. */
  hostData: Int32Array = EMPTY;
  hostAt = 0;
  hasHost = false;
  /** The ip (family 0: none); read, never written, by the matcher. */
  address: AddressResolution = NO_ADDRESS;
  proto = PROTO_OTHER;
  /** NaN when the flow has no port. */
  port = NaN;
  /** Interned method (`methodId`), -1 when absent. */
  method = -1;
  path: string | undefined = undefined;
}

/**
 * The matcher in its own terms (FlowParts): what a reader that resolves each distinct text
 * once calls. Records and addresses it returns are the caller's to keep, except where noted.
 */
export interface PartsMatcher {
  /** The decision of a flow given as parts: `decide` of the flow they were resolved from. */
  decideParts(parts: FlowParts): number;
  /** The record of a source text (`sourceData`, at 0). */
  sourceRecord(src: string): Int32Array;
  /** The record of a source IP address (resolved): valid until the next call of this method. */
  ipSourceRecord(address: AddressResolution): Int32Array;
  /** The record of a host text (`hostData`, at 0). */
  hostRecord(host: string): Int32Array;
  /**
   * True when the host in `bytes[from, to)`, normalised (`isPlainDomainBytes`), certainly
   * matches nothing: its record is then `hostRecord('')`'s. False when it may match something
   * (ask `hostRecord`).
   */
  hostMatchesNothing(bytes: Uint8Array, from: number, to: number): boolean;
  /** An ip text, resolved (family 0 when it does not parse). */
  addressOf(ip: string): AddressResolution;
  /** Resolves the IPv4 address `v4` (int32) into `out`. */
  addressOfIpv4(v4: number, out: AddressResolution): void;
  /** Resolves the IPv6 address of four words into `out`. */
  addressOfIpv6(words: Int32Array, out: AddressResolution): void;
  /** A method's interned id; -1 when no rule names it. */
  methodId(method: string): number;
  /** A protocol's code. */
  protoCode(proto: string): number;
}

export class IndexedMatcher implements PartsMatcher {
  readonly ruleCount: number;
  readonly index: TopologyIndex;
  private readonly probe = new Probe();
  private readonly rules: PackedRules;
  private readonly code: Int32Array;
  /** Offset past the last rule: "no rule found yet". */
  private readonly end: number;
  private readonly listData: Int32Array;
  private readonly listStart: Int32Array;
  private readonly tables: MatcherTables;
  private readonly sources = new TextTable(CACHE_LIMIT);
  /** Scratch for resolving a new source text. */
  private readonly sourceResolution = new SourceResolution();
  private readonly hosts = new HostTable(CACHE_LIMIT);
  private readonly trieOut = new Int32Array(MAX_MATCHES_V6);
  /** The destination ip of the current decision (not cached: ips repeat less). */
  private readonly address = new AddressResolution();
  /** Destination candidate lists of the current decision (set by `prepare`). */
  /** Where the current host's rule offsets are in `hosts.records`. */
  private hostRulesFrom = 0;
  private hostRulesTo = 0;
  private destinationNodeLists: Int32Array = EMPTY;
  private readonly addressLists = new Int32Array(MAX_MATCHES_V6);
  private addressListCount = 0;
  private impliedIpLists: Int32Array = EMPTY;
  private destinationSize = 0;
  /** Where early reads go (kept so that the optimiser cannot drop them). */
  private warm = 0;
  /** The source records of the current decision (valid until the next source is added). */
  private sourceData: Int32Array = EMPTY;
  private readonly serviceLists = new Int32Array(3);
  private serviceListCount = 0;
  /** Method names by id. */
  private readonly methodNames: string[];
  /** The parts `decide` fills from a flow's texts. */
  private readonly ownParts = new FlowParts();
  /** Where the current decision's host record is. */
  private hostData: Int32Array = EMPTY;
  /** Scratch for source records being written (room for the longest): texts', IPv4 addresses'. */
  private readonly sourceWords: Int32Array;
  private readonly ipSourceWords: Int32Array;
  /** Per topology node: what its IPv4 sources have in common (`ipv4NodeSource`). */
  private readonly ipv4NodeSources: (Int32Array | null | undefined)[] = [];
  /** The record of a host that matches nothing, for `hostRecord`. */
  private readonly noHostRecord = Int32Array.from(hostRecordWords(NO_HOST));
  /**
   * A bit per `nameHash` (cut to the mask) of every host some rule or node names: a host whose
   * bit is clear is none of them (`hostMatchesNothing`).
   */
  private readonly knownHosts: Int32Array;
  private readonly knownHostMask: number;

  constructor(tables: MatcherTables) {
    this.tables = tables;
    this.rules = tables.rules;
    this.code = tables.rules.code;
    this.end = tables.rules.code.length;
    this.listData = tables.lists.data;
    this.listStart = tables.lists.start;
    this.ruleCount = tables.rules.count;
    this.index = tables.index;
    this.methodNames = [...tables.methodIdOf.keys()];
    let room = 0;
    for (let n = 0; n < tables.index.nodes.length; n++) {
      const record = tables.index.nodes[n]!.roles.length + tables.nodeSource[n]!.length;
      if (record > room) room = record;
    }
    // Header, roles and node lists, list count, `from any`, and a name's or zone's lists or
    // the CIDRs containing the address.
    this.sourceWords = new Int32Array(SRC_ROLES + 1 + room + 1 + 3 + MAX_MATCHES_V6);
    this.ipSourceWords = this.sourceWords.slice();
    for (const [id, position] of tables.index.nodeById) {
      if (!tables.index.nodes[position]!.idIsIp)
        this.sources.insert(id, this.computeSource(id), true);
    }
    for (const host of tables.domains.exactDomains()) {
      this.hosts.addBuilt(host, this.computeHost(host));
    }
    for (const host of tables.index.nodeByHost.keys()) {
      if (this.hosts.get(host) < 0) this.hosts.addBuilt(host, this.computeHost(host));
    }
    // About 64 bits per named host: one host in 64 that matches nothing is asked the long way.
    const named = [...tables.domains.exactDomains(), ...tables.index.nodeByHost.keys()];
    let bits = 1 << 12;
    while (bits < 64 * named.length && bits < 1 << 26) bits *= 2;
    this.knownHosts = new Int32Array(bits >> 5);
    this.knownHostMask = bits - 1;
    for (const host of named) {
      const bit = nameHash(host) & this.knownHostMask;
      this.knownHosts[bit >>> 5] = this.knownHosts[bit >>> 5]! | (1 << (bit & 31));
    }
  }

  /** The deciding rule's position, DECIDED_BY_DEFAULT or DECIDED_BY_INBOUND. */
  decide(flow: Flow): number {
    return this.decideParts(this.partsOf(flow));
  }

  decideParts(parts: FlowParts): number {
    const source = this.prepare(parts);
    if (source < 0) return DECIDED_BY_INBOUND;
    const destinationSize = this.destinationSize;
    const sourceSize = this.sourceData[source + SRC_SIZE]!;
    let best: number;
    if (destinationSize <= FEW) {
      best = this.scanDestination();
    } else if (sourceSize <= FEW) {
      best = this.scanSource(source);
    } else {
      const serviceSize = this.gatherService();
      if (serviceSize < destinationSize && serviceSize < sourceSize) {
        best = this.scanLists(this.serviceLists, 0, this.serviceListCount, this.end);
      } else if (sourceSize < destinationSize) {
        best = this.scanSource(source);
      } else {
        best = this.scanDestination();
      }
    }
    return best < this.end ? this.code[best]! : DECIDED_BY_DEFAULT;
  }

  verdictFor(decision: number): Verdict {
    if (decision === DECIDED_BY_INBOUND) return this.tables.inboundVerdict;
    if (decision === DECIDED_BY_DEFAULT) return this.tables.defaultVerdict;
    return this.tables.ruleVerdicts[decision]!;
  }

  evaluate(flow: Flow): Verdict {
    return this.verdictFor(this.decide(flow));
  }

  /**
   * First match by checking every compiled rule in order: no candidate selection. Reached only
   * through linear-scan.ts (the benchmark's baseline, the property tests' second oracle).
   */
  decideLinear(flow: Flow): number {
    if (this.prepare(this.partsOf(flow)) < 0) return DECIDED_BY_INBOUND;
    const rules = this.rules;
    const offsets = rules.offsets;
    const p = this.probe;
    for (let j = 0; j < this.ruleCount; j++) if (ruleMatches(rules, offsets[j]!, p)) return j;
    return DECIDED_BY_DEFAULT;
  }

  resolve(flow: Flow): ResolvedFlow {
    return resolveFlow(this.tables.index, flow);
  }

  /** Total length of the lists whose ids are at `lists[from…from + count)`. */
  private size(lists: Int32Array, count: number, from = 0): number {
    let size = 0;
    for (let i = from; i < from + count; i++) {
      const id = lists[i]!;
      size += this.listStart[id + 1]! - this.listStart[id]!;
    }
    return size;
  }

  /**
   * Parts from the flow's texts, through the matcher's caches of sources and hosts (every
   * topology node and known host built in, other texts added as they come).
   */
  private partsOf(flow: Flow): FlowParts {
    const parts = this.ownParts;
    const src = flow.src;
    const rawHost = flow.host;
    const hasHost = rawHost !== undefined && rawHost !== '';
    // Both texts are looked up before either lookup's result is used, so that their cache
    // misses (at 100,000 rules, much of a decision's time) overlap instead of queueing.
    let source = this.sources.find(src);
    let host = hasHost ? this.hosts.get(rawHost) : this.hosts.none;
    if (source < 0) source = this.addSource(src);
    if (host < 0) host = this.addHost(rawHost!);
    parts.sourceData = this.sources.records;
    parts.sourceAt = source;
    parts.srcText = src;
    parts.hostData = this.hosts.records;
    parts.hostAt = host;
    parts.hasHost = hasHost;
    const rawIp = flow.ip;
    if (rawIp === undefined || rawIp === '') {
      parts.address = NO_ADDRESS;
    } else {
      resolveAddress(this.tables.index, rawIp, this.address);
      parts.address = this.address;
    }
    parts.proto = protoCode(flow.proto);
    const port = flow.port;
    parts.port = port === undefined ? NaN : port;
    parts.method = flow.method === undefined ? -1 : this.methodId(flow.method);
    parts.path = flow.path;
    return parts;
  }

  /**
   * Sets the probe and the destination candidates from the parts; returns the position of the
   * source's record, or -1 when the guard says inbound.
   */
  private prepare(parts: FlowParts): number {
    const s = parts.sourceData;
    const source = parts.sourceAt;
    this.sourceData = s;
    if (s[source + SRC_EXTERNAL] !== 0) return -1;
    const t = this.tables;
    const p = this.probe;
    const nodes = t.index.nodes;
    p.srcNameId = s[source + SRC_NAME_ID]!;
    p.srcName = s[source + SRC_NAME_IS_TEXT] === 0 ? null : parts.srcText;
    p.srcZone = s[source + SRC_ZONE]!;
    p.srcFamily = s[source + SRC_FAMILY]!;
    p.srcV4 = s[source + SRC_V4]!;
    const v6 = p.srcV6;
    v6[0] = s[source + SRC_V6]!;
    v6[1] = s[source + SRC_V6 + 1]!;
    v6[2] = s[source + SRC_V6 + 2]!;
    v6[3] = s[source + SRC_V6 + 3]!;
    p.srcRoleData = s;
    p.srcRoleFrom = source + SRC_ROLES + 1;
    p.srcRoleCount = s[source + SRC_ROLES]!;

    // docs/language.md step 3: the node listing the host, else the node owning the ip; the node's
    // first address stands in for a missing ip when the host named the node.
    const host = parts.hostAt;
    const records = parts.hostData;
    this.hostData = records;
    const address = parts.address;
    const hasIp = address.family !== 0;
    const listed = records[host]!;
    const dstNode = listed >= 0 ? listed : hasIp ? address.node : -1;

    p.domainId = records[host + 1]!;
    p.wildData = records;
    p.wildFrom = host + 3;
    p.wildCount = records[host + 2]!;
    const wildcardsEnd = host + 3 + p.wildCount;
    this.hostRulesFrom = wildcardsEnd + 1;
    this.hostRulesTo = this.hostRulesFrom + records[wildcardsEnd]!;
    let size = records[wildcardsEnd]!;
    // Reads the first candidate's code now, so that its cache miss overlaps the rest of the
    // resolution instead of starting when the scan needs it.
    if (size > 0) this.warm = this.code[records[this.hostRulesFrom]! + 1]!;
    if (t.anyDestination >= 0) {
      size += this.listStart[t.anyDestination + 1]! - this.listStart[t.anyDestination]!;
    }
    if (dstNode >= 0) {
      const node = nodes[dstNode]!;
      p.dstNameId = node.nameId;
      p.dstZone = node.zone;
      p.dstRoles = node.roles;
      this.destinationNodeLists = t.nodeDestination[dstNode]!;
      size += t.nodeDestinationSize[dstNode]!;
    } else {
      p.dstNameId = -1;
      p.dstZone = -1;
      p.dstRoles = EMPTY;
      this.destinationNodeLists = EMPTY;
    }
    this.addressListCount = 0;
    this.impliedIpLists = EMPTY;
    const implied = !hasIp && parts.hasHost && dstNode >= 0 ? nodes[dstNode]!.firstIp : null;
    if (hasIp) {
      p.dstFamily = address.family;
      p.dstV4 = address.v4;
      p.dstV6 = address.v6;
      const found =
        address.family === 4
          ? t.destinationV4.matchV4(address.v4, this.addressLists)
          : t.destinationV6.matchV6(address.v6, this.addressLists);
      this.addressListCount = found;
      size += this.size(this.addressLists, found);
    } else if (implied !== null) {
      p.dstFamily = implied.family;
      p.dstV4 = implied.v4;
      p.dstV6 = implied.v6;
      this.impliedIpLists = t.nodeDestinationIp[dstNode]!;
      size += t.nodeDestinationIpSize[dstNode]!;
    } else {
      p.dstFamily = 0;
    }
    this.destinationSize = size;

    p.proto = parts.proto;
    p.port = parts.port;
    p.method = parts.method;
    p.path = parts.path;
    return source;
  }

  // -------------------------------------------------------------------------------------
  // Parts for readers that keep them (PartsMatcher)
  // -------------------------------------------------------------------------------------

  sourceRecord(src: string): Int32Array {
    return this.computeSource(src).slice();
  }

  ipSourceRecord(address: AddressResolution): Int32Array {
    if (address.family === 4 && address.node >= 0) {
      const own = this.ipv4NodeSource(address.node);
      if (own !== null) return this.ipv4SourceFrom(own, address.v4);
    }
    const e = this.sourceResolution;
    e.family = address.family;
    e.v4 = address.v4;
    e.v6.set(address.v6);
    e.node = address.node;
    resolveSourceAddress(this.tables.index, e);
    this.writeSource(e, this.ipSourceWords);
    return this.ipSourceWords;
  }

  /**
   * What every IPv4 source inside topology node `node` has in common: its record without the
   * address and the source CIDRs containing it (made when first needed); null when the
   * outbound-only guard depends on the address (a node in a zone the topology does not
   * declare).
   */
  private ipv4NodeSource(node: number): Int32Array | null {
    let own = this.ipv4NodeSources[node];
    if (own !== undefined) return own;
    const index = this.tables.index;
    const kind = index.zoneKind[index.nodes[node]!.zone];
    if (index.hasInternalZone && kind !== ZONE_INTERNAL && kind !== ZONE_EXTERNAL) {
      own = null;
    } else {
      const e = this.sourceResolution;
      e.family = 4;
      e.v4 = 0;
      e.v6.fill(0);
      e.node = node;
      resolveSourceAddress(index, e);
      own = this.ipSourceWords.slice(0, this.writeSource(e, this.ipSourceWords, false));
    }
    this.ipv4NodeSources[node] = own;
    return own;
  }

  /** The record of the IPv4 source `v4` from what its node's sources have in common. */
  private ipv4SourceFrom(own: Int32Array, v4: number): Int32Array {
    const out = this.ipSourceWords;
    const length = own.length;
    for (let i = 0; i < length; i++) out[i] = own[i]!;
    out[SRC_V4] = v4;
    const found = this.tables.sourceV4.matchV4(v4, this.trieOut);
    let size = own[SRC_SIZE]!;
    for (let i = 0; i < found; i++) {
      const id = this.trieOut[i]!;
      out[length + i] = id;
      size += this.listStart[id + 1]! - this.listStart[id]!;
    }
    const countAt = SRC_ROLES + 1 + own[SRC_ROLES]!;
    out[countAt] = own[countAt]! + found;
    out[SRC_SIZE] = size;
    return out;
  }

  hostMatchesNothing(bytes: Uint8Array, from: number, to: number): boolean {
    const hash = this.tables.domains.wildcardFreeHash(bytes, from, to);
    if (hash < 0) return false;
    const bit = hash & this.knownHostMask;
    return (this.knownHosts[bit >>> 5]! & (1 << (bit & 31))) === 0;
  }

  hostRecord(host: string): Int32Array {
    const record = this.computeHost(normalizeHost(host));
    return record === NO_HOST ? this.noHostRecord : Int32Array.from(hostRecordWords(record));
  }

  addressOf(ip: string): AddressResolution {
    const out = new AddressResolution();
    resolveAddress(this.tables.index, ip, out);
    return out;
  }

  addressOfIpv4(v4: number, out: AddressResolution): void {
    resolveIpv4(this.tables.index, v4, out);
  }

  addressOfIpv6(words: Int32Array, out: AddressResolution): void {
    resolveIpv6(this.tables.index, words, out);
  }

  protoCode(proto: string): number {
    return protoCode(proto);
  }

  /** A few method names are found faster by comparing than by hashing. */
  methodId(method: string): number {
    const names = this.methodNames;
    if (names.length > 8) return this.tables.methodIdOf.get(method) ?? -1;
    for (let i = 0; i < names.length; i++) if (names[i] === method) return i;
    return -1;
  }

  private scanDestination(): number {
    let best = this.end;
    const any = this.tables.anyDestination;
    if (any >= 0) best = this.scanList(any, best);
    best = this.scanRules(this.hostData, this.hostRulesFrom, this.hostRulesTo, best);
    const node = this.destinationNodeLists;
    best = this.scanLists(node, 0, node.length, best);
    best = this.scanLists(this.addressLists, 0, this.addressListCount, best);
    return this.scanLists(this.impliedIpLists, 0, this.impliedIpLists.length, best);
  }

  /** Scans the source-dimension lists of the source record at `source`. */
  private scanSource(source: number): number {
    const s = this.sourceData;
    const lists = source + SRC_ROLES + 1 + s[source + SRC_ROLES]!;
    return this.scanLists(s, lists + 1, s[lists]!, this.end);
  }

  /** Candidate lists of the service dimension; Infinity when it cannot be used. */
  private gatherService(): number {
    const t = this.tables;
    const p = this.probe;
    let n = 0;
    if (t.anyService >= 0) this.serviceLists[n++] = t.anyService;
    let size = this.size(this.serviceLists, n);
    if (p.proto !== PROTO_OTHER) {
      const ports = t.ports[p.proto];
      if (ports === undefined) return Infinity;
      const bare = t.byProto[p.proto]!;
      if (bare >= 0) {
        this.serviceLists[n++] = bare;
        size += this.listStart[bare + 1]! - this.listStart[bare]!;
      }
      const ranged = ports === null ? -1 : ports.lookup(p.port);
      if (ranged >= 0) {
        this.serviceLists[n++] = ranged;
        size += this.listStart[ranged + 1]! - this.listStart[ranged]!;
      }
    }
    this.serviceListCount = n;
    return size;
  }

  /** Scans the `count` lists whose ids are at `ids[from…]`. */
  private scanLists(ids: Int32Array, from: number, count: number, best: number): number {
    for (let i = from; i < from + count; i++) best = this.scanList(ids[i]!, best);
    return best;
  }

  private scanList(id: number, best: number): number {
    return this.scanRules(this.listData, this.listStart[id]!, this.listStart[id + 1]!, best);
  }

  /**
   * The first rule offset in sorted `offsets[from…to)` below `best` whose full check passes,
   * else `best`.
   */
  private scanRules(offsets: Int32Array, from: number, to: number, best: number): number {
    const rules = this.rules;
    const p = this.probe;
    for (let k = from; k < to; k++) {
      const o = offsets[k]!;
      if (o >= best) return best;
      if (ruleMatches(rules, o, p)) return o;
    }
    return best;
  }

  // -------------------------------------------------------------------------------------
  // Resolving texts into entries
  // -------------------------------------------------------------------------------------

  private addSource(src: string): number {
    return this.sources.insert(src, this.computeSource(src), false);
  }

  private addHost(rawHost: string): number {
    return this.hosts.add(rawHost, this.computeHost(normalizeHost(rawHost)));
  }

  /** The source record of `src` (see SRC_EXTERNAL …): valid until the next record is written. */
  private computeSource(src: string): Int32Array {
    resolveSource(this.tables.index, src, this.sourceResolution);
    return this.sourceWords.subarray(0, this.writeSource(this.sourceResolution, this.sourceWords));
  }

  /**
   * Writes the record of the resolved source `e` at the start of `out`; returns its length.
   * Without `cidrs`, the source CIDRs containing the address are left out.
   */
  private writeSource(e: SourceResolution, out: Int32Array, cidrs = true): number {
    const t = this.tables;
    let nameId = -1;
    let roles: Int32Array = EMPTY;
    if (e.node >= 0) {
      const node = t.index.nodes[e.node]!;
      nameId = node.nameId;
      roles = node.roles;
    }
    out[SRC_EXTERNAL] = e.external ? 1 : 0;
    out[SRC_NAME_ID] = nameId;
    out[SRC_ZONE] = e.zone;
    out[SRC_FAMILY] = e.family;
    out[SRC_V4] = e.v4;
    out.set(e.v6, SRC_V6);
    // Only a name without a node is compared as text: an IP's name is its node's.
    out[SRC_NAME_IS_TEXT] = nameId < 0 && e.name !== null ? 1 : 0;
    out[SRC_ROLES] = roles.length;
    out.set(roles, SRC_ROLES + 1);
    const countAt = SRC_ROLES + 1 + roles.length;
    let n = countAt + 1;
    if (t.anySource >= 0) out[n++] = t.anySource;
    if (e.node >= 0) {
      const lists = t.nodeSource[e.node]!;
      out.set(lists, n);
      n += lists.length;
    } else {
      const named = e.name === null ? undefined : t.sourceByUnknownName.get(e.name);
      if (named !== undefined) out[n++] = named;
      const zoned = e.zone >= 0 ? t.sourceByZone[e.zone]! : -1;
      if (zoned >= 0) out[n++] = zoned;
    }
    if (cidrs && e.family !== 0) {
      const found =
        e.family === 4
          ? t.sourceV4.matchV4(e.v4, this.trieOut)
          : t.sourceV6.matchV6(e.v6, this.trieOut);
      for (let i = 0; i < found; i++) out[n++] = this.trieOut[i]!;
    }
    out[countAt] = n - countAt - 1;
    out[SRC_SIZE] = this.size(out, n - countAt - 1, countAt + 1);
    return n;
  }

  /** The record of a normalised host (NO_HOST when it matches nothing). */
  private computeHost(host: string): HostRecord {
    const t = this.tables;
    const domainId = t.domains.exactId(host) ?? -1;
    const found = t.domains.matchWildcards(host);
    const node = hostNode(t.index, host);
    // Most one-off hosts match nothing: they share one entry.
    if (domainId < 0 && found === 0 && node < 0) return NO_HOST;
    const wildcards = t.domains.found.slice(0, found);
    const rules = new Set<number>();
    for (const id of domainId >= 0 ? [domainId, ...wildcards] : wildcards) {
      for (let k = this.listStart[id]!; k < this.listStart[id + 1]!; k++)
        rules.add(this.listData[k]!);
    }
    return { node, domainId, wildcards, rules: Int32Array.from(rules).sort() };
  }
}
