/**
 * Seeded random projects for the firewall differential tests: a topology (internal and
 * external zones, nodes with nested addresses so that longest-prefix resolution matters,
 * now and then a node without addresses) and a policy of CIDR and `role:`/`node:`/`zone:`
 * rules on TCP/UDP ports, with denies, logging and either default — the L3 subset a firewall
 * can enforce exactly, plus a sprinkle of domain and HTTP-method rules so that the
 * "compare only exact rules" logic is exercised too.
 *
 * Flows are packets: a source IP, a destination IP, tcp or udp and a port, drawn so that they
 * land on the interesting edges (inside, at the edge and just outside of every CIDR, at LO-1,
 * LO, HI and HI+1 of every port range, from internal, unzoned and external sources). All
 * addresses come from 10.0.0.0/8, fd00::/8 and the documentation ranges: they only ever
 * exist inside the test's own namespaces.
 */
import type {
  Action,
  DestinationItem,
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
  formatCidr,
  formatIp,
  parseCidr,
  parseIp,
} from '../../../simulator/net/ip.js';
import { Prng } from './prng.js';

export interface L3Flow {
  id: number;
  src: string;
  dst: string;
  proto: 'tcp' | 'udp';
  port: number;
}

const R0 = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

/** Where generated addresses may come from: private and documentation space only. */
const SAFE = [
  '10.0.0.0/8',
  '192.0.2.0/24',
  '198.51.100.0/24',
  '203.0.113.0/24',
  'fd00::/8',
  '2001:db8::/32',
].map((c) => parseCidr(c)!.cidr);
/** Never used: the lab's link addresses live here. */
const RESERVED = ['fdff::/16', '100.64.0.0/10'].map((c) => parseCidr(c)!.cidr);
/** Addresses a host cannot own or route like a unicast address. */
const SPECIAL = [
  '0.0.0.0/8',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '224.0.0.0/3',
  '::/8',
  'fe80::/10',
  'ff00::/8',
].map((c) => parseCidr(c)!.cidr);

/** For example projects: any unicast address outside the lab's own link ranges. */
export function isUnicastLabAddress(text: string): boolean {
  const ip = parseIp(text);
  return ip !== null && ![...SPECIAL, ...RESERVED].some((c) => cidrContainsIp(c, ip));
}

export function isSafeTestAddress(text: string): boolean {
  const ip = parseIp(text);
  return (
    ip !== null &&
    SAFE.some((c) => cidrContainsIp(c, ip)) &&
    !RESERVED.some((c) => cidrContainsIp(c, ip))
  );
}

const ROLES = ['trainer', 'notebook', 'gateway', 'batch'];
const PORTS = [22, 53, 80, 443, 5432, 8080, 8443, 9000];
const RANGES = [
  { lo: 8000, hi: 8100 },
  { lo: 1000, hi: 2000 },
  { lo: 443, hi: 444 },
  { lo: 5000, hi: 5010 },
];

function cidrText(text: string): string {
  return formatCidr(parseCidr(text)!.cidr);
}

function shortAddress(text: string): string {
  const c = parseCidr(text)!.cidr;
  const full = c.family === 4 ? 32 : 128;
  return c.prefix === full ? formatIp({ family: c.family, value: c.value }) : formatCidr(c);
}

interface Generated {
  topology: Topology;
  policy: PolicyModel;
}

