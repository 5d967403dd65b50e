import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../../simulator/core/model.js';
import { canonicalIp } from '../../../simulator/net/ip.js';
import {
  HUBBLE_FORMAT,
  labelValue,
  sourceLabelsFromTopology,
} from '../../../simulator/flows/formats/hubble.js';
import { hostName } from '../../../simulator/flows/formats/log-fields.js';
import { fcParameters } from '../../engine/arbitraries.js';
import { expectGolden, fixtureText, flowsOf, problemsOf, readLog, skipsOf } from './read-log.js';

const TOPOLOGY = {
  nodes: [
    { id: 'nightly-trainer', roles: ['trainer'] },
    { id: 'spare-trainer', roles: ['trainer'] },
    { id: 'gateway', roles: ['llm-gateway'] },
  ],
};

describe('Hubble flows', () => {
  it('reads observe.json as its golden flows', () => {
    const outcomes = readLog(HUBBLE_FORMAT, fixtureText('hubble/observe.json'));
    expect(problemsOf(outcomes)).toEqual([]);
    expectGolden('hubble/observe.json', flowsOf(outcomes));
    expect(skipsOf(outcomes)).toEqual({
      reply: 3,
      'continuation of a connection already read': 1,
      'redirected to the L7 proxy (its L7 events carry the request)': 1,
      'not a flow (lost events, node status)': 1,
      'protocol SCTP is not tcp, udp or icmp': 1,
    });
  });

  it('names hosts from L7 URLs and destination_names, and maps the verdict', () => {
    const flows = flowsOf(readLog(HUBBLE_FORMAT, fixtureText('hubble/observe.json')));
    expect(flows.find((f) => f.flow.host === 'pypi.org')).toMatchObject({
      hostSource: 'dns',
      logged: 'allow',
    });
    expect(flows.find((f) => f.flow.ip === '169.254.169.254')?.logged).toBe('deny');
    expect(flows.find((f) => f.flow.method === 'POST')).toEqual({
      flow: {
        src: '10.244.2.40',
        host: 'model-server.ml.svc.cluster.local',
        ip: '10.244.3.17',
        proto: 'tcp',
        port: 8080,
        method: 'POST',
        path: '/v1/predict',
      },
      line: 8,
      logged: 'allow',
      hostSource: 'http-host',
    });
  });

  it('maps a pod label to a topology node when the read context says which label', () => {
    const sourceLabels = sourceLabelsFromTopology('app', TOPOLOGY);
    const flows = flowsOf(
      readLog(HUBBLE_FORMAT, fixtureText('hubble/observe.json'), { sourceLabels }),
    );
    // `trainer` is a role of two nodes: the first in the topology; `gateway` is a node id.
    expect([...new Set(flows.map((f) => f.flow.src))]).toEqual(['nightly-trainer', 'gateway']);
    expect(
      labelValue(
        ['k8s:app=trainer', 'k8s:io.kubernetes.pod.namespace=ml'],
        'io.kubernetes.pod.namespace',
      ),
    ).toBe('ml');
  });

  it('reports malformed flows with the field and what is wrong', () => {
    const outcomes = readLog(HUBBLE_FORMAT, fixtureText('hubble/malformed.json'));
    expect(problemsOf(outcomes)).toEqual([
      { line: 2, reason: 'IP.source "10.244.1.300" is not an IPv4 or IPv6 address' },
      { line: 3, reason: 'l4 destination_port "https" is not a port' },
      { line: 4, reason: 'no destination port' },
      {
        line: 5,
        reason: 'expected a Hubble flow: {"flow":{…}} or a flow object with "verdict" and "IP"',
      },
      { line: 6, reason: expect.stringMatching(/^not valid JSON/) },
    ]);
  });

  it('round trip: random flows and their replies written as hubble observe -o json read back the flows', () => {
    const attempt = fc.record({
      src: fc.oneof(fc.ipV4(), fc.ipV6()),
      dst: fc.oneof(fc.ipV4(), fc.ipV6()),
      proto: fc.constantFrom('TCP', 'UDP', 'ICMPv4'),
      port: fc.integer({ min: 1, max: 65535 }),
      name: fc.option(fc.domain(), { nil: undefined }),
      http: fc.option(fc.record({ method: fc.constantFrom('GET', 'POST'), path: fc.webPath() }), {
        nil: undefined,
      }),
      logged: fc.constantFrom<Action>('allow', 'deny'),
      role: fc.constantFrom('trainer', 'llm-gateway', 'unknown', undefined),
      wrapped: fc.boolean(),
      reply: fc.boolean(),
    });
    const sourceLabels = sourceLabelsFromTopology('app', TOPOLOGY);
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 25, size: 'max' }), (attempts) => {
        const usable = attempts
          .filter((a) => canonicalIp(a.src) !== null && canonicalIp(a.dst) !== null)
          .map((a) => ({
            ...a,
            name: a.name !== undefined && hostName(a.name) !== undefined ? a.name : undefined,
            http:
              a.proto === 'TCP' && a.name !== undefined && hostName(a.name) !== undefined
                ? a.http
                : undefined,
          }));
        const lines: string[] = [];
        const lineOf: number[] = [];
        usable.forEach((a, i) => {
          const sport = 32768 + i;
          const l4 = (from: number, to: number, flags: object): object =>
            a.proto === 'ICMPv4'
              ? { ICMPv4: { type: 8 } }
              : {
                  [a.proto]: {
                    source_port: from,
                    destination_port: to,
                    ...(a.proto === 'TCP' && !a.http ? { flags } : {}),
                  },
                };
          const flow = {
            verdict: a.logged === 'allow' ? 'FORWARDED' : 'DROPPED',
            IP: {
              source: a.src,
              destination: a.dst,
              ipVersion: a.src.includes(':') ? 'IPv6' : 'IPv4',
            },
            l4: l4(sport, a.port, { SYN: true }),
            source: { labels: a.role ? [`k8s:app=${a.role}`] : ['reserved:host'] },
            ...(a.name && !a.http ? { destination_names: [a.name] } : {}),
            ...(a.http
              ? {
                  Type: 'L7',
                  l7: {
                    type: 'REQUEST',
                    http: {
                      method: a.http.method,
                      url: `http://${a.name}:${a.port}${a.http.path}`,
                    },
                  },
                }
              : { Type: 'L3_L4' }),
            is_reply: false,
          };
          lineOf[i] = lines.length + 1;
          lines.push(JSON.stringify(a.wrapped ? { flow, node_name: 'n', time: 't' } : flow));
          if (a.reply) {
            const reply = {
              ...flow,
              IP: { source: a.dst, destination: a.src },
              l4: l4(a.port, sport, { SYN: true, ACK: true }),
              is_reply: true,
            };
            lines.push(JSON.stringify({ flow: reply }));
          }
        });
        const outcomes = readLog(HUBBLE_FORMAT, lines.join('\n'), { sourceLabels });
        expect(problemsOf(outcomes)).toEqual([]);
        expect(flowsOf(outcomes)).toEqual(
          usable.map((a, i) => {
            const proto = a.proto === 'ICMPv4' ? 'icmp' : a.proto.toLowerCase();
            return {
              flow: {
                src:
                  a.role === 'trainer'
                    ? 'nightly-trainer'
                    : a.role === 'llm-gateway'
                      ? 'gateway'
                      : canonicalIp(a.src),
                ...(a.name ? { host: hostName(a.name) } : {}),
                ip: canonicalIp(a.dst),
                proto,
                ...(proto === 'icmp' ? {} : { port: a.port }),
                ...(a.http ? { method: a.http.method, path: a.http.path || '/' } : {}),
              },
              line: lineOf[i],
              logged: a.logged,
              ...(a.name ? { hostSource: a.http ? 'http-host' : 'dns' } : {}),
            };
          }),
        );
      }),
      fcParameters(200),
    );
  });
});
