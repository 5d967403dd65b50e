/**
 * Compiles a checked policy (and its topology) into an indexed matcher whose decisions are
 * exactly those of the reference interpreter (reference.ts) but cost about the same at 100
 * and at 100,000 rules. See matcher.ts for how a decision uses the tables built here.
 */
import type {
  DestinationItem,
  Flow,
  PolicyModel,
  ServiceItem,
  SourceItem,
  Topology,
  Verdict,
} from '../core/model.js';
import { parseCidr } from '../net/ip.js';
import type { Cidr } from '../net/ip.js';
import { normalizeDomain } from '../util/domain.js';
import { emptyRuleParts, packRules, protoCode, PROTO_OTHER } from './compiled-rule.js';
import type { RuleParts } from './compiled-rule.js';
import { DomainIndex } from './domain-index.js';
import { cidrV4, cidrV6 } from './tuned/fast-ip.js';
import { MAX_MATCHES_V6, PrefixTrie } from './tuned/ip-trie.js';
import { DECIDED_BY_DEFAULT, DECIDED_BY_INBOUND, IndexedMatcher } from './matcher.js';
import type { ListTable, MatcherTables, PartsMatcher } from './matcher.js';
import { PortIndex, type PortRange } from './port-index.js';
import type { ResolvedFlow } from './resolve.js';
import { indexTopology, type TopologyIndex } from './topology-index.js';
import { defaultVerdict, inboundVerdict, ruleVerdict } from './verdicts.js';

export { DECIDED_BY_DEFAULT, DECIDED_BY_INBOUND };

export interface CompiledMatcher {
  readonly policy: PolicyModel;
  readonly topology: Topology | undefined;
  readonly index: TopologyIndex;
  readonly ruleCount: number;
  /** The verdict of docs/language.md Verdict objects are shared and frozen: do not mutate them. */
  evaluate(flow: Flow): Verdict;
  /** The deciding rule's position in `policy.rules`, DECIDED_BY_DEFAULT or DECIDED_BY_INBOUND. */
  decide(flow: Flow): number;
  /** The verdict of a `decide` result. */
  verdictFor(decision: number): Verdict;
  /** The flow's resolution (source, guard, destination) as readable data. */
  resolve(flow: Flow): ResolvedFlow;
  /** The same decisions for flows given as parts, by readers that resolve each text once. */
  readonly parts: PartsMatcher;
}

/** Sorted, de-duplicated rule lists, built in rule order and frozen into one array. */
class ListPool {
  private readonly arrays: number[][] = [];

  create(): number {
    this.arrays.push([]);
    return this.arrays.length - 1;
  }

  /** The id stored under `key`, created on first use. */
  keyed<K>(map: Map<K, number>, key: K): number {
    let id = map.get(key);
    if (id === undefined) {
      id = this.create();
      map.set(key, id);
    }
    return id;
  }

  add(id: number, rule: number): void {
    const list = this.arrays[id]!;
    if (list[list.length - 1] !== rule) list.push(rule);
  }

  /** A finished list (already sorted); returns its id. */
  addList(rules: number[]): number {
    this.arrays.push(rules);
    return this.arrays.length - 1;
  }

  length(id: number): number {
    return this.arrays[id]!.length;
  }

  /** The id, or -1 when the list is empty or absent. */
  nonEmpty(id: number | undefined): number {
    return id === undefined || this.arrays[id]!.length === 0 ? -1 : id;
  }

  /** One array of all lists, each rule index replaced by the rule's offset in the code. */
  freeze(offsets: Int32Array): ListTable {
    const start = new Int32Array(this.arrays.length + 1);
    for (let i = 0; i < this.arrays.length; i++) start[i + 1] = start[i]! + this.arrays[i]!.length;
    const data = new Int32Array(start[this.arrays.length]!);
    this.arrays.forEach((a, i) => {
      const at = start[i]!;
      for (let k = 0; k < a.length; k++) data[at + k] = offsets[a[k]!]!;
    });
    return { data, start };
  }
}

