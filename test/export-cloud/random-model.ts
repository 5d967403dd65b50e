/**
 * Seeded random topologies, policies and flows for the exporters' differential tests.
 * Small shared pools make CIDRs nest and overlap, ports land on range edges, and names sit
 * under wildcards at one and two labels' depth. A seed reproduces a case exactly.
 */
import type {
  Action,
  Flow,
  PolicyModel,
  Protocol,
  Rule,
  Topology,
  TopologyNode,
} from '../../simulator/core/model.js';
import { formatIp, parseCidr } from '../../simulator/net/ip.js';
import { firstAddressOf } from '../../simulator/engine/node-address.js';
import { indexTopology, resolveFlow } from '../../simulator/engine/index.js';
import type { TopologyIndex } from '../../simulator/engine/index.js';
import { sampleAddresses, cidrTextSet } from '../../simulator/export/model/ip-set.js';
import { node, policy, rule, topology, zone } from './builders.js';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  some<T>(list: readonly T[], max: number, min = 0): T[] {
    const n = min + this.int(max - min + 1);
    const out: T[] = [];
    for (let i = 0; i < n; i++) {
      const v = this.pick(list);
      if (!out.includes(v)) out.push(v);
    }
    return out;
  }
}

const ROLES = ['trainer', 'notebook', 'db', 'gateway'];
const INTERNAL_ADDRESSES = [
  '10.0.1.0/24',
  '10.0.1.128/25',
  '10.0.2.15',
  '10.0.3.0/24',
  '10.1.0.0/16',
  '10.1.5.0/24',
  'fd00:10::15',
  'fd00:10:1::/48',
];
const EXTERNAL_ADDRESSES = ['151.101.0.223', '52.216.0.0/15', '52.216.7.0/24', '2606:4700::1111'];
export const DOMAINS = [
  'pypi.org',
  'huggingface.co',
  'cdn.huggingface.co',
  'api.openai.com',
  's3.amazonaws.com',
];
const SUFFIXES = ['huggingface.co', 'amazonaws.com', 'openai.com'];
const DEST_CIDRS = [
  '0.0.0.0/0',
  '::/0',
  '10.0.0.0/8',
  '10.0.0.0/16',
  '10.0.1.0/24',
  '10.0.1.128/25',
  '10.0.2.15/32',
  '10.1.0.0/16',
  '151.101.0.0/16',
  '151.101.0.223/32',
  '169.254.169.254/32',
  '52.216.0.0/15',
  'fd00::/8',
  'fd00:10::/32',
  '2606:4700::/32',
];
const SOURCE_CIDRS = ['10.0.0.0/8', '10.0.1.0/24', '10.0.1.0/25', '10.1.0.0/16', 'fd00::/8'];
const SERVICES = [
  'tcp/443',
  'tcp/80',
  'tcp/53',
  'udp/53',
  'tcp/8000-8100',
  'tcp/440-450',
  'tcp',
  'udp',
  'icmp',
  'any',
];
const PORTS = [
  1, 52, 53, 54, 79, 80, 81, 439, 440, 443, 450, 451, 7999, 8000, 8050, 8100, 8101, 65535,
];

export function randomTopology(rng: Rng): Topology {
  const nodes: TopologyNode[] = [];
  const internalCount = 2 + rng.int(4);
  for (let i = 0; i < internalCount; i++) {
    nodes.push(
      node(`n${i}`, rng.chance(0.7) ? 'vpc' : 'data', {
        roles: rng.some(ROLES, 2, rng.chance(0.85) ? 1 : 0),
        addresses: rng.some(INTERNAL_ADDRESSES, 2, 1),
      }),
    );
  }
  const externalCount = 1 + rng.int(3);
  for (let i = 0; i < externalCount; i++) {
    nodes.push(
      node(`x${i}`, rng.chance(0.5) ? 'internet' : 'cloud', {
        roles: rng.chance(0.3) ? ['llm'] : [],
        hosts: rng.some(DOMAINS, 2, rng.chance(0.8) ? 1 : 0),
        addresses: rng.chance(0.6) ? rng.some(EXTERNAL_ADDRESSES, 2, 1) : [],
      }),
    );
  }
  return topology(
    [
      zone('vpc', 'internal', ['10.0.0.0/16', 'fd00:10::/32']),
      zone('data', 'internal', ['10.1.0.0/16']),
      zone('internet', 'external'),
      zone('cloud', 'external', ['52.0.0.0/8']),
    ],
    nodes,
  );
}

export interface RandomPolicyOptions {
  /** Allow domain and wildcard destinations. */
  names: boolean;
  /** Allow `methods`/`paths` clauses. */
  http: boolean;
}

