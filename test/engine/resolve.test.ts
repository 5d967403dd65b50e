import { describe, expect, it } from 'vitest';
import type { Flow, Topology } from '../../simulator/core/model.js';
import { formatIp } from '../../simulator/net/ip.js';
import {
  indexTopology,
  resolveFlow,
  resolveReference,
  validateFlow,
} from '../../simulator/engine/index.js';
import type { ResolvedFlow } from '../../simulator/engine/index.js';
import { mlPlatform, node, topology, zone } from './builders.js';

/** Resolution through the indexes, checked against the plain reference resolution. */
function resolve(t: Topology | undefined, flow: Flow) {
  const indexed = resolveFlow(indexTopology(t), flow);
  const plain = resolveReference(t, flow);
  const view = (r: ResolvedFlow) => ({
    name: r.source.name,
    node: r.source.node?.id ?? null,
    ip: r.source.ip ? formatIp(r.source.ip) : null,
    zone: r.source.zone,
    external: r.source.external,
    dstNode: r.destination.node?.id ?? null,
    host: r.destination.host,
    dstIp: r.destination.ip ? formatIp(r.destination.ip) : null,
    implied: r.destination.ipImplied,
  });
  expect(view(indexed)).toEqual(view(plain));
  return view(indexed);
}

const tcp443 = { proto: 'tcp' as const, port: 443 };

describe('source resolution', () => {
  const t = mlPlatform();

  it('a node id gives the node, the first host of its first CIDR, and its zone', () => {
    expect(resolve(t, { src: 'trainer', host: 'pypi.org', ...tcp443 })).toMatchObject({
      name: 'trainer',
      node: 'trainer',
      ip: '10.0.1.1',
      zone: 'vpc',
      external: false,
    });
  });

  it('a node whose first address is a single IP uses that IP', () => {
    expect(resolve(t, { src: 'notebook', host: 'pypi.org', ...tcp443 }).ip).toBe('10.0.2.15');
  });

  it('a node without address has no source IP', () => {
    const bare = topology([zone('vpc', 'internal', ['10.0.0.0/8'])], [node('job', 'vpc')]);
    expect(resolve(bare, { src: 'job', ip: '1.1.1.1', ...tcp443 })).toMatchObject({
      node: 'job',
      ip: null,
      zone: 'vpc',
      external: false,
    });
  });

  it('an IP gives the node whose addresses contain it with the longest prefix', () => {
    const nested = topology(
      [zone('vpc', 'internal', ['10.0.0.0/8'])],
      [
        node('wide', 'vpc', { addresses: ['10.0.0.0/16'] }),
        node('narrow', 'vpc', { addresses: ['10.0.5.0/24'] }),
        node('narrow-too', 'vpc', { addresses: ['10.0.5.0/24'] }),
      ],
    );
    expect(resolve(nested, { src: '10.0.5.9', ip: '1.1.1.1', ...tcp443 }).node).toBe('narrow');
    expect(resolve(nested, { src: '10.0.6.9', ip: '1.1.1.1', ...tcp443 }).node).toBe('wide');
    expect(resolve(nested, { src: '10.1.0.1', ip: '1.1.1.1', ...tcp443 })).toMatchObject({
      node: null,
      name: null,
      zone: 'vpc',
      external: false,
    });
  });

  it('an IPv6 source resolves like an IPv4 one', () => {
    expect(resolve(t, { src: 'fd00:10::15', host: 'pypi.org', ...tcp443 })).toMatchObject({
      node: 'notebook',
      zone: 'vpc',
      external: false,
    });
  });

  it('a source zone without a node is the zone whose CIDRs contain the IP, longest prefix', () => {
    const zones = topology(
      [zone('corp', 'internal', ['10.0.0.0/8']), zone('lab', 'internal', ['10.9.0.0/16'])],
      [],
    );
    expect(resolve(zones, { src: '10.9.1.1', ip: '1.1.1.1', ...tcp443 }).zone).toBe('lab');
    expect(resolve(zones, { src: '10.8.1.1', ip: '1.1.1.1', ...tcp443 }).zone).toBe('corp');
  });
});

describe('outbound-only guard', () => {
  const t = mlPlatform();
  const flow = (src: string): Flow => ({ src, host: 'pypi.org', ...tcp443 });

  it('a node in an external zone is external', () => {
    expect(resolve(t, flow('pypi')).external).toBe(true);
  });

  it('an IP in no internal zone and of no internal node is external', () => {
    expect(resolve(t, flow('8.8.8.8')).external).toBe(true);
    expect(resolve(t, flow('52.1.2.3'))).toMatchObject({ zone: 'aws', external: true });
  });

  it('an IP inside an internal zone is internal even without a node', () => {
    expect(resolve(t, flow('10.0.200.1'))).toMatchObject({ node: null, external: false });
  });

  it('an internal node is internal even when its address lies outside every zone', () => {
    const odd = topology(
      [zone('vpc', 'internal', ['10.0.0.0/16'])],
      [node('edge', 'vpc', { addresses: ['192.168.7.7'] })],
    );
    expect(resolve(odd, flow('edge')).external).toBe(false);
    expect(resolve(odd, flow('192.168.7.7'))).toMatchObject({ node: 'edge', external: false });
  });

  it('a name that is no node of the topology is external when internal zones exist', () => {
    expect(resolve(t, flow('ghost'))).toMatchObject({ name: 'ghost', node: null, external: true });
  });

  it('without a topology, or without an internal zone, every source is internal', () => {
    expect(resolve(undefined, flow('8.8.8.8')).external).toBe(false);
    expect(resolve(undefined, flow('anything'))).toMatchObject({
      name: 'anything',
      external: false,
    });
    const outside = topology(
      [zone('internet', 'external', ['0.0.0.0/0'])],
      [node('x', 'internet', { addresses: ['1.2.3.4'] })],
    );
    expect(resolve(outside, flow('x')).external).toBe(false);
    expect(resolve(outside, flow('9.9.9.9')).external).toBe(false);
  });
});

