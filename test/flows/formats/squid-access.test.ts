import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../../simulator/core/model.js';
import { canonicalIp } from '../../../simulator/net/ip.js';
import { SQUID_ACCESS_FORMAT } from '../../../simulator/flows/formats/squid-access.js';
import { hostName } from '../../../simulator/flows/formats/log-fields.js';
import { fcParameters } from '../../engine/arbitraries.js';
import { expectGolden, fixtureText, flowsOf, problemsOf, readLog, skipsOf } from './read-log.js';

describe('Squid native access.log', () => {
  it('reads access.log as its golden flows', () => {
    const outcomes = readLog(SQUID_ACCESS_FORMAT, fixtureText('squid/access.log'));
    expect(problemsOf(outcomes)).toEqual([]);
    expectGolden('squid/access.log', flowsOf(outcomes));
    expect(skipsOf(outcomes)).toEqual({
      'proxy authentication challenge (TCP_DENIED/407)': 1,
      'no request (the client sent none, or an unparsable one)': 1,
    });
  });

  it('reads a CONNECT line as a flow to host:port without method or path, and a plain line with both', () => {
    const flows = flowsOf(readLog(SQUID_ACCESS_FORMAT, fixtureText('squid/access.log')));
    expect(flows.find((f) => f.flow.host === 'pypi.org')).toEqual({
      flow: { src: '10.0.1.15', host: 'pypi.org', ip: '151.101.0.223', proto: 'tcp', port: 443 },
      line: 4,
      logged: 'allow',
      hostSource: 'connect',
    });
    expect(flows.find((f) => f.flow.host === 'api.internal.example')).toEqual({
      flow: {
        src: '10.0.1.18',
        host: 'api.internal.example',
        proto: 'tcp',
        port: 8080,
        method: 'POST',
        path: '/v1/jobs',
      },
      line: 8,
      logged: 'allow',
      hostSource: 'http-host',
    });
    expect(flows.find((f) => f.flow.host === 'evil.example.org')?.logged).toBe('deny');
  });

  it('reports malformed lines with what is wrong', () => {
    const outcomes = readLog(SQUID_ACCESS_FORMAT, fixtureText('squid/malformed.log'));
    expect(problemsOf(outcomes)).toEqual([
      {
        line: 2,
        reason:
          'expected at least 7 fields (time elapsed client code/status bytes method URL), found 6',
      },
      { line: 3, reason: 'client "client-7" is not an IPv4 or IPv6 address' },
      { line: 4, reason: 'CONNECT target "pypi.org" has no port' },
      { line: 5, reason: 'URL "/relative/path" is not an absolute URL' },
      { line: 6, reason: 'URL "http://bad_host..example/" has no valid host' },
      { line: 7, reason: 'time "yesterday" is not seconds.milliseconds' },
    ]);
  });

  it('round trip: random requests written as access.log lines read back the same', () => {
    const request = fc.record({
      client: fc.oneof(fc.ipV4(), fc.ipV6()),
      host: fc.domain(),
      server: fc.option(fc.ipV4(), { nil: undefined }),
      port: fc.integer({ min: 1, max: 65535 }),
      connect: fc.boolean(),
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD'),
      path: fc.webPath(),
      logged: fc.constantFrom<Action>('allow', 'deny'),
      elapsed: fc.nat(999999),
    });
    fc.assert(
      fc.property(fc.array(request, { maxLength: 30, size: 'max' }), (requests) => {
        const usable = requests.filter(
          (r) => hostName(r.host) !== undefined && canonicalIp(r.client) !== null,
        );
        const text = usable
          .map((r, i) => {
            const code =
              r.logged === 'deny'
                ? 'TCP_DENIED/403'
                : r.connect
                  ? 'TCP_TUNNEL/200'
                  : 'TCP_MISS/200';
            const url = r.connect ? `${r.host}:${r.port}` : `http://${r.host}:${r.port}${r.path}`;
            const hierarchy = r.server ? `HIER_DIRECT/${r.server}` : 'HIER_NONE/-';
            const method = r.connect ? 'CONNECT' : r.method;
            return `${1700000000 + i}.${String(i % 1000).padStart(3, '0')} ${String(r.elapsed).padStart(6)} ${r.client} ${code} 1234 ${method} ${url} - ${hierarchy} -`;
          })
          .join('\n');
        const outcomes = readLog(SQUID_ACCESS_FORMAT, text);
        expect(problemsOf(outcomes)).toEqual([]);
        expect(flowsOf(outcomes).map(({ line: _, ...rest }) => rest)).toEqual(
          usable.map((r) => ({
            flow: {
              src: canonicalIp(r.client),
              host: hostName(r.host),
              ...(r.server ? { ip: r.server } : {}),
              proto: 'tcp',
              port: r.port,
              ...(r.connect ? {} : { method: r.method, path: r.path === '' ? '/' : r.path }),
            },
            logged: r.logged,
            hostSource: r.connect ? 'connect' : 'http-host',
          })),
        );
      }),
      fcParameters(200),
    );
  });
});
