/**
 * Sets of flows as BDDs over the atoms of `atoms.ts`: each dimension's atom index is a
 * group of bits (source, host, ip, service, method, path, in that order). A rule's match
 * set is built from its items' atom sets; the destination host and ip form one joint
 * dimension because the destination node couples them (a listed host names the node;
 * otherwise the ip does, and a missing ip is implied by the host's node).
 *
 * Host and ip that the topology does not tie together: the simulator accepts any host with
 * any ip, so the flow space here does too, and every finding is exact over it. Witnesses
 * prefer realistic flows: a host alone (its ip implied by the topology), an ip alone, or a
 * host with an ip of its own node; only when a set holds no such flow does a witness pair
 * a host with an unrelated ip.
 */
import type {
  DestinationItem,
  Flow,
  PathPattern,
  Rule,
  ServiceItem,
  SourceItem,
  Topology,
  TopologyNode,
} from '../core/model.js';
import { cidrContainsIp, formatIp, parseCidr } from '../net/ip.js';
import { runsOf, type AtomRuns } from './atom-runs.js';
import { Bdd, FALSE, TRUE, type BddNode } from './bdd.js';
import { cidrBounds, intervalText, pathMatchesPattern, type FlowAtoms } from './atoms.js';

export const DIMENSIONS = ['source', 'host', 'ip', 'service', 'method', 'path'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

function bitsFor(count: number): number {
  let bits = 0;
  while (1 << bits < count) bits++;
  return bits;
}

/** The atom index of every dimension. */
export type AtomPoint = Record<Dimension, number>;

export class FlowSpace {
  readonly bdd: Bdd;
  private readonly offset: Record<Dimension, number>;
  private readonly bits: Record<Dimension, number>;
  private readonly cache = new Map<string, BddNode>();
  /** Every flow whose source the guard lets through. */
  readonly internal: BddNode;
  /** The sources the guard lets through, over the source dimension only. */
  readonly internalSources: BddNode;
  /** Every flow the guard decides (`inbound`). */
  readonly external: BddNode;
  /** Destinations a realistic witness may use (see the module comment). */
  readonly realistic: BddNode;
  private readonly allOther: BddNode;
  /** Every (host, ip) pair a flow may name (not neither). */
  readonly destinations: BddNode;

  /** `bdd`: share one diagram with another space over the same atoms (diff). */
  constructor(
    readonly atoms: FlowAtoms,
    readonly topology: Topology | undefined,
    bdd?: Bdd,
  ) {
    const counts: Record<Dimension, number> = {
      source: atoms.sources.length,
      host: atoms.hosts.length,
      ip: atoms.ips.length,
      service: atoms.services.length,
      method: atoms.methods.length,
      path: atoms.paths.length,
    };
    let next = 0;
    this.offset = {} as Record<Dimension, number>;
    this.bits = {} as Record<Dimension, number>;
    for (const d of DIMENSIONS) {
      this.offset[d] = next;
      this.bits[d] = bitsFor(counts[d]);
      next += this.bits[d];
    }
    this.bdd = bdd ?? new Bdd(next);
    const noHost = atoms.hosts.length - 1;
    const destinations = (this.destinations = this.bdd.andNot(
      this.and(this.all('host'), this.all('ip')),
      this.and(this.atomSet('host', [noHost]), this.atomSet('ip', [0])),
    ));
    this.allOther = this.and(
      destinations,
      this.all('service'),
      this.all('method'),
      this.all('path'),
    );
    const internal: number[] = [];
    const external: number[] = [];
    atoms.sources.forEach((s, i) => (s.external ? external : internal).push(i));
    this.internalSources = this.atomSet('source', internal);
    this.internal = this.and(this.internalSources, this.allOther);
    this.external = this.and(this.atomSet('source', external), this.allOther);
    this.realistic = this.buildRealistic();
  }

  private and(...sets: BddNode[]): BddNode {
    return this.product(sets);
  }

  /**
   * The intersection of sets, the last first: for sets over consecutive dimensions in order
   * (a rule's factors), each step then walks only the new set's nodes, where the first-first
   * order walks the growing product again at every step.
   */
  product(sets: readonly BddNode[]): BddNode {
    return sets.reduceRight((acc, set) => this.bdd.and(set, acc), TRUE);
  }

  private or(...sets: BddNode[]): BddNode {
    return sets.reduce((a, b) => this.bdd.or(a, b), FALSE);
  }

  /** The set of flows whose atom in `dim` is one of `indices` (other dimensions free). */
  atomSet(dim: Dimension, indices: readonly number[]): BddNode {
    return this.runSet(dim, runsOf([...new Set(indices)].sort((a, b) => a - b)));
  }

  /** The set of flows whose atom in `dim` lies in the runs: time in runs × bits, not atoms. */
  runSet(dim: Dimension, runs: AtomRuns): BddNode {
    const bits = this.bits[dim];
    const offset = this.offset[dim];
    // Runs `[from, to)` meet the block of indices `[base, base + 2^(bits - level))`.
    const build = (level: number, base: number, from: number, to: number): BddNode => {
      if (from >= to) return FALSE;
      const end = base + 2 ** (bits - level);
      const first = runs[from]!;
      if (first.start <= base && end <= first.end) return TRUE;
      const half = (base + end) / 2;
      let mid = from;
      while (mid < to && runs[mid]!.end <= half) mid++;
      // A run across the middle belongs to both halves.
      const lowTo = mid < to && runs[mid]!.start < half ? mid + 1 : mid;
      return this.bdd.make(
        offset + level,
        build(level + 1, base, from, lowTo),
        build(level + 1, half, mid, to),
      );
    };
    return build(0, 0, 0, runs.length);
  }

  all(dim: Dimension): BddNode {
    const key = `all ${dim}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const count = this.countOf(dim);
    const set = this.atomSet(
      dim,
      Array.from({ length: count }, (_, i) => i),
    );
    this.cache.set(key, set);
    return set;
  }

  countOf(dim: Dimension): number {
    const a = this.atoms;
    switch (dim) {
      case 'source':
        return a.sources.length;
      case 'host':
        return a.hosts.length;
      case 'ip':
        return a.ips.length;
      case 'service':
        return a.services.length;
      case 'method':
        return a.methods.length;
      case 'path':
        return a.paths.length;
    }
  }

  private cached(key: string, build: () => BddNode): BddNode {
    let set = this.cache.get(key);
    if (set === undefined) {
      set = build();
      this.cache.set(key, set);
    }
    return set;
  }

  /** Ip atoms (index into `atoms.ips`) inside a CIDR text. */
  private ipsInCidr(text: string): number[] {
    const parsed = parseCidr(text);
    if (!parsed) return [];
    const { family, lo, hi } = cidrBounds(parsed.cidr);
    const intervals = this.atoms.intervals;
    // Intervals are cut at every CIDR boundary, so a CIDR is a run of whole intervals.
    let first = 0;
    let last = intervals.length;
    while (first < last) {
      const mid = (first + last) >> 1;
      const m = intervals[mid]!;
      if (m.family < family || (m.family === family && m.lo < lo)) first = mid + 1;
      else last = mid;
    }
    const out: number[] = [];
    for (let i = first; i < intervals.length; i++) {
      const m = intervals[i]!;
      if (m.family !== family || m.lo > hi) break;
      out.push(i + 1);
    }
    return out;
  }

  sourceItem(item: SourceItem): BddNode {
    const key = `src ${item.kind} ${'name' in item ? item.name : item.kind === 'cidr' ? item.cidr : ''}`;
    return this.cached(key, () => {
      const sources = this.atoms.sources;
      const hits: number[] = [];
      if (item.kind === 'cidr') {
        const parsed = parseCidr(item.cidr);
        const first = this.atoms.firstSourceInterval;
        for (let i = 0; i < first; i++) {
          const ip = sources[i]!.ip;
          if (parsed && ip !== null && cidrContainsIp(parsed.cidr, ip)) hits.push(i);
        }
        for (const ipAtom of this.ipsInCidr(item.cidr)) hits.push(first + ipAtom - 1);
      } else {
        sources.forEach((s, i) => {
          if (sourceAtomMatches(item, s.name, s.node, s.zone)) hits.push(i);
        });
      }
      return this.atomSet('source', hits);
    });
  }

  /** Host and ip atoms by the node they name, made once (an item then reads its nodes'). */
  private nodeAtoms?: Map<TopologyNode, { hosts: number[]; ips: number[] }>;

  private atomsOfNodes(): Map<TopologyNode, { hosts: number[]; ips: number[] }> {
    if (this.nodeAtoms !== undefined) return this.nodeAtoms;
    const byNode = new Map<TopologyNode, { hosts: number[]; ips: number[] }>();
    const entry = (node: TopologyNode) => {
      let e = byNode.get(node);
      if (e === undefined) byNode.set(node, (e = { hosts: [], ips: [] }));
      return e;
    };
    this.atoms.hosts.forEach((h, i) => {
      if (h.node !== null) entry(h.node).hosts.push(i);
    });
    this.atoms.ips.forEach((a, i) => {
      if (a.node !== null) entry(a.node).ips.push(i);
    });
    return (this.nodeAtoms = byNode);
  }

  /** Listed hosts by implied ip, sorted by (family, value), for CIDR range lookups. */
  private impliedSorted?: { family: number; value: bigint; host: number }[];

  private hostsImpliedIn(lo: bigint, hi: bigint, family: number): number[] {
    if (this.impliedSorted === undefined) {
      const list: { family: number; value: bigint; host: number }[] = [];
      this.atoms.hosts.forEach((h, host) => {
        if (h.implied !== null)
          list.push({ family: h.implied.family, value: h.implied.value, host });
      });
      list.sort(
        (a, b) => a.family - b.family || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
      );
      this.impliedSorted = list;
    }
    const list = this.impliedSorted;
    let first = 0;
    let last = list.length;
    while (first < last) {
      const mid = (first + last) >> 1;
      const m = list[mid]!;
      if (m.family < family || (m.family === family && m.value < lo)) first = mid + 1;
      else last = mid;
    }
    const out: number[] = [];
    for (let i = first; i < list.length; i++) {
      const m = list[i]!;
      if (m.family !== family || m.value > hi) break;
      out.push(m.host);
    }
    return out;
  }

  private unlistedHosts(): BddNode {
    return this.cached('unlisted hosts', () => {
      const out: number[] = [];
      this.atoms.hosts.forEach((h, i) => {
        if (h.node === null) out.push(i);
      });
      return this.atomSet('host', out);
    });
  }

  /** Listed hosts whose implied ip lies in the CIDR, paired with "no ip". */
  private impliedIn(cidrs: readonly string[]): BddNode {
    const hosts: number[] = [];
    for (const c of cidrs) {
      const parsed = parseCidr(c);
      if (!parsed) continue;
      const { family, lo, hi } = cidrBounds(parsed.cidr);
      hosts.push(...this.hostsImpliedIn(lo, hi, family));
    }
    return this.bdd.and(this.atomSet('host', hosts), this.atomSet('ip', [0]));
  }

  /** Flows whose destination node passes `test` (a listed host's node, else the ip's). */
  destinationNode(test: (node: TopologyNode) => boolean): BddNode {
    const hosts: number[] = [];
    const ips: number[] = [];
    for (const [node, atoms] of this.atomsOfNodes()) {
      if (!test(node)) continue;
      hosts.push(...atoms.hosts);
      ips.push(...atoms.ips);
    }
    return this.bdd.or(
      this.bdd.and(this.atomSet('host', hosts), this.all('ip')),
      this.bdd.and(this.unlistedHosts(), this.atomSet('ip', ips)),
    );
  }

  /** The (host, ip) pairs a `to` item matches. */
  destinationItem(item: DestinationItem): BddNode {
    const name = 'name' in item ? item.name : '';
    const key = `dst ${item.kind} ${name}${item.kind === 'cidr' ? item.cidr : ''}${
      item.kind === 'domain' ? item.domain : item.kind === 'wildcard' ? item.suffix : ''
    }`;
    return this.cached(key, () => {
      switch (item.kind) {
        case 'any':
          return TRUE;
        case 'domain': {
          const atom = this.atoms.hostAtom.get(item.domain);
          return atom === undefined ? FALSE : this.atomSet('host', [atom]);
        }
        case 'wildcard':
          return this.atomSet('host', this.atoms.hostsUnder.get(item.suffix) ?? []);
        case 'cidr':
          return this.bdd.or(
            this.atomSet('ip', this.ipsInCidr(item.cidr)),
            this.impliedIn([item.cidr]),
          );
        case 'node':
          return this.destinationNode((n) => n.id === item.name);
        case 'role':
          return this.destinationNode((n) => n.roles.includes(item.name));
        case 'zone': {
          // The first zone of that id, as in resolution.
          const zone = this.topology?.zones.find((z) => z.id === item.name);
          const zoneCidrs = zone ? zone.cidrs : [];
          return this.or(
            this.destinationNode((n) => n.zone === item.name),
            this.atomSet(
              'ip',
              zoneCidrs.flatMap((c) => this.ipsInCidr(c)),
            ),
            this.impliedIn(zoneCidrs),
          );
        }
      }
    });
  }

  serviceItem(item: ServiceItem): BddNode {
    const key = `svc ${item.kind === 'any' ? 'any' : `${item.proto} ${item.ports?.lo ?? ''}-${item.ports?.hi ?? ''}`}`;
    return this.cached(key, () => {
      const hits: number[] = [];
      this.atoms.services.forEach((s, i) => {
        if (item.kind === 'any') hits.push(i);
        else if (s.proto === item.proto) {
          if (item.ports === undefined || (item.ports.lo <= s.lo && s.hi <= item.ports.hi)) {
            hits.push(i);
          }
        }
      });
      return this.atomSet('service', hits);
    });
  }

  methods(methods: readonly string[] | null): BddNode {
    if (methods === null) return this.all('method');
    const hits: number[] = [];
    this.atoms.methods.forEach((m, i) => {
      if (m !== null && methods.includes(m)) hits.push(i);
    });
    return this.atomSet('method', hits);
  }

  paths(paths: readonly PathPattern[] | null): BddNode {
    if (paths === null) return this.all('path');
    const hits: number[] = [];
    this.atoms.paths.forEach((p, i) => {
      if (p !== null && paths.some((q) => pathMatchesPattern(q, p))) hits.push(i);
    });
    return this.atomSet('path', hits);
  }

  /**
   * A rule's clauses one by one, each a set over its own dimensions only: the rule's match
   * set is their product, and two rules can meet only where every pair of clauses does.
   */
  ruleClauses(rule: Pick<Rule, 'from' | 'to' | 'services' | 'methods' | 'paths'>): BddNode[] {
    return [
      this.or(...rule.from.map((i) => this.sourceItem(i))),
      this.or(...rule.to.map((i) => this.destinationItem(i))),
      rule.services === null
        ? this.all('service')
        : this.or(...rule.services.map((s) => this.serviceItem(s))),
      this.methods(rule.methods),
      this.paths(rule.paths),
    ];
  }

  /**
   * A rule's match set among the flows the guard lets through, as one factor per clause
   * (source, destination, service, method, path): each factor is a set over its own
   * dimensions, the match set is their product, and two such products meet exactly when
   * every pair of factors does (`factor-index.ts`).
   */
  ruleFactors(rule: Pick<Rule, 'from' | 'to' | 'services' | 'methods' | 'paths'>): BddNode[] {
    const [source, destination, service, method, path] = this.ruleClauses(rule);
    return this.factors(source!, destination!, service!, method!, path!);
  }

  /** The factors of the internal flows in the product of the given per-dimension sets. */
  factors(
    source: BddNode,
    destination: BddNode,
    service: BddNode,
    method: BddNode,
    path: BddNode,
  ): BddNode[] {
    const bdd = this.bdd;
    return [
      bdd.and(source, this.internalSources),
      bdd.and(destination, this.destinations),
      bdd.and(service, this.all('service')),
      bdd.and(method, this.all('method')),
      bdd.and(path, this.all('path')),
    ];
  }

  /** Every flow (internal or not) a rule's clauses match. */
  ruleSet(rule: Pick<Rule, 'from' | 'to' | 'services' | 'methods' | 'paths'>): BddNode {
    return this.and(...this.ruleClauses(rule), this.allOther);
  }

  /** Every flow of the space (the guard's and the rules'). */
  get everything(): BddNode {
    return this.bdd.or(this.internal, this.external);
  }

  private buildRealistic(): BddNode {
    const parts: BddNode[] = [
      this.atomSet('ip', [0]),
      this.atomSet('host', [this.atoms.hosts.length - 1]),
      this.unlistedHosts(),
    ];
    const byNode = new Map<TopologyNode, number[]>();
    this.atoms.hosts.forEach((h, i) => {
      if (h.node !== null) byNode.set(h.node, [...(byNode.get(h.node) ?? []), i]);
    });
    // Ip atoms by owning node, in one pass (not one scan per node).
    const ipsOf = new Map<TopologyNode, number[]>();
    this.atoms.ips.forEach((a, i) => {
      if (a.node !== null) ipsOf.set(a.node, [...(ipsOf.get(a.node) ?? []), i]);
    });
    for (const [node, hosts] of byNode) {
      parts.push(
        this.bdd.and(this.atomSet('host', hosts), this.atomSet('ip', ipsOf.get(node) ?? [])),
      );
    }
    return this.or(...parts);
  }

  /** The atoms of one member of a non-empty set, preferring realistic destinations. */
  pick(set: BddNode): AtomPoint {
    const realistic = this.bdd.and(set, this.realistic);
    const bits = this.bdd.firstMember(realistic !== FALSE ? realistic : set);
    const point = {} as AtomPoint;
    for (const d of DIMENSIONS) {
      let value = 0;
      for (let b = 0; b < this.bits[d]; b++) value = value * 2 + bits[this.offset[d] + b]!;
      point[d] = value;
    }
    return point;
  }

  /** The first variable of a dimension. */
  offsetStart(dim: Dimension): number {
    return this.offset[dim];
  }

  /** One past the last variable of a dimension. */
  offsetEnd(dim: Dimension): number {
    return this.offset[dim] + this.bits[dim];
  }

  /** Is the point inside the set? */
  contains(set: BddNode, point: AtomPoint): boolean {
    return this.bdd.contains(set, (v) => {
      for (const d of DIMENSIONS) {
        const o = this.offset[d];
        if (v >= o && v < o + this.bits[d]) {
          return ((point[d] >> (this.bits[d] - 1 - (v - o))) & 1) === 1;
        }
      }
      return false;
    });
  }

  /** The witness flow of an atom point (flow-file form; absent fields left out). */
  flowOf(point: AtomPoint): Flow {
    const a = this.atoms;
    const service = a.services[point.service]!;
    const flow: Flow = { src: a.sources[point.source]!.src, proto: service.proto };
    const host = a.hosts[point.host]!.host;
    if (host !== null) flow.host = host;
    const interval = a.ips[point.ip]!.interval;
    if (interval !== null) flow.ip = intervalText(interval);
    if (service.proto !== 'icmp') flow.port = preferredPort(service.lo, service.hi);
    const method = a.methods[point.method];
    if (method !== null && method !== undefined) flow.method = method;
    const path = a.paths[point.path];
    if (path !== null && path !== undefined) flow.path = path;
    return orderFlow(flow);
  }

  /** A witness of a non-empty set. */
  witness(set: BddNode): Flow {
    return this.flowOf(this.pick(set));
  }

  /** Projection of a set onto one dimension: the atom indices some member uses. */
  atomsUsed(set: BddNode, dim: Dimension): number[] {
    const out: number[] = [];
    const count = this.countOf(dim);
    const projected = this.project(set, dim);
    for (let i = 0; i < count; i++) {
      const point = { source: 0, host: 0, ip: 0, service: 0, method: 0, path: 0, [dim]: i };
      if (this.contains(projected, point)) out.push(i);
    }
    return out;
  }

  /** The set with every dimension but `dim` quantified away. */
  project(set: BddNode, dim: Dimension): BddNode {
    const from = this.offset[dim];
    const to = from + this.bits[dim];
    let n = this.bdd.exists(set, to, this.bdd.variables);
    n = this.bdd.exists(n, 0, from);
    return n;
  }

  /** Destination (host, ip) pairs of a set, as atom pairs. */
  destinationPairs(set: BddNode, limit: number): { host: number; ip: number }[] {
    const hostFrom = this.offset.host;
    const ipTo = this.offset.ip + this.bits.ip;
    let n = this.bdd.exists(set, ipTo, this.bdd.variables);
    n = this.bdd.exists(n, 0, hostFrom);
    const out: { host: number; ip: number }[] = [];
    while (n !== FALSE && out.length < limit) {
      const p = this.pick(n);
      out.push({ host: p.host, ip: p.ip });
      n = this.bdd.andNot(
        n,
        this.bdd.and(this.atomSet('host', [p.host]), this.atomSet('ip', [p.ip])),
      );
    }
    return out;
  }

  ipText(ip: number): string {
    const interval = this.atoms.ips[ip]!.interval;
    if (interval === null) return 'no ip';
    if (interval.lo === interval.hi) return intervalText(interval);
    return `${formatIp({ family: interval.family, value: interval.lo })}-${formatIp({
      family: interval.family,
      value: interval.hi,
    })}`;
  }
}

function sourceAtomMatches(
  item: SourceItem,
  name: string | null,
  node: TopologyNode | null,
  zone: string | null,
): boolean {
  switch (item.kind) {
    case 'any':
      return true;
    case 'role':
      return node !== null && node.roles.includes(item.name);
    case 'node':
      return name === item.name;
    case 'zone':
      return zone === item.name;
    case 'cidr':
      return false;
  }
}

/** Well-known ports read better in a witness than an interval's first port. */
function preferredPort(lo: number, hi: number): number {
  for (const p of [443, 80, 53, 22]) if (lo <= p && p <= hi) return p;
  return lo;
}

/** The flow-file field order: src, host, ip, proto, port, method, path. */
function orderFlow(flow: Flow): Flow {
  const out: Flow = { src: flow.src } as Flow;
  if (flow.host !== undefined) out.host = flow.host;
  if (flow.ip !== undefined) out.ip = flow.ip;
  out.proto = flow.proto;
  if (flow.port !== undefined) out.port = flow.port;
  if (flow.method !== undefined) out.method = flow.method;
  if (flow.path !== undefined) out.path = flow.path;
  return out;
}
