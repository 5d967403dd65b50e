import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompanionCollector } from '../../../simulator/flows/flow-format.js';
import { canonicalIp } from '../../../simulator/net/ip.js';
import { ZEEK_FORMAT } from '../../../simulator/flows/formats/zeek.js';
import { hostName } from '../../../simulator/flows/formats/log-fields.js';
import { fcParameters } from '../../engine/arbitraries.js';
import {
  expectGolden,
  fixtureText,
  flowsOf,
  head,
  problemsOf,
  readLog,
  skipsOf,
} from './read-log.js';

/** Feeds companion files to one collector, as the reader does before it opens conn.log. */
function collect(files: Record<string, string>): CompanionCollector {
  const collector = ZEEK_FORMAT.companion!.collector();
  for (const [name, text] of Object.entries(files)) {
    expect(ZEEK_FORMAT.companion!.detect(head(text)), `${name} is a companion`).toBe(true);
    const outcomes = readLog({ ...ZEEK_FORMAT, open: () => collector.open(name) }, text);
    expect(problemsOf(outcomes), name).toEqual([]);
  }
  return collector;
}

const TSV_COMPANIONS = ['zeek/ssl.log', 'zeek/http.log', 'zeek/dns.log'];

describe('Zeek conn.log with ssl.log, http.log and dns.log', () => {
  it('reads conn.log joined with its companion logs as its golden flows', () => {
    const companions = collect(Object.fromEntries(TSV_COMPANIONS.map((f) => [f, fixtureText(f)])));
    const outcomes = readLog(ZEEK_FORMAT, fixtureText('zeek/conn.log'), { companions });
    expect(problemsOf(outcomes)).toEqual([]);
    expectGolden('zeek/conn.log', flowsOf(outcomes));
    expect(skipsOf(outcomes)).toEqual({
      '-': 9,
      'protocol unknown_transport is not tcp, udp or icmp': 1,
    });
  });

  it('names hosts by SNI first, then HTTP Host (with method and path), then DNS answers to the same client', () => {
    const companions = collect(Object.fromEntries(TSV_COMPANIONS.map((f) => [f, fixtureText(f)])));
    const flows = flowsOf(readLog(ZEEK_FORMAT, fixtureText('zeek/conn.log'), { companions }));
    const by = (ip: string) => flows.find((f) => f.flow.ip === ip);
    expect(by('151.101.0.223')).toMatchObject({ flow: { host: 'pypi.org' }, hostSource: 'sni' });
    expect(by('93.184.216.34')).toMatchObject({
      flow: { host: 'www.example.com', method: 'GET', path: '/index.html' },
      hostSource: 'http-host',
    });
    // No SNI: the DNS answer to this client before the connection (not the later CDN name).
    expect(by('18.244.28.101')).toMatchObject({
      flow: { host: 'huggingface.co' },
      hostSource: 'dns',
    });
    expect(by('2606:4700::6810:84e5')).toMatchObject({
      flow: { host: 'huggingface.co' },
      hostSource: 'sni',
    });
  });

  it('turns a record around when the originator answered or the ports say so', () => {
    const flows = flowsOf(readLog(ZEEK_FORMAT, fixtureText('zeek/conn.log')));
    const pairs = flows.map((f) => `${f.flow.src} > ${f.flow.ip}:${f.flow.port ?? '-'}`);
    expect(pairs).toContain('10.0.1.17 > 104.18.6.192:443'); // ^h: Zeek flipped it already
    expect(pairs).toContain('10.0.1.18 > 203.0.113.9:443'); // H: the originator sent the SYN-ACK
    expect(pairs).toContain('10.0.1.19 > 52.1.1.1:443'); // mid-stream, from the service's port
    expect(pairs).toContain('10.0.1.20 > 198.51.100.4:40000'); // mid-stream, only the responder local
    expect(flows.every((f) => f.hostSource === undefined && f.logged === undefined)).toBe(true);
  });

  it('reads the JSON logs, flat and nested field names, epoch and ISO times', () => {
    const companions = collect({
      'zeek/ssl.json': fixtureText('zeek/ssl.json'),
      'zeek/dns.json': fixtureText('zeek/dns.json'),
    });
    const outcomes = readLog(ZEEK_FORMAT, fixtureText('zeek/conn.json'), { companions });
    expect(problemsOf(outcomes)).toEqual([]);
    expectGolden('zeek/conn.json', flowsOf(outcomes));
  });

  it('reports malformed records with what is wrong', () => {
    expect(problemsOf(readLog(ZEEK_FORMAT, fixtureText('zeek/malformed.log')))).toEqual([
      { line: 1, reason: 'a TSV record before the #fields header line' },
      { line: 10, reason: 'expected 9 fields (as #fields says), found 8' },
      { line: 11, reason: 'id.orig_h "10.0.1.999" is not an IPv4 or IPv6 address' },
      { line: 12, reason: 'id.resp_p "http" is not a port' },
      { line: 13, reason: 'no "proto"' },
    ]);
  });

  it('round trip: random connections written as conn.log, ssl.log, http.log and dns.log read back the same', () => {
    const connection = fc.record({
      client: fc.oneof(fc.ipV4(), fc.ipV6()),
      server: fc.oneof(fc.ipV4(), fc.ipV6()),
      proto: fc.constantFrom('tcp', 'udp', 'icmp'),
      port: fc.integer({ min: 1, max: 65535 }),
      name: fc.domain(),
      naming: fc.constantFrom('none', 'sni', 'http', 'dns'),
      method: fc.constantFrom('GET', 'PUT'),
      path: fc.webPath(),
      json: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(connection, { maxLength: 20, size: 'max' }),
        fc.boolean(),
        (connections, json) => {
          const usable = connections
            .filter(
              (c) =>
                canonicalIp(c.client) !== null &&
                canonicalIp(c.server) !== null &&
                hostName(c.name) !== undefined,
            )
            .map((c) => ({
              ...c,
              naming: c.proto === 'tcp' || c.naming === 'dns' ? c.naming : 'none',
            }));
          const tsv = (path: string, fields: string[], rows: string[][]): string =>
            [
              `#separator \\x09`,
              `#set_separator\t,`,
              `#empty_field\t(empty)`,
              `#unset_field\t-`,
              `#path\t${path}`,
              `#fields\t${fields.join('\t')}`,
              ...rows.map((r) => r.join('\t')),
              `#close\t2024`,
            ].join('\n');
          const write = (path: string, fields: string[], rows: string[][]): string =>
            json
              ? rows
                  .map((r) =>
                    JSON.stringify(
                      Object.fromEntries(
                        fields.map((f, i) => [
                          f,
                          r[i]!.includes(',') && f === 'answers' ? r[i]!.split(',') : r[i],
                        ]),
                      ),
                    ),
                  )
                  .join('\n')
              : tsv(path, fields, rows);
          const ids = ['uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p'];
          const tuple = (c: (typeof usable)[number], i: number): string[] => [
            `C${i}`,
            c.client,
            c.proto === 'icmp' ? '8' : String(32768 + i),
            c.server,
            c.proto === 'icmp' ? '0' : String(c.port),
          ];
          const conn = write(
            'conn',
            ['ts', ...ids, 'proto', 'conn_state', 'history'],
            usable.map((c, i) => [
              String(1000 + i),
              ...tuple(c, i),
              c.proto,
              'SF',
              c.proto === 'tcp' ? 'ShADadFf' : 'Dd',
            ]),
          );
          const ssl = write(
            'ssl',
            ['ts', ...ids, 'version', 'cipher', 'server_name'],
            usable.flatMap((c, i) =>
              c.naming === 'sni'
                ? [[String(1000 + i), ...tuple(c, i), 'TLSv13', 'TLS_AES_128_GCM_SHA256', c.name]]
                : [],
            ),
          );
          const http = write(
            'http',
            ['ts', ...ids, 'trans_depth', 'method', 'host', 'uri'],
            usable.flatMap((c, i) =>
              c.naming === 'http'
                ? [[String(1000 + i), ...tuple(c, i), '1', c.method, c.name, c.path || '/']]
                : [],
            ),
          );
          const dns = write(
            'dns',
            [
              'ts',
              'uid',
              'id.orig_h',
              'id.orig_p',
              'id.resp_h',
              'id.resp_p',
              'proto',
              'query',
              'answers',
            ],
            usable.flatMap((c, i) =>
              c.naming === 'dns'
                ? [
                    [
                      String(999 + i),
                      `D${i}`,
                      c.client,
                      '5353',
                      '10.0.0.2',
                      '53',
                      'udp',
                      c.name,
                      `${c.server},${c.server}`,
                    ],
                  ]
                : [],
            ),
          );
          const collector = ZEEK_FORMAT.companion!.collector();
          for (const text of [ssl, http, dns]) {
            const parser = collector.open('companion');
            text.split('\n').forEach((line, n) => line !== '' && parser.push(line, n + 1));
          }
          const outcomes = readLog(ZEEK_FORMAT, conn, { companions: collector });
          expect(problemsOf(outcomes)).toEqual([]);
          // A DNS answer names every connection of that client to that address: the latest before it, else the first.
          const dnsName = (i: number): string | undefined => {
            const same = usable.flatMap((d, j) =>
              d.naming === 'dns' &&
              canonicalIp(d.client) === canonicalIp(usable[i]!.client) &&
              canonicalIp(d.server) === canonicalIp(usable[i]!.server)
                ? [j]
                : [],
            );
            const before = same.filter((j) => j <= i);
            const chosen = before.length > 0 ? before[before.length - 1] : same[0];
            return chosen === undefined ? undefined : hostName(usable[chosen]!.name);
          };
          expect(flowsOf(outcomes).map(({ line: _, ...rest }) => rest)).toEqual(
            usable.map((c, i) => {
              const host =
                c.naming === 'sni' || c.naming === 'http' ? hostName(c.name) : dnsName(i);
              const source =
                c.naming === 'sni'
                  ? 'sni'
                  : c.naming === 'http'
                    ? 'http-host'
                    : host
                      ? 'dns'
                      : undefined;
              return {
                flow: {
                  src: canonicalIp(c.client),
                  ...(host ? { host } : {}),
                  ip: canonicalIp(c.server),
                  proto: c.proto,
                  ...(c.proto === 'icmp' ? {} : { port: c.port }),
                  ...(c.naming === 'http' ? { method: c.method, path: c.path || '/' } : {}),
                },
                ...(source ? { hostSource: source } : {}),
              };
            }),
          );
        },
      ),
      fcParameters(150),
    );
  });
});
