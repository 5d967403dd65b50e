/** Random topologies, existing policies and observed traffic for the learn properties. */
import fc from 'fast-check';
import type { Action, Flow, Protocol, Topology, TopologyNode } from '../../simulator/core/model.js';
import type { LearnedFlowInput } from '../../simulator/learn/index.js';

const INTERNAL_ADDRESSES = ['10.0.1.0/24', '10.0.2.5', '10.0.3.0/28', 'fd00:1::/64'];
const EXTERNAL_ADDRESSES = ['198.51.100.30', '203.0.113.40', '2001:db8:40::1'];
const HOSTS = [
  'pypi.org',
  'files.pythonhosted.org',
  'a.cdn.example.com',
  'b.cdn.example.com',
  'c.cdn.example.com',
  'cdn.example.com',
  'api.openai.com',
  'x.s3.amazonaws.com',
  'y.s3.amazonaws.com',
  'z.s3.amazonaws.com',
];
/** Sources: in the internal zone (with or without a node), outside it, node ids. */
const SOURCE_IPS = ['10.0.1.7', '10.0.2.5', '10.0.3.2', '10.0.9.9', 'fd00:1::5', '192.0.2.10'];
/** Destinations: node addresses, raw addresses (neighbours, to test exact covers), metadata. */
const DEST_IPS = [
  '198.51.100.30',
  '203.0.113.40',
  '203.0.113.8',
  '203.0.113.9',
  '203.0.113.10',
  '203.0.113.11',
  '169.254.169.254',
  '10.0.2.5',
  '2001:db8:40::1',
  'fd00:ec2::254',
];
const PORTS = [22, 53, 80, 443, 444, 445, 8080];

/** The trainer always has its role (the existing policies name it); the notebook may have none. */
const internalNode = (id: string) =>
  fc
    .record({
      roles:
        id === 'trainer'
          ? fc.constant<string[]>(['trainer'])
          : fc.subarray(['notebook', 'trainer']),
      addresses: fc.subarray(INTERNAL_ADDRESSES, { maxLength: 2 }),
    })
    .map(({ roles, addresses }): TopologyNode => ({
      id,
      kind: 'generic',
      zone: 'vpc',
      roles,
      addresses,
      hosts: [],
    }));

const externalNode = (id: string) =>
  fc
    .record({
      addresses: fc.subarray(EXTERNAL_ADDRESSES, { maxLength: 2 }),
      hosts: fc.subarray(HOSTS, { maxLength: 2 }),
    })
    .map(({ addresses, hosts }): TopologyNode => ({
      id,
      kind: 'generic',
      zone: 'internet',
      roles: [],
      addresses,
      hosts,
    }));

export const topologyArb: fc.Arbitrary<Topology> = fc
  .tuple(
    internalNode('trainer'),
    internalNode('notebook'),
    externalNode('pypi'),
    externalNode('hub'),
  )
  .map((nodes) => ({
    version: 1,
    name: 'learned',
    zones: [
      { id: 'vpc', kind: 'internal' as const, cidrs: ['10.0.0.0/16', 'fd00:1::/48'] },
      { id: 'internet', kind: 'external' as const, cidrs: [] },
    ],
    nodes,
    edges: [],
  }));

/** Rules an existing policy may already have: deny rules decide some attempts first. */
const EXISTING_RULES = [
  'deny no-metadata from any to 169.254.169.254, fd00:ec2::254',
  'allow web from role:trainer to pypi.org on tcp/443',
  'deny no-ssh from any to any on tcp/22',
  'allow dns from any to 10.0.2.5 on udp/53',
];

export const existingPolicyArb: fc.Arbitrary<string> = fc
  .subarray(EXISTING_RULES)
  .map((rules) => ['policy learned', '', ...rules, ''].join('\n'));

const flowArb: fc.Arbitrary<Flow> = fc
  .record({
    src: fc.constantFrom('trainer', 'notebook', ...SOURCE_IPS),
    host: fc.option(fc.constantFrom(...HOSTS), { nil: undefined }),
    ip: fc.option(fc.constantFrom(...DEST_IPS), { nil: undefined }),
    proto: fc.constantFrom<Protocol>('tcp', 'tcp', 'udp', 'icmp'),
    port: fc.constantFrom(...PORTS),
    method: fc.option(fc.constantFrom('GET', 'POST'), { nil: undefined }),
  })
  .map(({ src, host, ip, proto, port, method }) => {
    const flow: Flow = { src, proto };
    if (host !== undefined) flow.host = host;
    if (ip !== undefined || host === undefined) flow.ip = ip ?? '203.0.113.9';
    if (proto !== 'icmp') flow.port = port;
    if (method !== undefined && proto === 'tcp') {
      flow.method = method;
      flow.path = '/';
    }
    return flow;
  });

export const trafficArb: fc.Arbitrary<LearnedFlowInput[]> = fc
  .array(
    fc.record({
      flow: flowArb,
      logged: fc.constantFrom<Action | undefined>(undefined, 'allow', 'allow', 'deny'),
      file: fc.constantFrom('a.log', 'b.log'),
    }),
    { maxLength: 40 },
  )
  .map((rows) =>
    rows.map(({ flow, logged, file }, i) => ({
      file,
      observed: { flow, line: i + 1, ...(logged ? { logged } : {}) },
    })),
  );
