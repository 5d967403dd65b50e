/**
 * Seeded random projects for the Squid differential test. Everything lives on loopback
 * (127.0.0.0/8 is local to `lo`, so any 127.x address can be a client source or an origin
 * server): internal nodes in 127.16/16 (and 127.17/16), origins in 127.32/16, a cloud zone
 * 127.48/16, names no node lists in 127.40/16. A `hosts_file` maps every test name to an
 * address — for a listed host, its node's first address, as the topology's static DNS says.
 *
 * Policies mix every destination kind Squid must get exactly right (names, wildcards with and
 * without the apex, CIDRs, `node:`/`role:`/`zone:` with hosts and addresses), ports, methods
 * and paths; requests are plain-HTTP absolute URLs or CONNECT tunnels, by name or IP literal.
 */
import type {
  Action,
  DestinationItem,
  Flow,
  PathPattern,
  PolicyModel,
  Rule,
  ServiceItem,
  SourceItem,
  Topology,
  TopologyNode,
  Zone,
} from '../../../simulator/core/model.js';
import {
  cidrContainsIp,
  firstHostAddress,
  formatIp,
  parseCidr,
  parseIp,
} from '../../../simulator/net/ip.js';
import { Prng } from './prng.js';

/** The port the test Squid listens on: never a request's port. */
export const TEST_PROXY_PORT = 43128;

export interface SquidRequest {
  id: number;
  src: string;
  kind: 'http' | 'connect';
  method: string;
  /** A name or an IP literal, as the client writes it. */
  host: string;
  port: number;
  path: string;
}

export interface SquidCase {
  topology: Topology;
  policy: PolicyModel;
  /** name → address, for Squid's hosts_file. */
  hosts: Map<string, string>;
  requests: SquidRequest[];
}

const R0 = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
const ROLES = ['trainer', 'notebook', 'agent'];
const PORTS = [80, 443, 8080, 8085, 8090, 8091, 9000];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const PATHS = ['/', '/v1', '/v1/', '/v1/chat', '/v1/chat/x', '/health', '/healthz', '/a.b/c', '/x'];
const UNLISTED: [string, string][] = [
  ['mirror.test', '127.32.1.1'],
  ['x.y.hub.test', '127.40.9.1'],
  ['other.test', '127.48.7.7'],
  ['deep.files.hub.test', '127.40.9.2'],
  ['hubxtest.test', '127.40.9.3'],
];

function first(address: string): string {
  return formatIp(firstHostAddress(parseCidr(address)!.cidr));
}

function topologyFor(r: Prng): Topology {
  const zones: Zone[] = [];
  const guard = r.chance(0.85);
  zones.push({
    id: 'lan',
    kind: guard ? 'internal' : 'external',
    cidrs: guard ? ['127.16.0.0/16'] : [],
  });
  if (guard && r.chance(0.4)) zones.push({ id: 'lab', kind: 'internal', cidrs: ['127.17.0.0/16'] });
  zones.push(
    { id: 'internet', kind: 'external', cidrs: [] },
    { id: 'cloud', kind: 'external', cidrs: ['127.48.0.0/16'] },
  );
  const nodes: TopologyNode[] = [];
  const count = r.int(2, 4);
  for (let k = 1; k <= count; k++) {
    const zone = zones.some((z) => z.id === 'lab') && r.chance(0.3) ? 'lab' : 'lan';
    const net = zone === 'lab' ? 17 : 16;
    nodes.push({
      id: `int-${k}`,
      kind: 'generic',
      zone,
      roles: r.sample(ROLES, r.int(0, 2)),
      addresses: r.chance(0.06)
        ? []
        : [r.chance(0.5) ? `127.${net}.${k}.0/28` : `127.${net}.${k}.${r.int(1, 200)}`],
      hosts: [],
    });
  }
  const node = (
    id: string,
    zone: string,
    roles: string[],
    hosts: string[],
    addresses: string[],
  ): TopologyNode => ({
    id,
    kind: 'generic',
    zone,
    roles,
    addresses,
    hosts,
  });
  nodes.push(node('llm', 'internet', ['llm'], ['api.llm.test'], ['127.32.1.1']));
  nodes.push(
    node(
      'hub',
      'internet',
      ['hub'],
      ['hub.test', 'files.hub.test'],
      r.chance(0.6) ? ['127.32.2.0/30'] : [],
    ),
  );
  nodes.push(
    node(
      'cdn',
      'internet',
      r.chance(0.5) ? ['hub'] : [],
      ['cdn.hub.test'],
      r.chance(0.5) ? ['127.32.3.3'] : [],
    ),
  );
  nodes.push(node('store', 'cloud', ['storage'], ['store.cloud.test'], ['127.48.1.5']));
  nodes.push(node('bare', 'internet', [], [], ['127.32.9.9']));
  return { version: 1, name: 'random-squid', zones, nodes, edges: [] };
}