export function randomPolicy(rng: Rng, t: Topology, options: RandomPolicyOptions): PolicyModel {
  const nodeIds = t.nodes.map((n) => n.id);
  const rules: Rule[] = [];
  const count = 1 + rng.int(7);
  for (let i = 0; i < count; i++) {
    const from = rng.some(
      [
        'any',
        ...ROLES.map((r) => `role:${r}`),
        ...nodeIds.filter((n) => n.startsWith('n')).map((n) => `node:${n}`),
        'zone:vpc',
        'zone:data',
        ...SOURCE_CIDRS,
      ],
      2,
      1,
    );
    const destinations = [
      'any',
      ...DEST_CIDRS,
      ...DEST_CIDRS,
      ...ROLES.map((r) => `role:${r}`),
      ...nodeIds.map((n) => `node:${n}`),
      'zone:cloud',
      'zone:data',
      ...(options.names ? [...DOMAINS, ...SUFFIXES.map((s) => `*.${s}`)] : []),
    ];
    const to = rng.some(destinations, 2, 1);
    const action: Action = rng.chance(0.55) ? 'allow' : 'deny';
    rules.push(
      rule(`r${i}`, action, {
        from,
        to,
        ...(rng.chance(0.8) ? { on: rng.some(SERVICES, 2, 1) } : {}),
        ...(options.http && rng.chance(0.15) ? { methods: ['POST'] } : {}),
      }),
    );
  }
  return policy(rules, rng.chance(0.3) ? 'allow' : 'deny');
}

/** A flow's destination as an address-based target sees it. */
export interface TestFlow {
  flow: Flow;
  /** The destination address (the flow's own, or the one the topology implies). */
  ip: string;
}

/**
 * Flows from internal nodes with a role to addresses (and to names of nodes with
 * addresses), keeping only consistent flows: a flow naming a node's host goes to an
 * address that node owns.
 */
export function randomFlows(
  rng: Rng,
  t: Topology,
  count: number,
  names: readonly string[] = [],
): TestFlow[] {
  const book = new TopologyOracle(t);
  const sources = book.internalNodes.filter((n) => n.roles.length > 0);
  if (sources.length === 0) return [];
  const ips = new Set<string>();
  for (const text of [...DEST_CIDRS, ...t.nodes.flatMap((n) => n.addresses)]) {
    for (const a of sampleAddresses(cidrTextSet(text))) ips.add(formatIp(a));
    const parsed = parseCidr(text);
    if (parsed && parsed.cidr.value > 0n)
      ips.add(formatIp({ family: parsed.cidr.family, value: parsed.cidr.value - 1n }));
  }
  const ipList = [...ips].sort();
  const out: TestFlow[] = [];
  for (let i = 0; i < count * 4 && out.length < count; i++) {
    const src = rng.pick(sources);
    const proto: Protocol = rng.pick(['tcp', 'tcp', 'tcp', 'udp', 'icmp'] as const);
    const flow: Flow = {
      src: src.id,
      proto,
      ...(proto === 'icmp' ? {} : { port: rng.pick(PORTS) }),
    };
    const hostNodes = t.nodes.filter((n) => n.hosts.length > 0 && n.addresses.length > 0);
    const kind = rng.int(4);
    if (kind === 0 && hostNodes.length > 0) {
      const target = rng.pick(hostNodes);
      const host = rng.pick(target.hosts);
      // The host resolves to the first node listing it; the topology gives its address.
      if (t.nodes.find((n) => n.hosts.includes(host)) !== target) continue;
      const first = firstAddressOf(target);
      if (first === null || book.owner(formatIp(first))?.id !== target.id) continue;
      flow.host = host;
      out.push({ flow, ip: formatIp(first) });
      continue;
    }
    const ip = rng.pick(ipList);
    flow.ip = ip;
    if (kind === 1 && names.length > 0) {
      // A name no node lists, on any address: only name rules can tell.
      const host = rng.pick(names);
      if (t.nodes.some((n) => n.hosts.includes(host))) continue;
      flow.host = host;
    }
    out.push({ flow, ip });
  }
  return out;
}

/** Hosts for name-aware targets: each domain, and names one and two labels under each suffix. */
export const NAME_PROBES = [
  ...DOMAINS,
  ...SUFFIXES,
  ...SUFFIXES.map((s) => `a.${s}`),
  ...SUFFIXES.map((s) => `b.a.${s}`),
  'example.net',
];

/**
 * The oracle's view of the topology, from the engine's own resolver and independent of the
 * export model: the node an address resolves to, and the nodes the outbound-only guard lets
 * through (all of them when the topology declares no internal zone).
 */
export class TopologyOracle {
  private readonly index: TopologyIndex;

  constructor(private readonly t: Topology) {
    this.index = indexTopology(t);
  }

  owner(ip: string): TopologyNode | null {
    return resolveFlow(this.index, { src: ip, ip, proto: 'tcp', port: 1 }).destination.node;
  }

  /** The internal node with a role that owns `ip`, if any (the pod or instance it reaches). */
  receiver(ip: string): TopologyNode | undefined {
    const owner = this.owner(ip);
    return owner !== null && owner.roles.length > 0 && this.isInternal(owner) ? owner : undefined;
  }

  get internalNodes(): TopologyNode[] {
    return this.t.nodes.filter((n) => this.isInternal(n));
  }

  private isInternal(node: TopologyNode): boolean {
    const internal = this.t.zones.filter((z) => z.kind === 'internal').map((z) => z.id);
    return internal.length === 0 || internal.includes(node.zone);
  }
}
