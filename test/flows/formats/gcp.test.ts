import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action, Protocol } from '../../../simulator/core/model.js';
import { canonicalIp } from '../../../simulator/net/ip.js';
import { GCP_FORMAT } from '../../../simulator/flows/formats/gcp.js';
import { fcParameters } from '../../engine/arbitraries.js';
import { expectGolden, fixtureText, flowsOf, problemsOf, readLog, skipsOf } from './read-log.js';

describe('GCP VPC Flow Logs and firewall rules logs', () => {
  for (const fixture of ['gcp/vpc-flows.json', 'gcp/firewall.json']) {
    it(`reads ${fixture} as its golden flows`, () => {
      const outcomes = readLog(GCP_FORMAT, fixtureText(fixture));
      expect(problemsOf(outcomes)).toEqual([]);
      expectGolden(fixture, flowsOf(outcomes));
    });
  }

  it('skips the reply direction and the second reporter of a flow, and other protocols', () => {
    const outcomes = readLog(GCP_FORMAT, fixtureText('gcp/vpc-flows.json'));
    expect(skipsOf(outcomes)).toEqual({
      reply: 1,
      'continuation of a connection already read': 1,
      'protocol 47 is not tcp, udp or icmp': 1,
    });
    expect(flowsOf(outcomes).every((f) => f.logged === undefined)).toBe(true);
  });

  it('reads the firewall disposition as the logged action, inbound attempts included', () => {
    const flows = flowsOf(readLog(GCP_FORMAT, fixtureText('gcp/firewall.json')));
    expect(flows.map((f) => [f.flow.src, f.flow.ip, f.flow.port, f.logged])).toEqual([
      ['10.128.0.5', '169.254.169.254', 80, 'deny'],
      ['10.128.0.5', '151.101.0.223', 443, 'allow'],
      ['35.235.240.7', '10.128.0.5', 22, 'allow'],
      ['10.128.0.5', '10.128.0.2', 53, 'allow'],
    ]);
  });

  it('reports malformed records with the field and what is wrong', () => {
    expect(problemsOf(readLog(GCP_FORMAT, fixtureText('gcp/malformed.json')))).toEqual([
      { line: 2, reason: 'connection.protocol "tcp" is not a protocol number' },
      { line: 3, reason: 'connection.dest_ip "151.101.0.999" is not an IPv4 or IPv6 address' },
      { line: 4, reason: 'connection.dest_port undefined is not a port from 1 to 65535' },
      { line: 5, reason: 'disposition "MAYBE" is not ALLOWED or DENIED' },
      { line: 6, reason: 'no "connection": not a VPC Flow Logs or firewall rules log record' },
    ]);
  });

  it('round trip: random connections written as flow-log pairs and firewall records read back the attempts', () => {
    const attempt = fc.record({
      src: fc.oneof(fc.ipV4(), fc.ipV6()),
      dst: fc.oneof(fc.ipV4(), fc.ipV6()),
      proto: fc.constantFrom<Protocol>('tcp', 'udp'),
      port: fc.integer({ min: 1, max: 32767 }),
      firewall: fc.option(fc.constantFrom<Action>('allow', 'deny'), { nil: undefined }),
      wrapped: fc.boolean(),
      reply: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 30, size: 'max' }), (attempts) => {
        const usable = attempts.filter(
          (a) => canonicalIp(a.src) !== null && canonicalIp(a.dst) !== null,
        );
        const lines: string[] = [];
        const lineOf: number[] = [];
        const write = (a: (typeof usable)[number], record: object): void => {
          lines.push(
            JSON.stringify(
              a.wrapped
                ? { insertId: 'x', jsonPayload: record, logName: 'projects/p/logs/x' }
                : record,
            ),
          );
        };
        usable.forEach((a, i) => {
          const sport = 32768 + i;
          const connection = {
            src_ip: a.src,
            src_port: sport,
            dest_ip: a.dst,
            dest_port: a.port,
            protocol: a.proto === 'tcp' ? 6 : 17,
          };
          lineOf[i] = lines.length + 1;
          if (a.firewall) {
            write(a, {
              connection,
              disposition: a.firewall === 'allow' ? 'ALLOWED' : 'DENIED',
              rule_details: { reference: 'network:n/firewall:r' },
            });
          } else {
            write(a, { connection, reporter: 'SRC' });
            if (a.reply) {
              write(a, {
                connection: {
                  src_ip: a.dst,
                  src_port: a.port,
                  dest_ip: a.src,
                  dest_port: sport,
                  protocol: connection.protocol,
                },
                reporter: 'SRC',
              });
              write(a, { connection, reporter: 'DEST' });
            }
          }
        });
        const outcomes = readLog(GCP_FORMAT, lines.join('\n'));
        expect(problemsOf(outcomes)).toEqual([]);
        expect(flowsOf(outcomes)).toEqual(
          usable.map((a, i) => ({
            flow: { src: canonicalIp(a.src), ip: canonicalIp(a.dst), proto: a.proto, port: a.port },
            line: lineOf[i],
            ...(a.firewall ? { logged: a.firewall } : {}),
          })),
        );
      }),
      fcParameters(200),
    );
  });
});