function hostsFor(t: Topology): Map<string, string> {
  const hosts = new Map<string, string>();
  let spare = 1;
  for (const n of t.nodes) {
    for (const h of n.hosts) {
      if (hosts.has(h)) continue;
      hosts.set(h, n.addresses.length > 0 ? first(n.addresses[0]!) : `127.40.1.${spare++}`);
    }
  }
  for (const [name, address] of UNLISTED) hosts.set(name, address);
  return hosts;
}

const DOMAINS = [
  'api.llm.test',
  'hub.test',
  'files.hub.test',
  'cdn.hub.test',
  'store.cloud.test',
  'mirror.test',
  'other.test',
];
const WILDCARDS = ['hub.test', 'test', 'llm.test', 'files.hub.test'];
const CIDRS = [
  '127.32.0.0/16',
  '127.32.1.1/32',
  '127.48.0.0/16',
  '127.40.0.0/16',
  '127.32.2.0/30',
  '127.40.9.0/24',
];
const SOURCE_CIDRS = [
  '127.16.0.0/16',
  '127.16.1.0/24',
  '127.16.0.0/17',
  '127.17.0.0/16',
  '127.99.0.0/16',
];

function sourceItem(r: Prng, t: Topology): SourceItem {
  const roll = r.next();
  if (roll < 0.12) return { kind: 'any', via: [] };
  if (roll < 0.4) return { kind: 'role', name: r.pick(ROLES), via: [] };
  if (roll < 0.6)
    return {
      kind: 'node',
      name: r.pick(t.nodes.filter((n) => n.id.startsWith('int-'))).id,
      via: [],
    };
  if (roll < 0.75) return { kind: 'zone', name: r.pick(['lan', 'lab']), via: [] };
  return { kind: 'cidr', cidr: formatCidrText(r.pick(SOURCE_CIDRS)), via: [] };
}

function formatCidrText(text: string): string {
  const c = parseCidr(text)!.cidr;
  return `${formatIp({ family: c.family, value: c.value })}/${c.prefix}`;
}

function destinationItem(r: Prng): DestinationItem {
  const roll = r.next();
  if (roll < 0.06) return { kind: 'any', via: [] };
  if (roll < 0.32) return { kind: 'domain', domain: r.pick(DOMAINS), via: [] };
  if (roll < 0.5) return { kind: 'wildcard', suffix: r.pick(WILDCARDS), via: [] };
  if (roll < 0.64) return { kind: 'cidr', cidr: formatCidrText(r.pick(CIDRS)), via: [] };
  if (roll < 0.8)
    return { kind: 'node', name: r.pick(['llm', 'hub', 'cdn', 'store', 'bare']), via: [] };
  if (roll < 0.9) return { kind: 'role', name: r.pick(['llm', 'hub', 'storage']), via: [] };
  return { kind: 'zone', name: r.pick(['internet', 'cloud']), via: [] };
}

function services(r: Prng): ServiceItem[] | null {
  const roll = r.next();
  if (roll < 0.15) return null;
  const tcp = (lo: number, hi = lo): ServiceItem => ({
    kind: 'proto',
    proto: 'tcp',
    ports: { lo, hi },
    via: [],
  });
  if (roll < 0.35) return [tcp(443)];
  if (roll < 0.5) return [tcp(80), tcp(443)];
  if (roll < 0.62) return [tcp(8080, 8090)];
  if (roll < 0.72) return [{ kind: 'proto', proto: 'tcp', via: [] }];
  if (roll < 0.8) return [{ kind: 'any', via: [] }];
  if (roll < 0.96) return [{ kind: 'proto', proto: 'udp', ports: { lo: 53, hi: 53 }, via: [] }];
  return [tcp(443), { kind: 'proto', proto: 'udp', ports: { lo: 53, hi: 53 }, via: [] }];
}

