/**
 * fast-check arbitraries for the differential test: topologies, policies and flows drawn
 * from small shared pools, so that names, CIDRs, domains and ports collide often and the
 * flows land on rule boundaries (CIDR edges, a wildcard's apex and one label deeper, ports
 * at LO-1, LO, HI, HI+1, sources inside, outside and between zones).
 */
import fc from 'fast-check';
import type {
  DestinationItem,
  Flow,
  PathPattern,
  PolicyModel,
  Protocol,
  Rule,
  ServiceItem,
  SourceItem,
  Topology,
  TopologyNode,
  Zone,
} from '../../simulator/core/model.js';
import {
  familyBits,
  formatCidr,
  formatCidrShort,
  formatIp,
  parseCidr,
} from '../../simulator/net/ip.js';
import { R0 } from './builders.js';

const V4_CIDRS = [
  '0.0.0.0/0',
  '10.0.0.0/8',
  '10.0.0.0/16',
  '10.0.1.0/24',
  '10.0.1.128/25',
  '10.0.1.5/32',
  '10.1.0.0/16',
  '151.101.0.0/16',
  '151.101.0.223/32',
  '169.254.169.254/32',
  '192.168.0.0/31',
  '255.255.255.255/32',
];
const V6_CIDRS = [
  '::/0',
  'fd00::/8',
  'fd00:1::/32',
  'fd00:1::5/128',
  '2001:db8::/32',
  '2001:db8::/48',
  '2001:db8:0:1::/64',
  'ffff::/16',
];
export const CIDRS = [...V4_CIDRS, ...V6_CIDRS].map((c) => formatCidr(parseCidr(c)!.cidr));

/**
 * IPv4 networks and addresses written as IPv4-mapped IPv6 (docs/language.md "IPv4-mapped
 * addresses"): both engines must read them as the IPv4 they carry.
 */
const MAPPED_CIDRS = ['::ffff:10.0.1.0/120', '::ffff:a9fe:a9fe/128', '::ffff:0:0/96'];
const MAPPED_ADDRESSES = ['::ffff:10.0.1.5', '::ffff:a00:180', '::ffff:151.101.0.223'];
/** CIDRs as a policy or topology may write them. */
const WRITTEN_CIDRS = [...CIDRS, ...MAPPED_CIDRS];

/** Addresses a node may list: CIDRs and single addresses (written without a prefix). */
const ADDRESSES = [...CIDRS.map((c) => formatCidrShort(parseCidr(c)!.cidr)), ...MAPPED_ADDRESSES];

/** `::ffff:a.b.c.d` or `::ffff:xxxx:yyyy` for an IPv4 address. */
function mappedSpelling(ip: string, hex: boolean): string {
  if (!hex) return `::ffff:${ip}`;
  const v = Number(parseCidr(ip)!.cidr.value);
  return `::ffff:${(v >>> 16).toString(16)}:${(v & 0xffff).toString(16)}`;
}

/** Every CIDR's edges: network - 1, network, first host, last address, last + 1. */
function boundaryIps(): string[] {
  const out = new Set<string>();
  for (const text of CIDRS) {
    const { cidr } = parseCidr(text)!;
    const bits = familyBits(cidr.family);
    const max = (1n << BigInt(bits)) - 1n;
    const last = cidr.value | ((1n << BigInt(bits - cidr.prefix)) - 1n);
    for (const v of [cidr.value - 1n, cidr.value, cidr.value + 1n, last, last + 1n]) {
      if (v >= 0n && v <= max) out.add(formatIp({ family: cidr.family, value: v }));
    }
  }
  for (const extra of ['8.8.8.8', '10.0.2.15', '2606:4700::1111', 'fd00:1::6']) out.add(extra);
  const v4 = [...out].filter((ip) => !ip.includes(':'));
  v4.forEach((ip, i) => i % 3 === 0 && out.add(mappedSpelling(ip, i % 2 === 0)));
  return [...out].sort();
}
export const IPS = boundaryIps();

export const NODE_IDS = ['trainer', 'notebook', 'gateway', 'pypi', 'hf', 'openai', 'db'];
const UNKNOWN_NODES = ['ghost'];
const ZONE_IDS = ['vpc', 'data', 'internet', 'saas'];
const UNDECLARED_ZONE = 'nowhere';
const ROLES = ['trainer', 'notebook', 'db', 'llm'];
const UNKNOWN_ROLE = 'admin';