describe('destination resolution', () => {
  const t = mlPlatform();

  it('the node listing the host, with its first address as the ip (static DNS)', () => {
    expect(resolve(t, { src: 'trainer', host: 'pypi.org', ...tcp443 })).toMatchObject({
      dstNode: 'pypi',
      dstIp: '151.101.0.223',
      implied: true,
    });
  });

  it('a host listed by a node without addresses leaves the ip empty', () => {
    expect(resolve(t, { src: 'trainer', host: 'huggingface.co', ...tcp443 })).toMatchObject({
      dstNode: 'hf',
      dstIp: null,
      implied: false,
    });
  });

  it('the flow’s own ip is kept, and the host still picks the node', () => {
    expect(
      resolve(t, { src: 'trainer', host: 'pypi.org', ip: '151.101.64.223', ...tcp443 }),
    ).toMatchObject({ dstNode: 'pypi', dstIp: '151.101.64.223', implied: false });
  });

  it('an unlisted host falls back to the node owning the ip', () => {
    expect(
      resolve(t, { src: 'trainer', host: 'bucket.example.org', ip: '52.217.1.1', ...tcp443 }),
    ).toMatchObject({ dstNode: 's3', dstIp: '52.217.1.1' });
  });

  it('an ip never implies a host', () => {
    expect(resolve(t, { src: 'trainer', ip: '151.101.0.223', ...tcp443 })).toMatchObject({
      dstNode: 'pypi',
      host: null,
    });
  });

  it('the first node listing a host wins', () => {
    const twice = topology(
      [zone('net', 'external')],
      [
        node('one', 'net', { hosts: ['api.example.com'], addresses: ['1.1.1.1'] }),
        node('two', 'net', { hosts: ['api.example.com'], addresses: ['2.2.2.2'] }),
      ],
    );
    expect(resolve(twice, { src: 'x', host: 'api.example.com', ...tcp443 })).toMatchObject({
      dstNode: 'one',
      dstIp: '1.1.1.1',
    });
  });

  it('hosts are compared lower-case without a trailing dot', () => {
    expect(resolve(t, { src: 'trainer', host: 'PyPI.org.', ...tcp443 })).toMatchObject({
      host: 'pypi.org',
      dstNode: 'pypi',
    });
  });
});

describe('validateFlow', () => {
  const t = mlPlatform();

  it('accepts node ids and IPs as sources', () => {
    expect(validateFlow({ src: 'trainer', host: 'pypi.org', ...tcp443 }, t)).toBeUndefined();
    expect(validateFlow({ src: '10.0.1.7', ip: '1.2.3.4', ...tcp443 }, t)).toBeUndefined();
    expect(validateFlow({ src: 'fd00::1', host: 'pypi.org', proto: 'icmp' }, t)).toBeUndefined();
  });

  it('names an unknown source node and suggests the near miss', () => {
    expect(validateFlow({ src: 'trainr', host: 'pypi.org', ...tcp443 }, t)).toBe(
      'unknown source node "trainr" (did you mean "trainer"?); src is a node id of the topology or an IP address',
    );
  });

  it('without a topology, any id-shaped name is a valid source', () => {
    expect(validateFlow({ src: 'gateway', host: 'pypi.org', ...tcp443 })).toBeUndefined();
    expect(validateFlow({ src: 'Not An Id', host: 'pypi.org', ...tcp443 })).toMatch(
      /neither an IP address nor a node id/,
    );
  });

  it.each<[Partial<Flow>, RegExp]>([
    [{ host: undefined, ip: undefined }, /needs a "host" or an "ip"/],
    [{ host: '*.example.com' }, /is a pattern/],
    [{ host: 'nodot' }, /at least one dot/],
    [{ ip: '10.0.0.300', host: undefined }, /not an IPv4 or IPv6 address/],
    [{ proto: 'sctp' as Flow['proto'] }, /unknown protocol "sctp"/],
    [{ port: undefined }, /tcp flows need a port/],
    [{ port: 0 }, /not a number from 1 to 65535/],
    [{ port: 70000 }, /not a number from 1 to 65535/],
    [{ proto: 'icmp' }, /icmp flows have no port/],
    [{ method: 'get' }, /upper-case HTTP method/],
    [{ path: 'v1/chat' }, /must start with "\/"/],
  ])('rejects %j', (change, message) => {
    const flow = { src: 'trainer', host: 'pypi.org', ...tcp443, ...change } as Flow;
    expect(validateFlow(flow, t)).toMatch(message);
  });
});