function paths(r: Prng): PathPattern[] | null {
  if (!r.chance(0.12)) return null;
  return r.pick([
    [{ path: '/v1/', prefix: true }],
    [{ path: '/health', prefix: false }],
    [
      { path: '/v1/chat', prefix: false },
      { path: '/a.b/', prefix: true },
    ],
  ]);
}

function policyFor(r: Prng, t: Topology): PolicyModel {
  const rules: Rule[] = [];
  const count = r.int(3, 9);
  for (let i = 0; i < count; i++) {
    const action: Action = r.chance(0.6) ? 'allow' : 'deny';
    const methods = r.chance(0.14) ? r.pick([['GET'], ['POST', 'PUT'], ['CONNECT']]) : null;
    const rulePaths = paths(r);
    // HTTP conditions on plain-HTTP ports mostly: on 443 they cannot be exact (CONNECT).
    const http = methods !== null || rulePaths !== null;
    const tcp = (lo: number, hi = lo): ServiceItem => ({
      kind: 'proto',
      proto: 'tcp',
      ports: { lo, hi },
      via: [],
    });
    const ruleServices =
      http && r.chance(0.85) ? [r.pick([tcp(80), tcp(8080, 8090)])] : services(r);
    rules.push({
      id: `r${i}-${action}`,
      action,
      index: i,
      from: Array.from({ length: r.int(1, 2) }, () => sourceItem(r, t)),
      to: Array.from({ length: r.int(1, 2) }, () => destinationItem(r)),
      services: ruleServices,
      methods,
      paths: rulePaths,
      log: r.chance(0.3),
      description: null,
      range: R0,
    });
  }
  return {
    name: 'random-squid',
    rules,
    sets: [],
    default: { action: r.chance(0.65) ? 'deny' : 'allow', log: r.chance(0.3) },
    expectations: [],
  };
}

/** A random address inside `cidr` (within its first 65536 addresses), either family. */
function randomIn(r: Prng, cidr: string): string {
  const c = parseCidr(cidr)!.cidr;
  const bits = c.family === 4 ? 32 : 128;
  const size = 1n << BigInt(bits - c.prefix);
  const span = size > 65536n ? 65536 : Number(size);
  return formatIp({ family: c.family, value: c.value + BigInt(r.int(0, span - 1)) });
}

function contains(cidr: string, ip: string): boolean {
  const c = parseCidr(cidr)!.cidr;
  const a = parseIp(ip);
  return a !== null && cidrContainsIp(c, a);
}

/** What requests are drawn from: the project, Squid's DNS, and where sources come from. */
interface RequestPools {
  topology: Topology;
  policy: PolicyModel;
  hosts: Map<string, string>;
  literals: string[];
  randomSource: (r: Prng) => string;
  /** Ports requests use when no rule says otherwise. */
  ports: number[];
}

/** A source aimed at one of a rule's `from` items. */
function aimedSource(r: Prng, pools: RequestPools, item: SourceItem): string {
  const t = pools.topology;
  const nodes =
    item.kind === 'role'
      ? t.nodes.filter((n) => n.roles.includes(item.name))
      : item.kind === 'node'
        ? t.nodes.filter((n) => n.id === item.name)
        : item.kind === 'zone'
          ? t.nodes.filter((n) => n.zone === item.name)
          : [];
  const addresses = nodes.flatMap((n) => n.addresses);
  if (addresses.length > 0) return randomIn(r, r.pick(addresses));
  if (item.kind === 'cidr') return randomIn(r, item.cidr);
  if (item.kind === 'zone') {
    const cidrs = t.zones.filter((z) => z.id === item.name).flatMap((z) => z.cidrs);
    if (cidrs.length > 0) return randomIn(r, r.pick(cidrs));
  }
  return pools.randomSource(r);
}