const DOMAINS = [
  'pypi.org',
  'files.pythonhosted.org',
  'huggingface.co',
  'cdn.huggingface.co',
  'b.huggingface.co',
  'a.b.huggingface.co',
  'xhuggingface.co',
  'api.openai.com',
  'openai.com',
  's3.amazonaws.com',
  'bucket.s3.amazonaws.com',
  'amazonaws.com',
];
const SUFFIXES = [
  'huggingface.co',
  'b.huggingface.co',
  'amazonaws.com',
  's3.amazonaws.com',
  'openai.com',
  'pythonhosted.org',
];
/** Hosts flows ask for: every domain, every wildcard's apex and deeper names, odd spellings. */
const FLOW_HOSTS = [
  ...DOMAINS,
  ...SUFFIXES,
  ...SUFFIXES.map((s) => `x.${s}`),
  ...SUFFIXES.map((s) => `deep.x.${s}`),
  'CDN.HuggingFace.co',
  'pypi.org.',
  'evil-huggingface.co',
  'unknown.example',
];

const PORT_POOL = [1, 53, 80, 443, 8000, 8100, 65535];
/** Ports flows use: every pool port and its neighbours (LO-1, LO, HI, HI+1 of every range). */
const FLOW_PORTS = [...new Set(PORT_POOL.flatMap((p) => [p - 1, p, p + 1]))].filter(
  (p) => p >= 1 && p <= 65535,
);
const METHODS = ['GET', 'POST', 'PUT'];
const PATHS = ['/', '/v1/', '/v1/chat/', '/v1/chat/completions', '/v1/embeddings'];
const FLOW_PATHS = [...PATHS, '/v1', '/v1/chatx', '/v1/chat/x/y', '/v2/models'];

const via = fc.constantFrom<string[]>([], [], ['web'], ['outer', 'inner']);

// ---------------------------------------------------------------------------------------
// Topology
// ---------------------------------------------------------------------------------------

const zoneArb: fc.Arbitrary<Zone> = fc.record({
  id: fc.constantFrom(...ZONE_IDS),
  kind: fc.constantFrom('internal' as const, 'external' as const),
  cidrs: fc.subarray(WRITTEN_CIDRS, { maxLength: 3 }),
});

const nodeArb: fc.Arbitrary<TopologyNode> = fc.record({
  id: fc.constantFrom(...NODE_IDS),
  kind: fc.constant('generic'),
  zone: fc.constantFrom(...ZONE_IDS, UNDECLARED_ZONE),
  roles: fc.subarray(ROLES, { maxLength: 2 }),
  addresses: fc.subarray(ADDRESSES, { maxLength: 3 }),
  hosts: fc.subarray(DOMAINS, { maxLength: 3 }),
});

export const topologyArb: fc.Arbitrary<Topology> = fc
  .record({
    zones: fc.uniqueArray(zoneArb, { maxLength: 4, selector: (z) => z.id }),
    nodes: fc.uniqueArray(nodeArb, { maxLength: 7, selector: (n) => n.id }),
  })
  .map(({ zones, nodes }) => ({ version: 1, name: 'generated', zones, nodes, edges: [] }));

// ---------------------------------------------------------------------------------------
// Policy
// ---------------------------------------------------------------------------------------

const peerArb: fc.Arbitrary<SourceItem> = fc.oneof(
  { weight: 1, arbitrary: via.map((v) => ({ kind: 'any' as const, via: v })) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('role' as const),
      name: fc.constantFrom(...ROLES, UNKNOWN_ROLE),
      via,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('node' as const),
      name: fc.constantFrom(...NODE_IDS, ...UNKNOWN_NODES),
      via,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('zone' as const),
      name: fc.constantFrom(...ZONE_IDS, UNDECLARED_ZONE),
      via,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('cidr' as const),
      cidr: fc.constantFrom(...WRITTEN_CIDRS),
      via,
    }),
  },
);

const destinationArb: fc.Arbitrary<DestinationItem> = fc.oneof(
  { weight: 6, arbitrary: peerArb },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('domain' as const),
      domain: fc.constantFrom(...DOMAINS),
      via,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('wildcard' as const),
      suffix: fc.constantFrom(...SUFFIXES),
      via,
    }),
  },
);

const serviceArb: fc.Arbitrary<ServiceItem> = fc.oneof(
  { weight: 1, arbitrary: via.map((v) => ({ kind: 'any' as const, via: v })) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('proto' as const),
      proto: fc.constantFrom<Protocol>('tcp', 'udp', 'icmp'),
      via,
    }),
  },
  {
    weight: 5,
    arbitrary: fc
      .record({
        proto: fc.constantFrom<'tcp' | 'udp'>('tcp', 'udp'),
        a: fc.constantFrom(...PORT_POOL),
        b: fc.constantFrom(...PORT_POOL),
        single: fc.boolean(),
        via,
      })
      .map(({ proto, a, b, single, via: v }) => ({
        kind: 'proto' as const,
        proto,
        ports: single ? { lo: a, hi: a } : { lo: Math.min(a, b), hi: Math.max(a, b) },
        via: v,
      })),
  },
);

