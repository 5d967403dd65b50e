/**
 * Named regression cases: counterexamples the differential test found (kept as found, then
 * shrunk), and hand-written cases aimed at the places where an index could differ from the
 * plain interpreter. Each runs the reference, the compiled matcher and its linear scan.
 */
import { describe, expect, it } from 'vitest';
import type { Flow } from '../../simulator/core/model.js';
import { compileMatcher } from '../../simulator/engine/index.js';
import { decidingRule, mlPlatform, node, policy, rule, topology, zone } from './builders.js';

describe('found by the differential test', () => {
  it('seed -687746633: an IP source in a zone but of no node matches zone:Z rules', () => {
    // The source index only listed zone rules for sources that are nodes; with more than a
    // handful of destination candidates the matcher picked the source index and missed r6.
    const t = topology([zone('vpc', 'internal', ['2001:db8::/32'])], []);
    const any4 = '0.0.0.0/0';
    const p = policy(
      [
        rule('r0', 'allow', { from: ['node:trainer'], to: ['zone:vpc'] }),
        rule('r1', 'allow', { from: ['role:trainer'], to: ['any'] }),
        rule('r2', 'allow', { from: ['zone:vpc'], to: ['role:trainer'] }),
        rule('r3', 'allow', { from: ['zone:vpc'], to: ['*.huggingface.co'] }),
        rule('r4', 'allow', { from: [any4], to: ['*.huggingface.co'] }),
        rule('r5', 'allow', { from: ['zone:vpc'], to: [any4] }),
        rule('r6', 'allow', { from: ['node:trainer'], to: [any4] }),
        rule('r7', 'allow', { from: ['node:trainer'], to: ['pypi.org'] }),
        rule('r8', 'allow', { from: ['role:trainer'], to: ['pypi.org'] }),
        rule('r9', 'allow', { from: ['role:trainer'], to: [any4] }),
        rule('r10', 'allow', { from: [any4], to: ['any'] }),
        rule('r11', 'allow', { from: [any4], to: ['pypi.org'] }),
        rule('r12', 'allow', { from: ['zone:vpc'], to: [any4] }),
      ],
      { action: 'allow' },
    );
    const flow: Flow = {
      src: '2001:db8::1',
      host: 'pypi.org',
      ip: '0.0.0.0',
      proto: 'tcp',
      port: 1,
    };
    expect(decidingRule(p, t, flow)).toBe('r5');
  });
});