/** A host (name or literal) aimed at one of a rule's `to` items. */
function aimedHost(r: Prng, pools: RequestPools, item: DestinationItem): string {
  const names = [...pools.hosts.keys()];
  switch (item.kind) {
    case 'domain':
      return item.domain;
    case 'wildcard': {
      const under = names.filter((n) => n.endsWith(`.${item.suffix}`) || n === item.suffix);
      return under.length > 0 ? r.pick(under) : r.pick(names);
    }
    case 'cidr': {
      const inside = [...pools.hosts].filter(([, ip]) => contains(item.cidr, ip)).map(([n]) => n);
      return inside.length > 0 && r.chance(0.5) ? r.pick(inside) : randomIn(r, item.cidr);
    }
    case 'any':
      return r.chance(0.7) || pools.literals.length === 0 ? r.pick(names) : r.pick(pools.literals);
    default: {
      const nodes = pools.topology.nodes.filter((n) =>
        item.kind === 'node'
          ? n.id === item.name
          : item.kind === 'role'
            ? n.roles.includes(item.name)
            : n.zone === item.name,
      );
      const choices = nodes.flatMap((n) => [...n.hosts, ...n.addresses.map((a) => first(a))]);
      return choices.length > 0 ? r.pick(choices) : r.pick(names);
    }
  }
}

function aimedPort(r: Prng, pools: RequestPools, services: ServiceItem[] | null): number {
  const s = services === null ? undefined : r.pick(services);
  if (s?.kind !== 'proto' || !s.ports || s.proto !== 'tcp') return r.pick(pools.ports);
  const { lo, hi } = s.ports;
  const port = r.pick([lo, hi, lo - 1, hi + 1, lo]);
  return port >= 1 && port <= 65535 && port !== TEST_PROXY_PORT ? port : lo;
}

function aimedPath(r: Prng, paths: PathPattern[] | null): string {
  if (paths === null || r.chance(0.3)) return r.pick(PATHS);
  const p = r.pick(paths);
  return r.pick([p.path, `${p.path}x`, p.path.slice(0, -1) || '/', `${p.path}/more`]);
}

function requestsFor(r: Prng, pools: RequestPools, count: number): SquidRequest[] {
  const names = [...pools.hosts.keys()];
  const rules = pools.policy.rules;
  const out: SquidRequest[] = [];
  for (let id = 0; id < count; id++) {
    const rule = rules.length > 0 && r.chance(0.65) ? r.pick(rules) : null;
    const methods = rule?.methods ?? null;
    const kind =
      methods?.includes('CONNECT') && r.chance(0.6)
        ? 'connect'
        : r.chance(0.3)
          ? 'connect'
          : 'http';
    const plain = methods?.filter((m) => m !== 'CONNECT') ?? [];
    const method =
      kind === 'connect'
        ? 'CONNECT'
        : plain.length > 0 && r.chance(0.7)
          ? r.pick(plain)
          : r.pick(METHODS);
    const host = rule
      ? aimedHost(r, pools, r.pick(rule.to))
      : r.chance(0.75) || pools.literals.length === 0
        ? r.pick(names)
        : r.pick(pools.literals);
    out.push({
      id,
      src: rule ? aimedSource(r, pools, r.pick(rule.from)) : pools.randomSource(r),
      kind,
      method,
      host,
      port: rule ? aimedPort(r, pools, rule.services) : r.pick(pools.ports),
      path: kind === 'connect' ? '' : aimedPath(r, rule?.paths ?? null),
    });
  }
  return out;
}

const LOOPBACK_LITERALS = [
  '127.32.1.1',
  '127.32.2.1',
  '127.32.3.3',
  '127.32.9.9',
  '127.48.1.5',
  '127.48.2.2',
  '127.40.9.1',
  '127.33.0.1',
];