/** Builder state shared by the per-item compile steps. */
interface Builder {
  index: TopologyIndex;
  pool: ListPool;
  anySource: number;
  anyDestination: number;
  anyService: number;
  sourceByNameId: Map<number, number>;
  sourceByUnknownName: Map<string, number>;
  sourceByZone: Map<number, number>;
  sourceByRole: Map<number, number>;
  destinationByNameId: Map<number, number>;
  destinationByZone: Map<number, number>;
  destinationByRole: Map<number, number>;
  sourceV4: PrefixTrie;
  sourceV6: PrefixTrie;
  destinationV4: PrefixTrie;
  destinationV6: PrefixTrie;
  domains: DomainIndex;
  byProto: number[];
  portRanges: PortRange[][];
  methodIdOf: Map<string, number>;
}

/** The list id at a CIDR's trie node (created on first use). */
function trieList(b: Builder, v4: PrefixTrie, v6: PrefixTrie, cidr: Cidr): number {
  const trie = cidr.family === 4 ? v4 : v6;
  const node =
    cidr.family === 4
      ? trie.nodeV4(Number(cidr.value), cidr.prefix)
      : trie.nodeV6(cidrV6(cidr), cidr.prefix);
  let id = trie.payload(node);
  if (id < 0) {
    id = b.pool.create();
    trie.setPayload(node, id);
  }
  return id;
}

function pushCidr(cidr: Cidr, v4: number[], v6: number[]): void {
  if (cidr.family === 4) v4.push(...cidrV4(cidr));
  else v6.push(...cidrV6(cidr));
}

function compileSource(b: Builder, items: SourceItem[], j: number, r: RuleParts): void {
  for (const item of items) {
    switch (item.kind) {
      case 'any':
        r.fromAny = true;
        b.pool.add(b.anySource, j);
        break;
      case 'node': {
        const nameId = b.index.nodeById.get(item.name);
        if (nameId === undefined) {
          r.fromNames.push(item.name);
          b.pool.add(b.pool.keyed(b.sourceByUnknownName, item.name), j);
        } else {
          r.fromNodes.push(nameId);
          b.pool.add(b.pool.keyed(b.sourceByNameId, nameId), j);
        }
        break;
      }
      case 'zone': {
        const zone = b.index.zoneIdOf.get(item.name);
        if (zone === undefined) break; // no source is ever in a zone nothing declares
        r.fromZones.push(zone);
        b.pool.add(b.pool.keyed(b.sourceByZone, zone), j);
        break;
      }
      case 'role': {
        const role = b.index.roleIdOf.get(item.name);
        if (role === undefined) break; // no node has the role
        r.fromRoles.push(role);
        b.pool.add(b.pool.keyed(b.sourceByRole, role), j);
        break;
      }
      case 'cidr': {
        const parsed = parseCidr(item.cidr);
        if (!parsed) break;
        pushCidr(parsed.cidr, r.fromV4, r.fromV6);
        b.pool.add(trieList(b, b.sourceV4, b.sourceV6, parsed.cidr), j);
        break;
      }
    }
  }
}

function compileDestination(b: Builder, items: DestinationItem[], j: number, r: RuleParts): void {
  const addCidr = (text: string): void => {
    const parsed = parseCidr(text);
    if (!parsed) return;
    pushCidr(parsed.cidr, r.toV4, r.toV6);
    b.pool.add(trieList(b, b.destinationV4, b.destinationV6, parsed.cidr), j);
  };
  for (const item of items) {
    switch (item.kind) {
      case 'any':
        r.toAny = true;
        b.pool.add(b.anyDestination, j);
        break;
      case 'domain': {
        const name = normalizeDomain(item.domain);
        let id = b.domains.exactId(name);
        if (id === undefined) {
          id = b.pool.create();
          b.domains.addExact(name, id);
        }
        r.toDomains.push(id);
        b.pool.add(id, j);
        break;
      }
      case 'wildcard': {
        const suffix = normalizeDomain(item.suffix);
        let id = b.domains.wildcardId(suffix);
        if (id === undefined) {
          id = b.pool.create();
          b.domains.addWildcard(suffix, id);
        }
        r.toWildcards.push(id);
        b.pool.add(id, j);
        break;
      }
      case 'cidr':
        addCidr(item.cidr);
        break;
      case 'node': {
        const nameId = b.index.nodeById.get(item.name);
        if (nameId === undefined) break; // destinations are always topology nodes
        r.toNodes.push(nameId);
        b.pool.add(b.pool.keyed(b.destinationByNameId, nameId), j);
        break;
      }
      case 'zone': {
        // docs/language.md: the destination node is in Z, or the ip is inside Z's CIDRs.
        const zone = b.index.zoneIdOf.get(item.name);
        if (zone === undefined) break;
        r.toZones.push(zone);
        b.pool.add(b.pool.keyed(b.destinationByZone, zone), j);
        for (const cidr of b.index.zoneRecord[zone]?.cidrs ?? []) addCidr(cidr);
        break;
      }
      case 'role': {
        const role = b.index.roleIdOf.get(item.name);
        if (role === undefined) break;
        r.toRoles.push(role);
        b.pool.add(b.pool.keyed(b.destinationByRole, role), j);
        break;
      }
    }
  }
}

