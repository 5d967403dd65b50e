/**
 * The flow space cut into atoms, one partition per dimension, such that every clause of
 * every rule (and the topology's resolution) is constant on each atom. Each atom carries a
 * representative value that a witness flow uses.
 *
 * - Source: every topology node by id (or, without a topology, every `node:` name of the
 *   policies and one other name), then the IP address space cut at every CIDR boundary of
 *   the policies and the topology, both families. Inside one interval every address
 *   resolves to the same node and zone and is alike for the outbound-only guard.
 * - Destination host: every name the policies or the topology mention (domains, a
 *   wildcard's own suffix, hosts of nodes); for every wildcard `*.S` one fresh name under S
 *   standing for all names whose deepest wildcard is S; one name no wildcard covers; no host.
 * - Destination IP: no ip, then the same intervals as the source.
 * - Service: tcp and udp ports cut at every range boundary, and icmp.
 * - Method: none, each named method, one other. Path: none, then one atom per distinct
 *   answer to "which path patterns match" (exact paths, a prefix's own path and one path
 *   just beyond it, one path no prefix covers).
 */
import type {
  DestinationItem,
  Flow,
  PathPattern,
  PolicyModel,
  Protocol,
  ServiceItem,
  SourceItem,
  Topology,
  TopologyNode,
} from '../core/model.js';
import { indexTopology, resolveFlow, type TopologyIndex } from '../engine/resolve.js';
import { firstAddressOf } from '../engine/node-address.js';
import { familyBits, formatIp, parseCidr, parseIp } from '../net/ip.js';
import type { Cidr, IpAddress, IpFamily } from '../net/ip.js';
import { normalizeDomain } from '../util/domain.js';

export interface SourceAtom {
  /** The flow's `src` for a witness. */
  src: string;
  node: TopologyNode | null;
  /** What `node:` items compare with. */
  name: string | null;
  ip: IpAddress | null;
  zone: string | null;
  external: boolean;
  /** For address intervals: the interval. */
  interval?: Interval;
}

export interface Interval {
  family: IpFamily;
  lo: bigint;
  hi: bigint;
}

export interface HostAtom {
  /** The representative host name, null for "no host". */
  host: string | null;
  /** Whether the name is one the policies or topology mention (else it stands for a class). */
  named: boolean;
  /** The node listing the host (docs/language.md "Resolution", step 3). */
  node: TopologyNode | null;
  /** The node's first address, which stands in for a missing ip. */
  implied: IpAddress | null;
}

export interface IpAtom {
  /** Null for "no ip". */
  interval: Interval | null;
  /** The node owning the addresses (longest prefix), null when none. */
  node: TopologyNode | null;
}

export interface ServiceAtom {
  proto: Protocol;
  /** Port interval; 0-0 for icmp. */
  lo: number;
  hi: number;
}

export interface FlowAtoms {
  sources: SourceAtom[];
  hosts: HostAtom[];
  ips: IpAtom[];
  services: ServiceAtom[];
  /** Null is "no method". */
  methods: (string | null)[];
  /** Null is "no path". */
  paths: (string | null)[];
  /** Wildcard suffix → host atoms under it. */
  hostsUnder: Map<string, number[]>;
  /** Host name → its atom. */
  hostAtom: Map<string, number>;
  /** Wildcard suffix → the atom of the names whose deepest wildcard it is. */
  freshUnder: Map<string, number>;
  /** The atom of names no wildcard covers. */
  anotherHost: number;
  /** The distinct path patterns, in the order path atoms were told apart. */
  pathPatterns: PathPattern[];
  /** Address intervals (ip atom index = interval index + 1), sorted by family, then lo. */
  intervals: Interval[];
  /** Source atom of the first interval. */
  firstSourceInterval: number;
}

/** Clauses besides the policies' whose boundaries must be atoms too (a search query). */
export interface ExtraClauses {
  from?: SourceItem[];
  to?: DestinationItem[];
  services?: ServiceItem[] | null;
  methods?: string[] | null;
  paths?: PathPattern[] | null;
}

function familyMax(family: IpFamily): bigint {
  return (1n << BigInt(familyBits(family))) - 1n;
}

export function cidrBounds(cidr: Cidr): Interval {
  const span = (1n << BigInt(familyBits(cidr.family) - cidr.prefix)) - 1n;
  return { family: cidr.family, lo: cidr.value, hi: cidr.value | span };
}