function makeTopology(r: Prng): Topology {
  const withGuard = r.chance(0.85);
  const v6 = r.chance(0.6);
  const zones: Zone[] = [];
  if (withGuard) {
    zones.push({
      id: 'lan',
      kind: 'internal',
      cidrs: ['10.40.0.0/16', ...(v6 ? ['fd40::/48'] : [])],
    });
    if (r.chance(0.5)) zones.push({ id: 'lab', kind: 'internal', cidrs: ['10.41.0.0/16'] });
  } else {
    zones.push(
      { id: 'lan', kind: 'external', cidrs: [] },
      { id: 'lab', kind: 'external', cidrs: [] },
    );
  }
  zones.push({ id: 'internet', kind: 'external', cidrs: [] });
  zones.push({
    id: 'partner',
    kind: 'external',
    cidrs: ['198.51.100.0/24', ...(v6 ? ['2001:db8:51::/48'] : [])],
  });
  if (r.chance(0.5)) zones.push({ id: 'cloud', kind: 'external', cidrs: ['203.0.113.0/24'] });
  const zoneIds = new Set(zones.map((z) => z.id));
  const internalZone = (): string => (zoneIds.has('lab') && r.chance(0.3) ? 'lab' : 'lan');

  const nodes: TopologyNode[] = [];
  const count = r.int(3, 6);
  for (let k = 1; k <= count; k++) {
    const zone = internalZone();
    const base = zone === 'lab' ? 41 : 40;
    const addresses: string[] = [];
    if (!r.chance(0.03)) {
      addresses.push(r.chance(0.5) ? `10.${base}.${k}.0/28` : `10.${base}.${k}.${r.int(1, 254)}`);
      if (v6 && zone === 'lan' && r.chance(0.5)) {
        addresses.push(
          r.chance(0.5) ? `fd40:0:0:${k}::/64` : `fd40:0:0:${k}::${r.int(1, 255).toString(16)}`,
        );
      }
    }
    nodes.push({
      id: `int-${k}`,
      kind: 'generic',
      zone,
      roles: r.sample(ROLES, r.int(0, 2)),
      addresses: addresses.map(shortAddress),
      hosts: [],
    });
  }
  // A node nested inside another node's block: longest-prefix resolution decides.
  const outer = nodes.find((n) => n.addresses[0]?.endsWith('/28'));
  if (outer && r.chance(0.7)) {
    const block = parseCidr(outer.addresses[0]!)!.cidr;
    nodes.push({
      id: 'nested',
      kind: 'generic',
      zone: outer.zone,
      roles: r.sample(ROLES, r.int(0, 1)),
      addresses: [formatCidr({ family: 4, value: block.value + 8n, prefix: 29 })],
      hosts: [],
    });
  }
  nodes.push({
    id: 'dns',
    kind: 'generic',
    zone: 'lan',
    roles: ['resolver'],
    addresses: ['10.40.255.2'],
    hosts: [],
  });
  const externals = r.int(2, 4);
  for (let k = 1; k <= externals; k++) {
    const where = r.pick(['partner', 'partner', 'cloud', 'internet'].filter((z) => zoneIds.has(z)));
    const addresses =
      where === 'partner'
        ? [`198.51.100.${16 * k}/28`, ...(v6 && r.chance(0.5) ? [`2001:db8:51:${k}::/64`] : [])]
        : where === 'cloud'
          ? [`203.0.113.${k * 10}`]
          : [`192.0.2.${k * 20}/30`];
    nodes.push({
      id: `ext-${k}`,
      kind: 'generic',
      zone: where,
      roles: r.sample(['llm', 'hub', 'storage'], r.int(0, 1)),
      addresses: addresses.map(shortAddress),
      hosts: r.chance(0.3) ? [`svc${k}.example.test`] : [],
    });
  }
  return { version: 1, name: 'random-l3', zones, nodes, edges: [] };
}

function ruleCidrs(t: Topology): string[] {
  const out = new Set<string>();
  for (const z of t.zones) z.cidrs.forEach((c) => out.add(cidrText(c)));
  for (const n of t.nodes) n.addresses.forEach((a) => out.add(cidrText(a)));
  [
    '198.51.100.0/25',
    '198.51.100.128/25',
    '203.0.113.0/26',
    '10.40.0.0/17',
    '10.40.1.0/29',
    '192.0.2.0/24',
    '2001:db8:51::/49',
    'fd40::/64',
  ].forEach((c) => out.add(cidrText(c)));
  return [...out];
}

function sourceItem(r: Prng, t: Topology, cidrs: string[]): SourceItem {
  const roll = r.next();
  if (roll < 0.08) return { kind: 'any', via: [] };
  if (roll < 0.33) return { kind: 'role', name: r.pick(ROLES), via: [] };
  if (roll < 0.53) return { kind: 'node', name: r.pick(t.nodes).id, via: [] };
  if (roll < 0.68) return { kind: 'zone', name: r.pick(t.zones).id, via: [] };
  return { kind: 'cidr', cidr: r.pick(cidrs), via: [] };
}

function destinationItem(r: Prng, t: Topology, cidrs: string[]): DestinationItem {
  const roll = r.next();
  if (roll < 0.06) return { kind: 'any', via: [] };
  if (roll < 0.5)
    return { kind: 'cidr', cidr: r.pick(cidrs), via: r.chance(0.2) ? ['nets_shared'] : [] };
  if (roll < 0.7) return { kind: 'node', name: r.pick(t.nodes).id, via: [] };
  if (roll < 0.8)
    return { kind: 'role', name: r.pick([...ROLES, 'llm', 'hub', 'resolver']), via: [] };
  if (roll < 0.98) return { kind: 'zone', name: r.pick(t.zones).id, via: [] };
  return { kind: 'domain', domain: 'svc1.example.test', via: [] };
}