function compileServices(
  b: Builder,
  services: ServiceItem[] | null,
  j: number,
  r: RuleParts,
): void {
  if (services === null) r.serviceAny = true;
  for (const item of services ?? []) {
    if (item.kind === 'any') {
      r.serviceAny = true;
      continue;
    }
    const proto = protoCode(item.proto);
    if (proto === PROTO_OTHER) continue;
    if (item.ports === undefined) {
      r.protoMask |= 1 << proto;
      b.pool.add(b.byProto[proto]!, j);
    } else {
      r.ranges[proto]!.push(item.ports.lo, item.ports.hi);
      b.portRanges[proto]!.push({ lo: item.ports.lo, hi: item.ports.hi, rule: j });
    }
  }
  if (r.serviceAny) b.pool.add(b.anyService, j);
}

/** Segment lists of the port index may hold this many entries beyond one per rule. */
const PORT_INDEX_SLACK = 1 << 20;

export function compileMatcher(policy: PolicyModel, topology?: Topology): CompiledMatcher {
  return publicMatcher(policy, topology, compileIndexed(policy, topology));
}

/** The matcher's public face; the linear scan stays behind it (linear-scan.ts). */
export function publicMatcher(
  policy: PolicyModel,
  topology: Topology | undefined,
  matcher: IndexedMatcher,
): CompiledMatcher {
  return {
    policy,
    topology,
    index: matcher.index,
    ruleCount: matcher.ruleCount,
    evaluate: (flow) => matcher.evaluate(flow),
    decide: (flow) => matcher.decide(flow),
    verdictFor: (decision) => matcher.verdictFor(decision),
    resolve: (flow) => matcher.resolve(flow),
    parts: {
      decideParts: (parts) => matcher.decideParts(parts),
      sourceRecord: (src) => matcher.sourceRecord(src),
      ipSourceRecord: (address) => matcher.ipSourceRecord(address),
      hostMatchesNothing: (bytes, from, to) => matcher.hostMatchesNothing(bytes, from, to),
      hostRecord: (host) => matcher.hostRecord(host),
      addressOf: (ip) => matcher.addressOf(ip),
      addressOfIpv4: (v4, out) => matcher.addressOfIpv4(v4, out),
      addressOfIpv6: (words, out) => matcher.addressOfIpv6(words, out),
      methodId: (method) => matcher.methodId(method),
      protoCode: (proto) => matcher.protoCode(proto),
    },
  };
}