function collectCidrs(
  topologies: readonly (Topology | undefined)[],
  policies: readonly PolicyModel[],
): Cidr[] {
  const out: Cidr[] = [];
  const add = (text: string): void => {
    const parsed = parseCidr(text);
    if (parsed) out.push(parsed.cidr);
  };
  for (const topology of topologies) {
    for (const zone of topology?.zones ?? []) zone.cidrs.forEach(add);
    for (const node of topology?.nodes ?? []) node.addresses.forEach(add);
  }
  for (const policy of policies) {
    for (const rule of policy.rules) {
      for (const item of [...rule.from, ...rule.to]) if (item.kind === 'cidr') add(item.cidr);
    }
  }
  return out;
}

function cutIntervals(cidrs: readonly Cidr[]): Interval[] {
  const out: Interval[] = [];
  for (const family of [4, 6] as const) {
    const starts = new Set<bigint>([0n]);
    for (const c of cidrs) {
      if (c.family !== family) continue;
      const { lo, hi } = cidrBounds(c);
      starts.add(lo);
      if (hi < familyMax(family)) starts.add(hi + 1n);
    }
    const sorted = [...starts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    sorted.forEach((lo, i) => {
      const hi = i + 1 < sorted.length ? sorted[i + 1]! - 1n : familyMax(family);
      out.push({ family, lo, hi });
    });
  }
  return out;
}

export function intervalText(interval: Interval): string {
  return formatIp({ family: interval.family, value: interval.lo });
}

function sourceAtoms(
  topologies: readonly (Topology | undefined)[],
  index: TopologyIndex,
  policies: readonly PolicyModel[],
  intervals: readonly Interval[],
): { atoms: SourceAtom[]; firstInterval: number } {
  const names: string[] = [];
  if (topologies.some((t) => t !== undefined)) {
    for (const topology of topologies) {
      for (const node of topology?.nodes ?? []) if (!names.includes(node.id)) names.push(node.id);
    }
  } else {
    // Without a topology any name is a valid source; `node:` items tell some apart.
    const named = new Set<string>();
    for (const policy of policies) {
      for (const rule of policy.rules) {
        for (const item of rule.from) if (item.kind === 'node') named.add(item.name);
      }
    }
    names.push(...[...named].filter((n) => parseIp(n) === null).sort());
    names.push(freshName('other-source', (n) => named.has(n)));
  }
  const atoms: SourceAtom[] = [];
  const resolve = (src: string, interval?: Interval): void => {
    const s = resolveFlow(index, { src, ip: '0.0.0.0', proto: 'icmp' }).source;
    const atom: SourceAtom = { src, ...s };
    if (interval) atom.interval = interval;
    atoms.push(atom);
  };
  for (const name of names) resolve(name);
  const firstInterval = atoms.length;
  for (const interval of intervals) resolve(intervalText(interval), interval);
  return { atoms, firstInterval };
}

function freshName(base: string, taken: (name: string) => boolean): string {
  let name = base;
  for (let i = 2; taken(name); i++) name = `${base}-${i}`;
  return name;
}

function hostAtoms(
  topology: Topology | undefined,
  topologies: readonly (Topology | undefined)[],
  policies: readonly PolicyModel[],
): {
  atoms: HostAtom[];
  hostsUnder: Map<string, number[]>;
  hostAtom: Map<string, number>;
  freshUnder: Map<string, number>;
  anotherHost: number;
} {
  const listedBy = new Map<string, TopologyNode>();
  for (const node of topology?.nodes ?? []) {
    for (const h of node.hosts) {
      const host = normalizeDomain(h);
      if (!listedBy.has(host)) listedBy.set(host, node);
    }
  }
  const named = new Set<string>();
  for (const t of topologies)
    for (const n of t?.nodes ?? []) n.hosts.forEach((h) => named.add(normalizeDomain(h)));
  const wildcards = new Set<string>();
  const visit = (item: DestinationItem): void => {
    if (item.kind === 'domain') named.add(normalizeDomain(item.domain));
    if (item.kind === 'wildcard') {
      const suffix = normalizeDomain(item.suffix);
      wildcards.add(suffix);
      named.add(suffix);
    }
  };
  for (const policy of policies) for (const rule of policy.rules) rule.to.forEach(visit);

  const atoms: HostAtom[] = [];
  const hostAtom = new Map<string, number>();
  const add = (host: string | null, isNamed: boolean): void => {
    const node = host === null ? null : (listedBy.get(host) ?? null);
    if (host !== null) hostAtom.set(host, atoms.length);
    atoms.push({ host, named: isNamed, node, implied: node ? firstAddressOf(node) : null });
  };
  for (const host of named) add(host, true);
  const freshUnder = new Map<string, number>();
  for (const suffix of [...wildcards].sort()) {
    freshUnder.set(suffix, atoms.length);
    add(
      freshName(`other.${suffix}`, (n) => named.has(n)),
      false,
    );
  }
  const coveredByWildcard = (host: string): boolean => wildcardChain(host, wildcards).length > 0;
  let other = 'another-host.example';
  for (let i = 2; named.has(other) || coveredByWildcard(other); i++) {
    other = `another-host.example${i}`;
  }
  const anotherHost = atoms.length;
  add(other, false);
  add(null, false);

  const hostsUnder = new Map<string, number[]>();
  for (const suffix of wildcards) hostsUnder.set(suffix, []);
  atoms.forEach((atom, i) => {
    if (atom.host === null) return;
    for (const suffix of wildcardChain(atom.host, wildcards)) hostsUnder.get(suffix)!.push(i);
  });
  return { atoms, hostsUnder, hostAtom, freshUnder, anotherHost };
}

/** The wildcard suffixes `host` lies under (every suffix after one of its dots). */
function wildcardChain(host: string, wildcards: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = host.indexOf('.'); i >= 0; i = host.indexOf('.', i + 1)) {
    const suffix = host.slice(i + 1);
    if (wildcards.has(suffix)) out.push(suffix);
  }
  return out;
}