describe('hand-written edge cases', () => {
  const t = mlPlatform();

  it('an IP source keeps its own address for CIDR rules, a node source uses its first one', () => {
    const p = policy([rule('upper-half', 'allow', { from: ['10.0.1.128/25'], to: ['any'] })]);
    const to = { host: 'pypi.org', proto: 'tcp' as const, port: 443 };
    expect(decidingRule(p, t, { src: '10.0.1.200', ...to })).toBe('upper-half');
    expect(decidingRule(p, t, { src: 'trainer', ...to })).toBe('default');
  });

  it('wildcard marks of one decision do not leak into the next', () => {
    const p = policy([rule('hf', 'allow', { from: ['any'], to: ['*.huggingface.co'] })]);
    const m = compileMatcher(p, t);
    const flow = (host: string): Flow => ({ src: 'trainer', host, proto: 'tcp', port: 443 });
    expect(m.evaluate(flow('cdn.huggingface.co')).rule).toBe('hf');
    expect(m.evaluate(flow('example.org')).rule).toBe('default');
    expect(m.evaluate(flow('HuggingFace.co')).rule).toBe('default');
    expect(m.evaluate(flow('x.HuggingFace.co')).rule).toBe('hf');
  });

  it('a host named by a node keeps its node even when the flow’s ip is elsewhere', () => {
    const p = policy([
      rule('pypi-ips', 'deny', { from: ['any'], to: ['151.101.0.0/16'] }),
      rule('pypi-node', 'allow', { from: ['any'], to: ['node:pypi'] }),
    ]);
    const flow: Flow = {
      src: 'trainer',
      host: 'pypi.org',
      ip: '199.232.0.1',
      proto: 'tcp',
      port: 443,
    };
    expect(decidingRule(p, t, flow)).toBe('pypi-node');
  });

  it('zone:Z as destination matches by CIDR when no node owns the ip', () => {
    const p = policy([rule('in-vpc', 'allow', { from: ['any'], to: ['zone:vpc'] })]);
    const flow: Flow = { src: 'trainer', ip: 'fd00:10::99', proto: 'tcp', port: 5432 };
    expect(decidingRule(p, t, flow)).toBe('in-vpc');
    expect(decidingRule(p, t, { ...flow, ip: 'fd00:11::99' })).toBe('default');
  });

  it('an IPv4-mapped IPv6 address is the IPv4 address it carries, in every spelling', () => {
    const p = policy([
      rule('no-metadata', 'deny', { from: ['any'], to: ['169.254.169.254'] }),
      rule('v4', 'allow', { from: ['any'], to: ['52.0.0.0/8'] }),
      rule('web6', 'allow', { from: ['any'], to: ['::/0'] }),
    ]);
    for (const ip of ['::ffff:169.254.169.254', '::ffff:a9fe:a9fe', '0:0:0:0:0:FFFF:a9fe:a9fe']) {
      expect(decidingRule(p, t, { src: 'trainer', ip, proto: 'tcp', port: 80 }), ip).toBe(
        'no-metadata',
      );
    }
    const flow: Flow = { src: 'trainer', ip: '::ffff:52.1.2.3', proto: 'tcp', port: 443 };
    expect(decidingRule(p, t, flow)).toBe('v4');
    expect(decidingRule(p, t, { ...flow, ip: '::fffe:3401:203' })).toBe('web6');
  });

  it('a policy CIDR written as a mapped network is its IPv4 network', () => {
    const p = policy([rule('mapped', 'allow', { from: ['any'], to: ['::ffff:52.0.0.0/104'] })]);
    const flow: Flow = { src: 'trainer', ip: '52.1.2.3', proto: 'tcp', port: 443 };
    expect(decidingRule(p, t, flow)).toBe('mapped');
    expect(decidingRule(p, t, { ...flow, ip: '53.1.2.3' })).toBe('default');
  });

  it('an internal host written as a mapped source is that host, not inbound', () => {
    const p = policy([rule('trainers', 'allow', { from: ['role:trainer'], to: ['any'] })]);
    const flow: Flow = { src: '::ffff:10.0.1.5', ip: '8.8.8.8', proto: 'udp', port: 53 };
    expect(decidingRule(p, t, flow)).toBe('trainers');
    const mappedTopology = topology(
      [zone('vpc', 'internal', ['::ffff:10.0.0.0/112'])],
      [node('trainer', 'vpc', { roles: ['trainer'], addresses: ['::ffff:a00:100/120'] })],
    );
    expect(decidingRule(p, mappedTopology, { ...flow, src: '10.0.1.9' })).toBe('trainers');
  });

  it('only the service tells thirty broad rules apart (service index), first port wins', () => {
    const rules = Array.from({ length: 30 }, (_, i) =>
      rule(`p${i}`, 'allow', {
        from: ['any'],
        to: ['any', '0.0.0.0/0'],
        on: [`tcp/${1000 + (i % 10)}-${1010 + i}`],
      }),
    );
    const p = policy([
      ...rules,
      rule('web', 'allow', { from: ['zone:vpc'], to: ['any'], on: ['tcp'] }),
    ]);
    const at = (port: number): Flow => ({ src: 'trainer', ip: '1.2.3.4', proto: 'tcp', port });
    expect(decidingRule(p, t, at(1000))).toBe('p0');
    expect(decidingRule(p, t, at(1009))).toBe('p0');
    expect(decidingRule(p, t, at(1010))).toBe('p0');
    expect(decidingRule(p, t, at(1011))).toBe('p1');
    expect(decidingRule(p, t, at(1039))).toBe('p29');
    expect(decidingRule(p, t, at(1040))).toBe('web');
    expect(decidingRule(p, t, at(999))).toBe('web');
    expect(decidingRule(p, t, { ...at(1), proto: 'udp' })).toBe('default');
  });

  it('a name that is no node of the topology is inbound, with no topology it is a node name', () => {
    const p = policy([rule('ghost', 'allow', { from: ['node:ghost'], to: ['any'] })]);
    const flow: Flow = { src: 'ghost', host: 'pypi.org', proto: 'tcp', port: 443 };
    expect(decidingRule(p, t, flow)).toBe('inbound');
    expect(decidingRule(p, undefined, flow)).toBe('ghost');
  });

  it('rules naming roles, nodes and zones that do not exist never match', () => {
    const p = policy([
      rule('no-role', 'allow', { from: ['role:admin'], to: ['any'] }),
      rule('no-zone', 'allow', { from: ['zone:dmz'], to: ['zone:dmz'] }),
      rule('no-node', 'allow', { from: ['any'], to: ['node:nobody'] }),
    ]);
    expect(decidingRule(p, t, { src: 'trainer', host: 'pypi.org', proto: 'tcp', port: 443 })).toBe(
      'default',
    );
  });

  it('a node listed twice by address: the longest prefix, then the first in the file', () => {
    const twins = topology(
      [zone('vpc', 'internal', ['10.0.0.0/8'])],
      [
        node('a', 'vpc', { roles: ['ra'], addresses: ['10.1.0.0/16'] }),
        node('b', 'vpc', { roles: ['rb'], addresses: ['10.1.0.0/16'] }),
        node('c', 'vpc', { roles: ['rc'], addresses: ['10.1.2.0/24'] }),
      ],
    );
    const p = policy([
      rule('to-a', 'allow', { from: ['role:ra'], to: ['any'] }),
      rule('to-b', 'allow', { from: ['role:rb'], to: ['any'] }),
      rule('to-c', 'allow', { from: ['role:rc'], to: ['any'] }),
    ]);
    const from = (src: string): Flow => ({ src, ip: '1.1.1.1', proto: 'tcp', port: 443 });
    expect(decidingRule(p, twins, from('10.1.9.9'))).toBe('to-a');
    expect(decidingRule(p, twins, from('10.1.2.9'))).toBe('to-c');
    expect(decidingRule(p, twins, from('b'))).toBe('to-b');
  });
});
