import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action, Protocol } from '../../../simulator/core/model.js';
import { canonicalIp } from '../../../simulator/net/ip.js';
import {
  AWS_VPC_DEFAULT_FIELDS,
  AWS_VPC_FORMAT,
} from '../../../simulator/flows/formats/aws-vpc.js';
import { fcParameters } from '../../engine/arbitraries.js';
import { expectGolden, fixtureText, flowsOf, problemsOf, readLog, skipsOf } from './read-log.js';

const FIXTURES = [
  'aws-vpc/default-v2.log',
  'aws-vpc/default-v2-cloudwatch.log',
  'aws-vpc/custom-v3-tcp-flags.log',
  'aws-vpc/custom-v5-nat-gateway.log',
];

describe('AWS VPC Flow Logs', () => {
  for (const fixture of FIXTURES) {
    it(`reads ${fixture} as its golden flows`, () => {
      const outcomes = readLog(AWS_VPC_FORMAT, fixtureText(fixture));
      expect(problemsOf(outcomes)).toEqual([]);
      expectGolden(fixture, flowsOf(outcomes));
    });
  }

  it('skips no-data lines, other protocols, replies and continuations with counted reasons', () => {
    const outcomes = readLog(AWS_VPC_FORMAT, fixtureText('aws-vpc/default-v2.log'));
    expect(skipsOf(outcomes)).toEqual({
      '-': 1,
      'no data in the capture window (NODATA or SKIPDATA)': 2,
      'protocol 50 is not tcp, udp or icmp': 1,
      reply: 3,
      'continuation of a connection already read': 1,
    });
  });

  it('tells attempts from replies by TCP flags: SYN opens, SYN-ACK answers, no SYN continues', () => {
    const flows = flowsOf(readLog(AWS_VPC_FORMAT, fixtureText('aws-vpc/custom-v3-tcp-flags.log')));
    expect(flows.map((f) => [f.flow.src, f.flow.ip, f.flow.port, f.logged])).toEqual([
      ['52.213.180.42', '10.0.0.62', 5001, 'allow'],
      ['10.0.0.62', '54.239.0.10', 443, 'deny'],
      ['10.0.0.62', '10.0.0.2', 53, 'allow'],
    ]);
  });

  it('prefers the packet addresses behind a NAT gateway and counts its two records once', () => {
    const flows = flowsOf(
      readLog(AWS_VPC_FORMAT, fixtureText('aws-vpc/custom-v5-nat-gateway.log')),
    );
    expect(flows[0]!.flow).toEqual({ src: '10.0.1.5', ip: '203.0.113.5', proto: 'tcp', port: 443 });
    expect(flows.filter((f) => f.flow.ip === '203.0.113.5')).toHaveLength(1);
  });

  it('reports malformed records with the field and what is wrong', () => {
    const outcomes = readLog(AWS_VPC_FORMAT, fixtureText('aws-vpc/malformed.log'));
    expect(problemsOf(outcomes)).toEqual([
      { line: 2, reason: 'expected 14 fields (as the header says), found 13' },
      { line: 3, reason: 'srcaddr "172.31.16.300" is not an IPv4 or IPv6 address' },
      { line: 4, reason: 'dstport "99999" is not a port number' },
      { line: 5, reason: 'protocol "tcp" is not a protocol number' },
      { line: 6, reason: 'action "ALLOW" is not ACCEPT or REJECT' },
    ]);
    expect(flowsOf(outcomes).map((f) => f.line)).toEqual([7]);
  });

  it('needs the header for a custom format, and a header with addresses, ports and protocol', () => {
    const headerless = readLog(AWS_VPC_FORMAT, '3 vpc-1 10.0.0.1 10.0.0.2 6\n');
    expect(problemsOf(headerless)[0]!.reason).toContain('a custom format needs its header line');
    const thin = readLog(AWS_VPC_FORMAT, 'version srcaddr dstaddr\n3 10.0.0.1 10.0.0.2\n');
    expect(problemsOf(thin)).toEqual([
      {
        line: 1,
        reason: expect.stringContaining('the header has no srcport, dstport, protocol field'),
      },
      { line: 2, reason: expect.stringContaining('the header has no srcport') },
    ]);
  });

  it('round trip: random flows written as records of a random custom format read back the same', () => {
    const OPTIONAL = [
      'account-id',
      'interface-id',
      'packets',
      'bytes',
      'start',
      'end',
      'vpc-id',
      'type',
      'flow-direction',
      'traffic-path',
      'log-status',
      'tcp-flags',
      'pkt-srcaddr',
      'pkt-dstaddr',
      'action',
    ];
    const REQUIRED = ['srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol'];
    const attempt = fc.record({
      src: fc.oneof(fc.ipV4(), fc.ipV6()),
      dst: fc.oneof(fc.ipV4(), fc.ipV6()),
      proto: fc.constantFrom<Protocol>('tcp', 'udp', 'icmp'),
      port: fc.integer({ min: 1, max: 65535 }),
      logged: fc.constantFrom<Action>('allow', 'deny'),
    });
    const layout = fc
      .tuple(fc.subarray(OPTIONAL), fc.boolean())
      .chain(([extra, v2]): fc.Arbitrary<string[]> =>
        v2
          ? fc.constant<string[]>([...AWS_VPC_DEFAULT_FIELDS])
          : fc.shuffledSubarray([...REQUIRED, ...extra], {
              minLength: REQUIRED.length + extra.length,
            }),
      );
    fc.assert(
      fc.property(
        layout,
        fc.array(attempt, { maxLength: 40, size: 'max' }),
        fc.boolean(),
        (fields, attempts, header) => {
          const usable = attempts.filter(
            (a) => canonicalIp(a.src) !== null && canonicalIp(a.dst) !== null,
          );
          const lines = usable.map((a, i) => {
            const value: Record<string, string> = {
              version: '5',
              srcaddr: a.src,
              dstaddr: a.dst,
              'pkt-srcaddr': '-',
              'pkt-dstaddr': a.dst,
              srcport: a.proto === 'icmp' ? '0' : String(32768 + i),
              dstport: a.proto === 'icmp' ? '0' : String(a.port),
              protocol: a.proto === 'tcp' ? '6' : a.proto === 'udp' ? '17' : i % 2 ? '1' : '58',
              action: a.logged === 'allow' ? 'ACCEPT' : 'REJECT',
              'log-status': 'OK',
              'tcp-flags': a.proto === 'tcp' ? '3' : '0',
            };
            return fields.map((f) => value[f] ?? `x${i}`).join(' ');
          });
          const isDefault =
            fields.length === 14 && fields[0] === 'version' && fields[13] === 'log-status';
          const text = (header || !isDefault ? [fields.join(' ')] : [])
            .concat(lines.map((l) => (isDefault ? l.replace(/^5 /, '2 ') : l)))
            .join('\n');
          const outcomes = readLog(AWS_VPC_FORMAT, text);
          expect(problemsOf(outcomes)).toEqual([]);
          // ICMP echo between the same two hosts twice is one exchange: keep the first.
          const seen = new Set<string>();
          const expected = usable.flatMap((a) => {
            const flow = {
              src: canonicalIp(a.src)!,
              ip: canonicalIp(a.dst)!,
              proto: a.proto,
              ...(a.proto === 'icmp' ? {} : { port: a.port }),
            };
            const key = `${flow.src} ${flow.ip}`;
            if (a.proto === 'icmp' && (seen.has(key) || seen.has(`${flow.ip} ${flow.src}`)))
              return [];
            if (a.proto === 'icmp') seen.add(key);
            return [{ flow, ...(fields.includes('action') ? { logged: a.logged } : {}) }];
          });
          expect(
            flowsOf(outcomes).map(({ flow, logged }) => ({ flow, ...(logged ? { logged } : {}) })),
          ).toEqual(expected);
        },
      ),
      fcParameters(200),
    );
  });
});