function serviceAtoms(policies: readonly PolicyModel[]): ServiceAtom[] {
  const atoms: ServiceAtom[] = [];
  for (const proto of ['tcp', 'udp'] as const) {
    const starts = new Set<number>([1]);
    for (const policy of policies) {
      for (const rule of policy.rules) {
        for (const s of rule.services ?? []) {
          if (s.kind === 'proto' && s.proto === proto && s.ports) {
            starts.add(s.ports.lo);
            if (s.ports.hi < 65535) starts.add(s.ports.hi + 1);
          }
        }
      }
    }
    const sorted = [...starts].sort((a, b) => a - b);
    sorted.forEach((lo, i) => {
      atoms.push({ proto, lo, hi: i + 1 < sorted.length ? sorted[i + 1]! - 1 : 65535 });
    });
  }
  atoms.push({ proto: 'icmp', lo: 0, hi: 0 });
  return atoms;
}

const OTHER_METHODS = ['PATCH', 'OPTIONS', 'HEAD', 'DELETE', 'PUT', 'POST', 'GET', 'TRACE'];

function methodAtoms(policies: readonly PolicyModel[]): (string | null)[] {
  const named = new Set<string>();
  for (const policy of policies) {
    for (const rule of policy.rules) rule.methods?.forEach((m) => named.add(m));
  }
  let other = OTHER_METHODS.find((m) => !named.has(m));
  for (let i = 0; other === undefined; i++) {
    const candidate = `OTHER${'X'.repeat(i)}`;
    if (!named.has(candidate)) other = candidate;
  }
  return [null, ...[...named].sort(), other];
}

const PATH_CHARS = 'zyxwvu0123456789-_~abcdefghijklmnopqrst';

export function pathMatchesPattern(pattern: PathPattern, path: string): boolean {
  return pattern.prefix ? path.startsWith(pattern.path) : path === pattern.path;
}

function pathAtoms(policies: readonly PolicyModel[]): {
  paths: (string | null)[];
  patterns: PathPattern[];
} {
  const patterns: PathPattern[] = [];
  const seen = new Set<string>();
  for (const policy of policies) {
    for (const rule of policy.rules) {
      for (const p of rule.paths ?? []) {
        const key = `${p.prefix ? 'p' : 'e'}${p.path}`;
        if (!seen.has(key)) {
          seen.add(key);
          patterns.push(p);
        }
      }
    }
  }
  const exact = new Set(patterns.filter((p) => !p.prefix).map((p) => p.path));
  const prefixes = patterns.filter((p) => p.prefix).map((p) => p.path);
  // A path just beyond `base`: no longer prefix covers it and no exact path equals it.
  const beyond = (base: string): string | undefined => {
    for (const c of PATH_CHARS) {
      const path = base + c;
      if (exact.has(path)) continue;
      if (prefixes.some((q) => q.length > base.length && path.startsWith(q))) continue;
      return path;
    }
    return undefined;
  };
  const candidates: string[] = [...patterns.map((p) => p.path), '/'];
  for (const q of prefixes) {
    const path = beyond(q);
    if (path !== undefined) candidates.push(path);
  }
  const root = beyond('/');
  if (root !== undefined) candidates.push(root);
  const byVector = new Map<string, string>();
  for (const path of candidates) {
    if (!path.startsWith('/')) continue;
    const vector = patterns.map((p) => (pathMatchesPattern(p, path) ? '1' : '0')).join('');
    if (!byVector.has(vector)) byVector.set(vector, path);
  }
  return { paths: [null, ...byVector.values()], patterns };
}