function serviceItem(r: Prng): ServiceItem {
  const roll = r.next();
  if (roll < 0.4)
    return { kind: 'proto', proto: 'tcp', ports: { lo: r.pick(PORTS), hi: 0 }, via: [] };
  if (roll < 0.55) return { kind: 'proto', proto: 'tcp', ports: { ...r.pick(RANGES) }, via: [] };
  if (roll < 0.78)
    return { kind: 'proto', proto: 'udp', ports: { lo: r.pick(PORTS), hi: 0 }, via: [] };
  if (roll < 0.84) return { kind: 'proto', proto: 'udp', ports: { ...r.pick(RANGES) }, via: [] };
  if (roll < 0.9) return { kind: 'proto', proto: 'tcp', via: [] };
  if (roll < 0.94) return { kind: 'proto', proto: 'udp', via: [] };
  if (roll < 0.97) return { kind: 'proto', proto: 'icmp', via: [] };
  return { kind: 'any', via: [] };
}

function fixPorts(s: ServiceItem): ServiceItem {
  if (s.kind === 'proto' && s.ports && s.ports.hi === 0)
    return { ...s, ports: { lo: s.ports.lo, hi: s.ports.lo } };
  return s;
}

function makePolicy(r: Prng, t: Topology): PolicyModel {
  const cidrs = ruleCidrs(t);
  const rules: Rule[] = [];
  const count = r.int(3, 10);
  for (let i = 0; i < count; i++) {
    const action: Action = r.chance(0.6) ? 'allow' : 'deny';
    const from = Array.from({ length: r.int(1, 2) }, () => sourceItem(r, t, cidrs));
    const to = Array.from({ length: r.int(1, 2) }, () => destinationItem(r, t, cidrs));
    const services = r.chance(0.12)
      ? null
      : Array.from({ length: r.int(1, 3) }, () => fixPorts(serviceItem(r)));
    rules.push({
      id: `r${i}-${action}`,
      action,
      index: i,
      from,
      to,
      services,
      methods: r.chance(0.02) ? ['GET'] : null,
      paths: null,
      log: r.chance(0.3),
      description: r.chance(0.3) ? `Generated rule ${i}.` : null,
      range: R0,
    });
  }
  return {
    name: 'random-l3',
    rules,
    sets: [],
    default: { action: r.chance(0.7) ? 'deny' : 'allow', log: r.chance(0.3) },
    expectations: [],
  };
}

export function randomL3Project(seed: number): Generated {
  const r = new Prng(seed);
  const topology = makeTopology(r);
  return { topology, policy: makePolicy(r, topology) };
}

/** An address inside `cidr`: its first, a random, or its last address, or one just outside. */
function addressNear(
  r: Prng,
  cidr: string,
  outside: boolean,
  usable: (address: string) => boolean,
): string | null {
  const c = parseCidr(cidr)!.cidr;
  const bits = c.family === 4 ? 32 : 128;
  const size = 1n << BigInt(bits - c.prefix);
  let value: bigint;
  if (outside) value = r.chance(0.5) ? c.value - 1n : c.value + size;
  else {
    const where = r.int(0, 3);
    const span = size > 1_000_000n ? 1_000_000n : size;
    value =
      where === 0
        ? c.value
        : where === 1
          ? c.value + size - 1n
          : c.value + BigInt(r.int(0, Number(span) - 1));
  }
  if (value < 0n || value >= 1n << BigInt(bits)) return null;
  const text = formatIp({ family: c.family, value });
  return usable(text) ? text : null;
}

function familyOf(text: string): 4 | 6 {
  return text.includes(':') ? 6 : 4;
}

/** Addresses an item stands for, to aim flows at it (approximate: boundaries come on top). */
function itemAddresses(
  item: SourceItem | DestinationItem,
  topology: Topology,
  policy: PolicyModel,
): string[] {
  switch (item.kind) {
    case 'any':
      return [];
    case 'cidr':
      return [item.cidr];
    case 'role':
      return topology.nodes.filter((n) => n.roles.includes(item.name)).flatMap((n) => n.addresses);
    case 'node':
      return topology.nodes.filter((n) => n.id === item.name).flatMap((n) => n.addresses);
    case 'zone':
      return [
        ...topology.zones.filter((z) => z.id === item.name).flatMap((z) => z.cidrs),
        ...topology.nodes.filter((n) => n.zone === item.name).flatMap((n) => n.addresses),
      ];
    case 'domain':
      return topology.nodes
        .filter((n) => n.hosts.includes(item.domain))
        .flatMap((n) => n.addresses);
    case 'wildcard':
      void policy;
      return topology.nodes
        .filter((n) => n.hosts.some((h) => h.endsWith(`.${item.suffix}`)))
        .flatMap((n) => n.addresses);
  }
}

/** A protocol and port aimed at one of a rule's services: inside, or just outside a range. */
function aimedService(
  r: Prng,
  services: ServiceItem[] | null,
  fallback: number[],
): { proto: 'tcp' | 'udp'; port: number } {
  const s = services === null ? undefined : r.pick(services);
  const proto: 'tcp' | 'udp' =
    s?.kind === 'proto' && s.proto !== 'icmp' ? s.proto : r.chance(0.7) ? 'tcp' : 'udp';
  if (s?.kind !== 'proto' || !s.ports) return { proto, port: r.pick(fallback) };
  const { lo, hi } = s.ports;
  const port = r.pick([lo, hi, lo, hi, lo - 1, hi + 1, lo + Math.floor((hi - lo) / 2)]);
  return { proto, port: port >= 1 && port <= 65535 ? port : lo };
}

