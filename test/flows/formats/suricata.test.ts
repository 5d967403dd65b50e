import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../../simulator/core/model.js';
import { canonicalIp } from '../../../simulator/net/ip.js';
import { SURICATA_FORMAT } from '../../../simulator/flows/formats/suricata.js';
import { hostName } from '../../../simulator/flows/formats/log-fields.js';
import { fcParameters } from '../../engine/arbitraries.js';
import { expectGolden, fixtureText, flowsOf, problemsOf, readLog, skipsOf } from './read-log.js';

describe('Suricata EVE JSON', () => {
  for (const fixture of ['suricata/eve.json', 'suricata/aws-network-firewall.json']) {
    it(`reads ${fixture} as its golden flows`, () => {
      const outcomes = readLog(SURICATA_FORMAT, fixtureText(fixture));
      expect(problemsOf(outcomes)).toEqual([]);
      expectGolden(fixture, flowsOf(outcomes));
    });
  }

  it('joins the tls, http and alert events of a flow_id into one attempt, emitted at its flow event', () => {
    const outcomes = readLog(SURICATA_FORMAT, fixtureText('suricata/eve.json'));
    const flows = flowsOf(outcomes);
    expect(flows.find((f) => f.flow.host === 'www.example.org')).toEqual({
      flow: {
        src: '10.0.2.15',
        host: 'www.example.org',
        ip: '93.184.216.34',
        proto: 'tcp',
        port: 443,
      },
      line: 3,
      logged: 'allow',
      hostSource: 'sni',
    });
    expect(flows.find((f) => f.flow.host === 'pypi.org')?.flow).toEqual({
      src: '10.0.2.15',
      host: 'pypi.org',
      ip: '151.101.0.223',
      proto: 'tcp',
      port: 80,
      method: 'GET',
      path: '/simple/torch/',
    });
    expect(flows.find((f) => f.flow.host === 'api.openai.com')?.logged).toBe('deny');
    // The to_client alert is turned around: the client is the source.
    expect(flows.find((f) => f.flow.ip === '203.0.113.80')?.flow.src).toBe('10.0.2.15');
    expect(skipsOf(outcomes)).toEqual({
      'dns event': 1,
      'stats event': 1,
      'protocol GRE is not tcp, udp or icmp': 1,
    });
  });

  it('reads AWS Network Firewall netflow pairs as one attempt and its reply', () => {
    const outcomes = readLog(SURICATA_FORMAT, fixtureText('suricata/aws-network-firewall.json'));
    expect(skipsOf(outcomes)).toEqual({ reply: 1 });
    expect(flowsOf(outcomes).map((f) => [f.flow.src, f.flow.host ?? f.flow.ip, f.logged])).toEqual([
      ['45.129.33.153', '172.31.16.139', 'allow'],
      ['10.0.1.15', '151.101.0.223', 'allow'],
      ['2600:1f18:aaaa:bbbb::10', '2606:4700::6810:84e5', 'allow'],
      ['10.0.1.15', 'api.openai.com', 'deny'],
      ['10.0.1.16', 'huggingface.co', 'allow'],
    ]);
  });

  it('reports malformed events with what is wrong', () => {
    const outcomes = readLog(SURICATA_FORMAT, fixtureText('suricata/malformed.json'));
    expect(problemsOf(outcomes)).toEqual([
      { line: 2, reason: 'src_ip "10.0.2.999" is not an IPv4 or IPv6 address' },
      { line: 3, reason: 'dest_port undefined is not a port from 1 to 65535' },
      { line: 4, reason: 'no "event_type": not a Suricata EVE event' },
      { line: 5, reason: 'no "proto"' },
      { line: 6, reason: expect.stringMatching(/^not valid JSON/) },
    ]);
  });

  it('regression (seed of the round trip): a request path holding "://" is a path, not a URL', () => {
    const event = {
      flow_id: 7,
      event_type: 'http',
      src_ip: '10.0.0.1',
      src_port: 40000,
      dest_ip: '10.0.0.2',
      dest_port: 80,
      proto: 'TCP',
      http: { hostname: 'a.aa', url: '/://a', http_method: 'GET' },
    };
    const flows = flowsOf(readLog(SURICATA_FORMAT, JSON.stringify(event)));
    expect(flows[0]!.flow).toMatchObject({ host: 'a.aa', path: '/://a', method: 'GET' });
  });

  it('round trip: random connections written as EVE events (some wrapped by AWS Network Firewall) read back the same', () => {
    const connection = fc.record({
      client: fc.oneof(fc.ipV4(), fc.ipV6()),
      server: fc.oneof(fc.ipV4(), fc.ipV6()),
      proto: fc.constantFrom('TCP', 'UDP', 'ICMP'),
      port: fc.integer({ min: 1, max: 65535 }),
      app: fc.constantFrom('none', 'tls', 'http'),
      host: fc.domain(),
      method: fc.constantFrom('GET', 'POST'),
      path: fc.webPath(),
      alert: fc.constantFrom<Action | 'none'>('none', 'allow', 'deny'),
      end: fc.constantFrom('flow', 'netflow', 'none'),
      wrapped: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(connection, { maxLength: 25, size: 'max' }), (connections) => {
        const usable = connections
          .filter((c) => canonicalIp(c.client) !== null && canonicalIp(c.server) !== null)
          .map((c) => ({ ...c, app: c.proto === 'TCP' && hostName(c.host) ? c.app : 'none' }));
        const lines: string[] = [];
        const firstLine: number[] = [];
        const write = (c: (typeof usable)[number], id: number, event: object): void => {
          const body = {
            timestamp: '2024-01-01T00:00:00.000000+0000',
            flow_id: id,
            src_ip: c.client,
            ...(c.proto === 'ICMP' ? {} : { src_port: 40000 + id }),
            dest_ip: c.server,
            ...(c.proto === 'ICMP' ? {} : { dest_port: c.port }),
            proto: c.proto,
            ...event,
          };
          firstLine[id] ??= lines.length + 1;
          lines.push(
            JSON.stringify(
              c.wrapped
                ? {
                    firewall_name: 'fw',
                    availability_zone: 'az',
                    event_timestamp: '1',
                    event: body,
                  }
                : body,
            ),
          );
        };
        usable.forEach((c, id) => {
          if (c.app === 'tls') write(c, id, { event_type: 'tls', tls: { sni: c.host } });
          if (c.app === 'http')
            write(c, id, {
              event_type: 'http',
              http: { hostname: c.host, url: c.path || '/', http_method: c.method },
            });
          if (c.alert !== 'none')
            write(c, id, {
              event_type: 'alert',
              alert: { action: c.alert === 'deny' ? 'blocked' : 'allowed' },
            });
          if (c.end === 'none' && c.app === 'none' && c.alert === 'none')
            write(c, id, { event_type: 'flow', flow: {} });
        });
        // Connections end in reverse order; those without an end event come out at the end of the file.
        const order = usable.map((_, id) => id).reverse();
        for (const id of order) {
          const c = usable[id]!;
          if (c.end === 'flow') write(c, id, { event_type: 'flow', flow: {} });
          if (c.end === 'netflow') {
            write(c, id, { event_type: 'netflow', netflow: {} });
            write({ ...c, client: c.server, server: c.client }, id, {
              event_type: 'netflow',
              netflow: {},
            });
          }
        }
        const byEnd = order.filter((id) => usable[id]!.end !== 'none');
        const inline = usable
          .map((_, id) => id)
          .filter(
            (id) =>
              usable[id]!.end === 'none' &&
              usable[id]!.app === 'none' &&
              usable[id]!.alert === 'none',
          );
        const atFinish = usable
          .map((_, id) => id)
          .filter((id) => usable[id]!.end === 'none' && !inline.includes(id));
        // Lone flow events come out as they are read, before the end events written after them.
        const expectedOrder = [...inline, ...byEnd, ...atFinish];
        const outcomes = readLog(SURICATA_FORMAT, lines.join('\n'));
        expect(problemsOf(outcomes)).toEqual([]);
        expect(flowsOf(outcomes)).toEqual(
          expectedOrder.map((id) => {
            const c = usable[id]!;
            const proto = c.proto.toLowerCase();
            return {
              flow: {
                src: canonicalIp(c.client),
                ...(c.app !== 'none' ? { host: hostName(c.host) } : {}),
                ip: canonicalIp(c.server),
                proto,
                ...(proto === 'icmp' ? {} : { port: c.port }),
                ...(c.app === 'http' ? { method: c.method, path: c.path || '/' } : {}),
              },
              line: firstLine[id],
              logged: c.alert === 'deny' ? 'deny' : 'allow',
              ...(c.app !== 'none' ? { hostSource: c.app === 'tls' ? 'sni' : 'http-host' } : {}),
            };
          }),
        );
      }),
      fcParameters(200),
    );
  });
});