export function randomSquidCase(seed: number, count: number): SquidCase {
  const r = new Prng(seed);
  const topology = topologyFor(r);
  const hosts = hostsFor(topology);
  const policy = policyFor(r, topology);
  const internal = topology.nodes.filter((n) => n.id.startsWith('int-') && n.addresses.length > 0);
  const pools: RequestPools = {
    topology,
    policy,
    hosts,
    literals: LOOPBACK_LITERALS,
    ports: PORTS,
    randomSource: (rr) => {
      const roll = rr.next();
      if (roll < 0.6 && internal.length > 0) return randomIn(rr, rr.pick(internal).addresses[0]!);
      if (roll < 0.88) return randomIn(rr, rr.pick(['127.16.0.0/16', '127.17.0.0/16']));
      return randomIn(rr, '127.99.0.0/16');
    },
  };
  return { topology, policy, hosts, requests: requestsFor(r, pools, count) };
}

/**
 * Requests for an example project: its own addresses (the test puts them on `lo` of a private
 * namespace), a hosts_file from its topology (address-less hosts, policy names and wildcard
 * probes get spare addresses from 198.18.0.0/15), aimed at its rules.
 */
export function exampleSquidCase(
  seed: number,
  topology: Topology,
  policy: PolicyModel,
  count: number,
  usable: (address: string) => boolean,
): SquidCase {
  const r = new Prng(seed);
  const hosts = new Map<string, string>();
  let spare = 1;
  const spareAddress = (): string => `198.18.${Math.floor(spare / 250)}.${(spare++ % 250) + 1}`;
  for (const n of topology.nodes) {
    const address = n.addresses.map(first).find(usable);
    for (const h of n.hosts) if (!hosts.has(h)) hosts.set(h, address ?? spareAddress());
  }
  for (const rule of policy.rules) {
    for (const item of rule.to) {
      const names =
        item.kind === 'domain'
          ? [item.domain]
          : item.kind === 'wildcard'
            ? [item.suffix, `probe.${item.suffix}`, `deep.probe.${item.suffix}`]
            : [];
      for (const name of names) if (!hosts.has(name)) hosts.set(name, spareAddress());
    }
  }
  hosts.set('unlisted.example', spareAddress());
  const literals = [
    ...topology.nodes.flatMap((n) => n.addresses.map(first)),
    ...policy.rules.flatMap((rule) =>
      rule.to.flatMap((i) => (i.kind === 'cidr' ? [first(i.cidr)] : [])),
    ),
  ].filter(usable);
  const ports = new Set<number>([80, 443]);
  for (const rule of policy.rules) {
    for (const s of rule.services ?? []) {
      if (s.kind === 'proto' && s.proto === 'tcp' && s.ports) ports.add(s.ports.lo);
    }
  }
  ports.delete(TEST_PROXY_PORT);
  const internalZones = topology.zones.filter((z) => z.kind === 'internal');
  const internalNodes = topology.nodes.filter(
    (n) => internalZones.some((z) => z.id === n.zone) && n.addresses.length > 0,
  );
  const pools: RequestPools = {
    topology,
    policy,
    hosts,
    literals,
    ports: [...ports].sort((a, b) => a - b),
    randomSource: (rr) => {
      const roll = rr.next();
      if (roll < 0.7 && internalNodes.length > 0) {
        return randomIn(rr, rr.pick(rr.pick(internalNodes).addresses));
      }
      const cidrs = internalZones.flatMap((z) => z.cidrs);
      if (roll < 0.9 && cidrs.length > 0) return randomIn(rr, rr.pick(cidrs));
      return rr.pick(['198.18.250.1', '2001:db8:ffff::99']);
    },
  };
  const requests = requestsFor(r, pools, count * 2)
    .filter((q) => usable(q.src) && (parseIp(q.host) === null || usable(q.host)))
    .slice(0, count)
    .map((q, id) => ({ ...q, id }));
  return { topology, policy, hosts, requests };
}

/** The flow the simulator judges for a request: what Squid sees, with Squid's DNS answer. */
export function flowOf(req: SquidRequest, hosts: Map<string, string>): Flow {
  const literal = parseIp(req.host) !== null;
  return {
    src: req.src,
    ...(literal ? {} : { host: req.host }),
    ip: literal ? req.host : hosts.get(req.host)!,
    proto: 'tcp',
    port: req.port,
    method: req.method,
    ...(req.kind === 'http' ? { path: req.path } : {}),
  };
}