/**
 * The atoms of the policies over `topology`. `topologies` (default: just `topology`) lists
 * every topology whose names and boundaries must be atoms too: a diff builds one set of
 * atoms for both sides, each side resolving them with its own topology.
 */
export function buildFlowAtoms(
  topology: Topology | undefined,
  policies: readonly PolicyModel[],
  extraItems: ExtraClauses = {},
  topologies: readonly (Topology | undefined)[] = [topology],
): FlowAtoms {
  const index = indexTopology(topology);
  const extra: PolicyModel = {
    name: 'extra',
    rules: [
      {
        id: 'extra',
        action: 'deny',
        index: 0,
        from: extraItems.from ?? [],
        to: extraItems.to ?? [],
        services: extraItems.services ?? null,
        methods: extraItems.methods ?? null,
        paths: extraItems.paths ?? null,
        log: false,
        description: null,
        range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
      },
    ],
    sets: [],
    default: { action: 'deny', log: false },
    expectations: [],
  };
  const all = [...policies, extra];
  const intervals = cutIntervals(collectCidrs(topologies, all));
  const sources = sourceAtoms(topologies, index, all, intervals);
  const hosts = hostAtoms(topology, topologies, all);
  const paths = pathAtoms(all);
  const ips: IpAtom[] = [{ interval: null, node: null }];
  for (const interval of intervals) {
    const text = intervalText(interval);
    const node = resolveFlow(index, { src: text, ip: text, proto: 'icmp' }).destination.node;
    ips.push({ interval, node });
  }
  return {
    sources: sources.atoms,
    firstSourceInterval: sources.firstInterval,
    hosts: hosts.atoms,
    hostsUnder: hosts.hostsUnder,
    hostAtom: hosts.hostAtom,
    freshUnder: hosts.freshUnder,
    anotherHost: hosts.anotherHost,
    ips,
    services: serviceAtoms(all),
    methods: methodAtoms(all),
    paths: paths.paths,
    pathPatterns: paths.patterns,
    intervals,
  };
}

function intervalOf(intervals: readonly Interval[], ip: IpAddress): number {
  let lo = 0;
  let hi = intervals.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const m = intervals[mid]!;
    if (m.family < ip.family || (m.family === ip.family && m.lo <= ip.value)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The atom of every dimension a concrete (valid) flow falls in: the bridge from a flow to
 * the symbolic sets, used by tests and by search filters given as flows.
 */
export function locateFlow(
  atoms: FlowAtoms,
  flow: Flow,
): Record<'source' | 'host' | 'ip' | 'service' | 'method' | 'path', number> {
  const srcIp = parseIp(flow.src);
  let source: number;
  if (srcIp !== null) source = atoms.firstSourceInterval + intervalOf(atoms.intervals, srcIp);
  else {
    source = atoms.sources.findIndex((s, i) => i < atoms.firstSourceInterval && s.src === flow.src);
    // Without a topology, a name no `node:` item mentions is "another name".
    if (source < 0) source = atoms.firstSourceInterval - 1;
  }
  let host = atoms.hosts.length - 1;
  if (flow.host !== undefined && flow.host !== '') {
    const name = normalizeDomain(flow.host);
    const known = atoms.hostAtom.get(name);
    if (known !== undefined && atoms.hosts[known]!.named) host = known;
    else {
      host = atoms.anotherHost;
      for (const suffix of wildcardChain(name, new Set(atoms.freshUnder.keys()))) {
        host = atoms.freshUnder.get(suffix)!;
        break;
      }
    }
  }
  const dstIp = flow.ip === undefined || flow.ip === '' ? null : parseIp(flow.ip);
  const ip = dstIp === null ? 0 : intervalOf(atoms.intervals, dstIp) + 1;
  const service = atoms.services.findIndex(
    (s) =>
      s.proto === flow.proto &&
      (s.proto === 'icmp' || (flow.port !== undefined && s.lo <= flow.port && flow.port <= s.hi)),
  );
  let method = 0;
  if (flow.method !== undefined) {
    method = atoms.methods.indexOf(flow.method);
    if (method < 0) method = atoms.methods.length - 1;
  }
  let path = 0;
  if (flow.path !== undefined) {
    const vector = (p: string): string =>
      atoms.pathPatterns.map((q) => (pathMatchesPattern(q, p) ? '1' : '0')).join('');
    const wanted = vector(flow.path);
    path = atoms.paths.findIndex((p) => p !== null && vector(p) === wanted);
  }
  return { source, host, ip, service, method, path };
}