/**
 * Packets to try against a generated (or example) project: most aimed at a rule (its sources,
 * its destinations, its ports, with their edges), the rest drawn from the whole topology,
 * some from outside sources.
 */
export function randomL3Flows(
  seed: number,
  topology: Topology,
  policy: PolicyModel,
  count: number,
  usable: (address: string) => boolean = isSafeTestAddress,
): L3Flow[] {
  const r = new Prng(seed ^ 0x5bd1e995);
  const otherNodes = topology.nodes.filter((n) => n.addresses.length > 0);
  const hasInternal = topology.zones.some((z) => z.kind === 'internal');
  const internalNodes = hasInternal
    ? otherNodes.filter((n) => topology.zones.find((z) => z.id === n.zone)?.kind === 'internal')
    : otherNodes;
  const zoneCidrs = topology.zones.flatMap((z) => z.cidrs);
  const internalCidrs = hasInternal
    ? topology.zones.filter((z) => z.kind === 'internal').flatMap((z) => z.cidrs)
    : zoneCidrs;
  const ruleCidrList = policy.rules.flatMap((rule) => [
    ...rule.to.flatMap((i) => (i.kind === 'cidr' ? [i.cidr] : [])),
    ...rule.from.flatMap((i) => (i.kind === 'cidr' ? [i.cidr] : [])),
  ]);
  const portPool = new Set<number>(PORTS);
  for (const rule of policy.rules) {
    for (const s of rule.services ?? []) {
      if (s.kind !== 'proto' || !s.ports) continue;
      for (const p of [s.ports.lo - 1, s.ports.lo, s.ports.hi, s.ports.hi + 1]) {
        if (p >= 1 && p <= 65535) portPool.add(p);
      }
    }
  }
  const ports = [...portPool].sort((a, b) => a - b);
  const pickFrom = (list: string[], outside = false): string | null =>
    list.length === 0 ? null : addressNear(r, r.pick(list), outside, usable);
  const extra = (list: string[]): string | null => {
    const text = r.pick(list);
    return usable(text) ? text : null;
  };
  const source = (): string | null => {
    const roll = r.next();
    if (roll < 0.6 && internalNodes.length > 0) return pickFrom(r.pick(internalNodes).addresses);
    if (roll < 0.85) return pickFrom(internalCidrs);
    if (roll < 0.92) return pickFrom(ruleCidrList);
    return extra(['10.99.0.7', '192.0.2.200', 'fd99::7', '198.51.100.250', '2001:db8:99::1']);
  };
  const destination = (): string | null => {
    const roll = r.next();
    if (roll < 0.4 && otherNodes.length > 0) return pickFrom(r.pick(otherNodes).addresses);
    if (roll < 0.75) return pickFrom(ruleCidrList, r.chance(0.25));
    if (roll < 0.9) return pickFrom(zoneCidrs);
    return extra(['192.0.2.77', '203.0.113.200', '10.77.0.1', '2001:db8:77::1', 'fd77::1']);
  };
  const aimed = (): Omit<L3Flow, 'id'> | null => {
    const rule = r.pick(policy.rules);
    const from = itemAddresses(r.pick(rule.from), topology, policy);
    const to = itemAddresses(r.pick(rule.to), topology, policy);
    const s = from.length > 0 ? pickFrom(from, r.chance(0.1)) : source();
    const d = to.length > 0 ? pickFrom(to, r.chance(0.15)) : destination();
    if (s === null || d === null) return null;
    return { src: s, dst: d, ...aimedService(r, rule.services, ports) };
  };
  const sources = new Set<string>();
  const destinations = new Set<string>();
  const flows: L3Flow[] = [];
  for (let attempts = 0; flows.length < count && attempts < count * 50; attempts++) {
    let candidate: Omit<L3Flow, 'id'> | null;
    if (policy.rules.length > 0 && r.chance(0.6)) candidate = aimed();
    else {
      const s = source();
      const d = destination();
      candidate =
        s === null || d === null
          ? null
          : { src: s, dst: d, proto: r.chance(0.7) ? 'tcp' : 'udp', port: r.pick(ports) };
    }
    if (candidate === null) continue;
    const { src: s, dst: d } = candidate;
    if (s === d || familyOf(s) !== familyOf(d)) continue;
    // A lab address lives on one side of the gateway only.
    if (destinations.has(s) || sources.has(d)) continue;
    sources.add(s);
    destinations.add(d);
    flows.push({ id: flows.length, ...candidate });
  }
  return flows;
}