const pathPatternArb: fc.Arbitrary<PathPattern> = fc.record({
  path: fc.constantFrom(...PATHS),
  prefix: fc.boolean(),
});

/** Items that match almost everything, so that only services and HTTP clauses discriminate. */
const broadArb: fc.Arbitrary<SourceItem> = fc.oneof(
  via.map((v) => ({ kind: 'any' as const, via: v })),
  fc.record({
    kind: fc.constant('cidr' as const),
    cidr: fc.constantFrom('0.0.0.0/0', '::/0', '10.0.0.0/8'),
    via,
  }),
);

const ruleBody = (peers: fc.Arbitrary<SourceItem>, destinations: fc.Arbitrary<DestinationItem>) =>
  fc.record({
    action: fc.constantFrom('allow' as const, 'deny' as const),
    from: fc.array(peers, { minLength: 1, maxLength: 3 }),
    to: fc.array(destinations, { minLength: 1, maxLength: 3 }),
    services: fc.option(fc.array(serviceArb, { minLength: 1, maxLength: 3 }), { freq: 3 }),
    methods: fc.option(fc.subarray(METHODS, { minLength: 1 }), { freq: 2, nil: null }),
    paths: fc.option(fc.array(pathPatternArb, { minLength: 1, maxLength: 2 }), {
      freq: 2,
      nil: null,
    }),
    log: fc.boolean(),
  });

/**
 * Policies of `minRules`…`maxRules` rules; `broad` makes most sources and destinations
 * match everything, so that the matcher has to pick candidates by service.
 */
export function policyArb(
  maxRules: number,
  minRules = 0,
  broad = false,
): fc.Arbitrary<PolicyModel> {
  const body = broad
    ? ruleBody(
        fc.oneof({ weight: 4, arbitrary: broadArb }, { weight: 1, arbitrary: peerArb }),
        fc.oneof({ weight: 4, arbitrary: broadArb }, { weight: 1, arbitrary: destinationArb }),
      )
    : ruleBody(peerArb, destinationArb);
  return fc
    .record({
      rules: fc.array(body, { minLength: minRules, maxLength: maxRules }),
      action: fc.constantFrom('allow' as const, 'deny' as const),
      log: fc.boolean(),
    })
    .map(({ rules, action, log }) => ({
      name: 'generated',
      rules: rules.map((body, index): Rule => ({
        id: `r${index}`,
        index,
        ...body,
        services: body.services ?? null,
        description: null,
        range: R0,
      })),
      sets: [],
      default: { action, log },
      expectations: [],
    }));
}

// ---------------------------------------------------------------------------------------
// Flows
// ---------------------------------------------------------------------------------------

export const flowArb: fc.Arbitrary<Flow> = fc
  .record({
    src: fc.oneof(fc.constantFrom(...NODE_IDS, ...UNKNOWN_NODES), fc.constantFrom(...IPS)),
    host: fc.option(fc.constantFrom(...FLOW_HOSTS), { nil: undefined }),
    ip: fc.option(fc.constantFrom(...IPS), { nil: undefined }),
    proto: fc.constantFrom<Protocol>('tcp', 'tcp', 'udp', 'icmp'),
    port: fc.constantFrom(...FLOW_PORTS),
    method: fc.option(fc.constantFrom(...METHODS, 'DELETE'), { nil: undefined }),
    path: fc.option(fc.constantFrom(...FLOW_PATHS), { nil: undefined }),
  })
  .map(({ src, host, ip, proto, port, method, path }) => {
    const flow: Flow = { src, proto };
    if (host !== undefined) flow.host = host;
    if (ip !== undefined) flow.ip = ip;
    if (host === undefined && ip === undefined) flow.host = 'pypi.org';
    if (proto !== 'icmp') flow.port = port;
    if (method !== undefined) flow.method = method;
    if (path !== undefined) flow.path = path;
    return flow;
  });

/** fast-check parameters from the environment, to replay a failure or run longer. */
export function fcParameters(defaultRuns: number): fc.Parameters<unknown> {
  const env = process.env;
  const params: fc.Parameters<unknown> = { numRuns: Number(env.EGRESS_FC_RUNS ?? defaultRuns) };
  if (env.EGRESS_FC_SEED !== undefined) params.seed = Number(env.EGRESS_FC_SEED);
  if (env.EGRESS_FC_PATH !== undefined) params.path = env.EGRESS_FC_PATH;
  return params;
}