/** The compiled tables and the matcher over them, before they are put behind `CompiledMatcher`. */
export function compileIndexed(policy: PolicyModel, topology?: Topology): IndexedMatcher {
  const index = indexTopology(topology);
  const pool = new ListPool();
  const b: Builder = {
    index,
    pool,
    anySource: pool.create(),
    anyDestination: pool.create(),
    anyService: pool.create(),
    sourceByNameId: new Map(),
    sourceByUnknownName: new Map(),
    sourceByZone: new Map(),
    sourceByRole: new Map(),
    destinationByNameId: new Map(),
    destinationByZone: new Map(),
    destinationByRole: new Map(),
    sourceV4: new PrefixTrie(),
    sourceV6: new PrefixTrie(),
    destinationV4: new PrefixTrie(),
    destinationV6: new PrefixTrie(),
    domains: new DomainIndex(),
    byProto: [pool.create(), pool.create(), pool.create()],
    portRanges: [[], [], []],
    methodIdOf: new Map(),
  };

  const parts = policy.rules.map((rule, j) => {
    const r = emptyRuleParts();
    compileSource(b, rule.from, j, r);
    compileDestination(b, rule.to, j, r);
    compileServices(b, rule.services, j, r);
    if (rule.methods !== null) {
      r.methods = rule.methods.map((m) => {
        let id = b.methodIdOf.get(m);
        if (id === undefined) {
          id = b.methodIdOf.size;
          b.methodIdOf.set(m, id);
        }
        return id;
      });
    }
    r.paths = rule.paths === null ? null : rule.paths.map((p) => ({ ...p }));
    return r;
  });

  b.sourceV4.freezeV4();
  b.destinationV4.freezeV4();
  b.sourceV6.freezeV6();
  b.destinationV6.freezeV6();
  const budget = policy.rules.length + PORT_INDEX_SLACK;
  const ports = b.portRanges.map((ranges) =>
    ranges.length === 0
      ? null
      : (PortIndex.build(ranges, budget, (rules) => pool.addList(rules)) ?? undefined),
  );

  // Per topology node, the lists its identity (and first address) selects.
  const nonEmpty = (id: number | undefined): number[] => {
    const kept = pool.nonEmpty(id);
    return kept < 0 ? [] : [kept];
  };
  const nodeSource = index.nodes.map((n) =>
    Int32Array.from([
      ...nonEmpty(b.sourceByNameId.get(n.nameId)),
      ...nonEmpty(b.sourceByZone.get(n.zone)),
      ...[...n.roles].flatMap((role) => nonEmpty(b.sourceByRole.get(role))),
    ]),
  );
  const nodeDestination = index.nodes.map((n) =>
    Int32Array.from([
      ...nonEmpty(b.destinationByNameId.get(n.nameId)),
      ...nonEmpty(b.destinationByZone.get(n.zone)),
      ...[...n.roles].flatMap((role) => nonEmpty(b.destinationByRole.get(role))),
    ]),
  );
  const trieOut = new Int32Array(MAX_MATCHES_V6);
  const nodeDestinationIp = index.nodes.map((n) => {
    const ip = n.firstIp;
    if (ip === null) return new Int32Array(0);
    const found =
      ip.family === 4
        ? b.destinationV4.matchV4(ip.v4, trieOut)
        : b.destinationV6.matchV6(ip.v6, trieOut);
    return trieOut.slice(0, found);
  });
  const sizes = (perNode: Int32Array[]): Int32Array =>
    Int32Array.from(perNode, (ids) => ids.reduce((n, id) => n + pool.length(id), 0));

  const sourceByUnknownName = new Map<string, number>();
  for (const [name, id] of b.sourceByUnknownName) {
    if (pool.nonEmpty(id) >= 0) sourceByUnknownName.set(name, id);
  }

  const rules = packRules(parts);
  const tables: MatcherTables = {
    index,
    rules,
    ruleVerdicts: policy.rules.map((rule) => Object.freeze(ruleVerdict(rule))),
    defaultVerdict: Object.freeze(defaultVerdict(policy)),
    inboundVerdict: Object.freeze(inboundVerdict(policy)),
    lists: pool.freeze(rules.offsets),
    anySource: pool.nonEmpty(b.anySource),
    anyDestination: pool.nonEmpty(b.anyDestination),
    anyService: pool.nonEmpty(b.anyService),
    sourceByUnknownName,
    sourceByZone: Int32Array.from(index.zoneNames, (_, zone) =>
      pool.nonEmpty(b.sourceByZone.get(zone)),
    ),
    nodeSource,
    nodeDestination,
    nodeDestinationSize: sizes(nodeDestination),
    nodeDestinationIp,
    nodeDestinationIpSize: sizes(nodeDestinationIp),
    sourceV4: b.sourceV4,
    sourceV6: b.sourceV6,
    destinationV4: b.destinationV4,
    destinationV6: b.destinationV6,
    domains: b.domains,
    byProto: Int32Array.from(b.byProto, (id) => pool.nonEmpty(id)),
    ports,
    methodIdOf: b.methodIdOf,
  };
  return new IndexedMatcher(tables);
}
