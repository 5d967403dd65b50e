import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  csvCell,
  isNodeId,
  normalizeFlow,
  parseFlowCsvHeader,
  parseFlowCsvRow,
  parseFlowJsonLine,
  splitCsvLine,
} from '../../simulator/flows/flow-record.js';
import { TOPOLOGY_ID_PATTERN } from '../../simulator/topology/names.js';

const HEADER = parseFlowCsvHeader('src,host,ip,proto,port,method,path');
const columns = HEADER.ok ? HEADER.columns : [];

describe('CSV flow rows', () => {
  it('parses the documented example with empty cells as absent', () => {
    expect(
      parseFlowCsvRow('trainer,PyPI.org,151.101.0.223,tcp,443,GET,/simple/torch/', columns),
    ).toEqual({
      ok: true,
      flow: {
        src: 'trainer',
        host: 'pypi.org',
        ip: '151.101.0.223',
        proto: 'tcp',
        port: 443,
        method: 'GET',
        path: '/simple/torch/',
      },
    });
    expect(parseFlowCsvRow('10.0.1.5,,fd00:0::1,icmp,,,', columns)).toEqual({
      ok: true,
      flow: { src: '10.0.1.5', ip: 'fd00::1', proto: 'icmp' },
    });
  });

  it('accepts the columns in any order and rejects unknown or missing ones', () => {
    const h = parseFlowCsvHeader('proto,port,ip,src');
    expect(h.ok && parseFlowCsvRow('udp,53,10.0.0.2,trainer', h.columns)).toEqual({
      ok: true,
      flow: { src: 'trainer', ip: '10.0.0.2', proto: 'udp', port: 53 },
    });
    expect(parseFlowCsvHeader('src,hots,proto')).toEqual({
      ok: false,
      reason: 'unknown column "hots"; the header is src,host,ip,proto,port,method,path',
    });
    expect(parseFlowCsvHeader('host,port').ok).toBe(false);
  });

  it.each([
    ['trainer,pypi.org,,tcp,,,', 'tcp flows need a "port" (1-65535)'],
    ['trainer,pypi.org,,tcp,70000,,', 'port 70000 is outside 1-65535'],
    ['trainer,pypi.org,,tcp,0x1bb,,', 'port "0x1bb" is not a number from 1 to 65535'],
    ['trainer,,,tcp,443,,', 'a flow needs a "host" or an "ip" (or both)'],
    ['trainer,pypi.org,,sctp,443,,', 'unknown protocol "sctp"; use tcp, udp or icmp'],
    ['trainer,,10.0.0.300,tcp,443,,', 'ip "10.0.0.300" is not an IPv4 or IPv6 address'],
    ['trainer,pypi.org,,icmp,8,,', 'icmp flows have no port; leave "port" empty'],
    [
      'trainer,pypi.org,,tcp,443,get,',
      'method "get" must be an upper-case HTTP method such as GET',
    ],
    ['trainer,pypi.org,,tcp,443,GET,simple', 'path "simple" must start with "/"'],
    ['trainer,*.pypi.org,,tcp,443,,', 'host "*.pypi.org" is a pattern; a flow names one host'],
    ['trainer,pypi.org,tcp,443', 'expected 7 cells, found 4'],
    ['trainer,"pypi.org,,tcp,443,,', 'unterminated quote'],
  ])('reports %j: %s', (line, reason) => {
    expect(parseFlowCsvRow(line, columns)).toEqual({ ok: false, reason });
  });

  it('cuts unquoted rows exactly as splitting, trimming and normalising each cell does', () => {
    // The oracle: the general reading of a row (split at commas, trim, normalise).
    const oracle = (line: string) => {
      const cells = line.split(',');
      if (cells.length !== columns.length) {
        return { ok: false, reason: `expected ${columns.length} cells, found ${cells.length}` };
      }
      const raw: Record<string, string> = {};
      cells.forEach((c, i) => {
        if (c.trim() !== '') raw[columns[i]!] = c.trim();
      });
      return normalizeFlow(raw);
    };
    const space = fc.constantFrom('', ' ', '\t', '\u00a0', '\ufeff', '\u2028');
    const value = fc.constantFrom(
      'trainer',
      '10.0.1.5',
      'fd00::1',
      'FD00:0::1',
      '2001:db8:0:0:0:0:0:1',
      'pypi.org',
      'PyPI.org.',
      '*.x.org',
      '151.101.0.223',
      '1.2.3',
      'tcp',
      'UDP',
      'icmp',
      'ftp',
      '443',
      '0',
      '65536',
      '00443',
      '4x',
      '',
      'GET',
      'get',
      '/v1/',
      'v1',
      'é.example.com',
    );
    const cell = fc.tuple(space, value, space).map(([a, v, b]) => a + v + b);
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 9 }), (cells) => {
        const line = cells.join(',');
        expect(parseFlowCsvRow(line, columns)).toEqual(oracle(line));
      }),
      { numRuns: 5_000 },
    );
  });

  it('round-trips quoted cells', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 6 }),
        (cells) => {
          expect(splitCsvLine(cells.map(csvCell).join(','))).toEqual(cells);
        },
      ),
    );
  });
});

describe('JSONL flow lines', () => {
  it('parses a flow object', () => {
    expect(
      parseFlowJsonLine('{"src":"trainer","host":"pypi.org","proto":"tcp","port":443}'),
    ).toEqual({
      ok: true,
      flow: { src: 'trainer', host: 'pypi.org', proto: 'tcp', port: 443 },
    });
  });

  it.each([
    ['{"src":', /^not valid JSON/],
    ['[1,2]', /^expected a JSON object/],
    ['{"src":"a","host":"x.org","proto":"tcp","port":"443"}', /^field "port" must be a number/],
    ['{"src":"a","hots":"x.org","proto":"tcp","port":443}', /^unknown field "hots"/],
  ])('reports %j', (line, reason) => {
    const r = parseFlowJsonLine(line);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (line) => {
        expect(typeof parseFlowJsonLine(line).ok).toBe('boolean');
        expect(typeof parseFlowCsvRow(line, columns).ok).toBe('boolean');
      }),
    );
  });
});

describe('isNodeId', () => {
  it('agrees with the topology id pattern (seeded)', () => {
    const seed = 2026;
    console.log(`isNodeId property: seed ${seed}`);
    const char = fc.constantFrom(...'az09-_.:A/%é '.split(''));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 6 }), (chars) => {
        const text = chars.join('');
        expect(isNodeId(text)).toBe(TOPOLOGY_ID_PATTERN.test(text));
      }),
      { seed, numRuns: 2000 },
    );
    expect(isNodeId('-a')).toBe(false);
    expect(isNodeId('a-')).toBe(true);
  });
});
