/**
 * CSV rows read from bytes (simulator/cli/simulate/csv-byte-rows.ts) against the text reader's row
 * parser and JSON.stringify: on random headers and rows, made of valid cells, cells valid only
 * after normalisation, invalid ones, quotes, spaces, carriage returns, non-ASCII and comments,
 * every flow read from bytes is the flow the text path reads, with the same JSON and the
 * matcher's decision of it (given the row's cells as the matcher resolved them); every plain
 * row the text path reads is read from bytes too (so a reader that refuses everything fails);
 * and tables small enough to be emptied often change nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvByteRows } from '../../simulator/cli/simulate/csv-byte-rows.js';
import { compileMatcher } from '../../simulator/engine/index.js';
import { mlPlatform, policy, rule } from '../engine/builders.js';
import {
  FLOW_CSV_COLUMNS,
  parseFlowCsvRow,
  type FlowColumn,
} from '../../simulator/flows/flow-record.js';

const KNOWN_SOURCES = new Set(['trainer', 'notebook', 'node-1']);
/** Rules on every kind of cell below, so that decisions differ by each of them. */
const MATCHER = compileMatcher(
  policy([
    rule('a', 'allow', {
      from: ['role:trainer'],
      to: ['pypi.org', '*.pythonhosted.org'],
      on: ['tcp/443'],
      methods: ['GET'],
      paths: ['/simple/*'],
    }),
    rule('b', 'deny', { from: ['node:notebook'], to: ['10.0.0.2/32'] }),
    rule('c', 'allow', {
      from: ['10.0.0.0/16'],
      to: ['10.0.0.0/8', '203.0.113.10/32'],
      on: ['tcp/443', 'udp/53'],
    }),
    rule('d', 'allow', { from: ['any'], to: ['2001:db8::/32'], on: ['icmp'] }),
    rule('e', 'allow', { from: ['fd00::/8'], to: ['node:pypi', '2001:db8::1/128'] }),
    rule('f', 'allow', { from: ['zone:vpc'], to: ['xn--bcher-kva.example', 'a\\b.org'] }),
    rule('g', 'deny', { from: ['role:notebook'], to: ['any'], on: ['tcp/4430'] }),
  ]),
  mlPlatform(),
);
const acceptsSource = (src: string) =>
  src.includes('.') || src.includes(':') || KNOWN_SOURCES.has(src);

/** Cells valid as written or after normalisation. */
const VALID: Record<FlowColumn, string[]> = {
  src: ['trainer', 'notebook', 'node-1', '10.0.0.7', 'fd00::1', 'FD00:10::15', '10.0.1.9'],
  // Hosts some rule names, and hosts none does (taken from the row: `hostMatchesNothing`).
  host: [
    'pypi.org',
    'PyPI.org',
    'files.pythonhosted.org',
    'xn--bcher-kva.example',
    'a\\b.org',
    'pythonhosted.org',
    'nothing.example',
    'pypi.org.example',
  ],
  ip: [
    '203.0.113.10',
    '10.0.0.2',
    '255.255.255.255',
    '2001:db8::1',
    '2001:DB8:0:0::1',
    '::ffff:10.0.0.2',
    '::',
  ],
  proto: ['tcp', 'udp', 'tcp', 'udp', 'icmp', 'TCP', 'Udp'],
  port: ['443', '53', '1', '65535', '4430'],
  method: ['GET', 'POST'],
  path: ['/', '/simple/', '/a\\b'],
};

/** Cells the text reader refuses, or that make the flow incomplete. */
const INVALID: Record<FlowColumn, string[]> = {
  src: ['ghost', 'Trainer', '010.0.0.7', '10.30.1', 'a_b'],
  host: ['a..b', '*.pypi.org', 'bücher.example', '-x.org'],
  ip: ['1.2.3', '256.1.1.1', '01.2.3.4', 'x', '1.2.3.4.5'],
  proto: ['sctp', 'tcp6', 'udpx', 'icmp6', 'tc'],
  port: ['0', '65536', '08', 'abc', '123456'],
  method: ['get', 'G1'],
  path: ['x', '/ä', '/"q"'],
};

/** The text reader's answer for one line: undefined when it reads no flow from it. */
function textReader(line: string, columns: readonly FlowColumn[]) {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (text.trim() === '' || text.startsWith('#')) return undefined;
  const parsed = parseFlowCsvRow(text, columns);
  if (!parsed.ok || !acceptsSource(parsed.flow.src)) return undefined;
  return parsed.flow;
}

/** Visible ASCII without quotes (and a carriage return at the end): the rows read from bytes. */
const isPlain = (line: string) => {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  return /^[!#-~]*$/.test(text) && text !== '' && !text.startsWith('#');
};

const header = fc
  .shuffledSubarray([...FLOW_CSV_COLUMNS], { minLength: 2 })
  .filter((c) => c.includes('src') && c.includes('proto'));

function row(columns: readonly FlowColumn[]): fc.Arbitrary<string> {
  const cell = (c: FlowColumn) =>
    fc.oneof(
      { weight: 40, arbitrary: fc.constantFrom(...VALID[c]) },
      { weight: c === 'src' || c === 'proto' ? 1 : 12, arbitrary: fc.constant('') },
      { weight: 2, arbitrary: fc.constantFrom(...INVALID[c]) },
      { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(' tcp', '"pypi.org"', 'a,b', 'x\r', '/a ', '/a\tb', 'pypi.org '),
      },
    );
  const cells = fc.tuple(...columns.map(cell)).map((values) => values.join(','));
  return fc.oneof(
    { weight: 12, arbitrary: cells },
    { weight: 1, arbitrary: cells.map((l) => l + '\r') },
    { weight: 1, arbitrary: cells.map((l) => l + ',') },
    { weight: 1, arbitrary: cells.map((l) => l.slice(0, l.lastIndexOf(','))) },
    { weight: 1, arbitrary: fc.constantFrom('', '# trainer,pypi.org,,tcp,443,,', '   ') },
  );
}

describe('CSV rows read from bytes', () => {
  it('read every plain row as the text reader does, with the same JSON (seeded)', () => {
    const seed = 2026_12_07_3;
    console.log(`csv-byte-rows: fast-check seed ${seed}`);
    let fromBytes = 0;
    const decisions = new Set<number>();
    fc.assert(
      fc.property(
        header.chain((columns) =>
          fc.tuple(
            fc.constant(columns),
            fc.array(row(columns), { maxLength: 120, size: 'max' }),
            fc.constantFrom(1, 2, 4, undefined),
          ),
        ),
        ([columns, lines, entries]) => {
          const rows = new CsvByteRows(columns, MATCHER.parts, acceptsSource, true, entries);
          // Every row twice, the second time from another buffer: the first reading stores
          // its cells, the second finds them.
          for (const line of [...lines, ...lines]) {
            const buffer = Buffer.from(`x,y\n${line}\nafter`);
            const start = 4;
            const end = start + Buffer.byteLength(line);
            const read = rows.readLine(buffer, start);
            expect(rows.lineEnd).toBe(end);
            const expected = textReader(line, columns);
            if (!read) {
              // Left to the text reader: only rows it reads no flow from, or not plain ones.
              if (expected !== undefined) expect(isPlain(line)).toBe(false);
              continue;
            }
            fromBytes++;
            expect(expected).toBeDefined();
            const decision = rows.decide();
            const flow = rows.flow();
            expect(JSON.stringify(flow)).toBe(JSON.stringify(expected));
            expect(flow).toEqual(expected);
            expect(decision).toBe(MATCHER.decide(expected!));
            decisions.add(decision);
            const target = Buffer.alloc(3 + CsvByteRows.jsonLengthBound(end - start));
            const written = rows.writeFlowJson(target, 3);
            expect(target.toString('utf8', 3, 3 + written)).toBe(JSON.stringify(expected));
          }
        },
      ),
      { seed, numRuns: 400 },
    );
    // The rows were mostly plain and valid: most flows came from bytes.
    console.log(`csv-byte-rows: ${fromBytes} flows read from bytes`);
    expect(fromBytes).toBeGreaterThan(2000);
    // Every rule and the default decided some of them, and the guard refused some.
    expect([...decisions].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3, 4, 5, 6]);
  });

  it('reads a row at the end of the bytes, without a line break', () => {
    const rows = CsvByteRows.forHeader('src,host,ip,proto,port', MATCHER.parts, acceptsSource)!;
    const buffer = Buffer.from('trainer,pypi.org,10.0.0.2,tcp,443');
    expect(rows.readLine(buffer, 0)).toBe(true);
    expect(rows.flow()).toEqual({
      src: 'trainer',
      proto: 'tcp',
      host: 'pypi.org',
      ip: '10.0.0.2',
      port: 443,
    });
    expect(rows.lineEnd).toBe(buffer.length);
  });

  it('stores a cell when it is seen a second time, not before', () => {
    const rows = CsvByteRows.forHeader('src,host,proto,port', MATCHER.parts, acceptsSource)!;
    const read = (text: string) => {
      const buffer = Buffer.from(text);
      for (let start = 0; start < buffer.length; start = rows.lineEnd + 1) {
        expect(rows.readLine(buffer, start)).toBe(true);
      }
    };
    // A thousand hosts seen once, beside a source and a host that recur. (In upper case: a
    // host in the form its column keeps that matches nothing is taken from the row.)
    read(
      Array.from({ length: 1000 }, (_, i) =>
        i % 2 === 0 ? `trainer,ONCE-${i}.example,tcp,443` : 'trainer,pypi.org,tcp,443',
      ).join('\n'),
    );
    // src, host, proto, port: proto and port are taken from the row.
    expect(rows.storedCells()).toEqual([1, 1, 0, 0]);
    read('trainer,ONCE-0.example,tcp,443');
    expect(rows.storedCells()).toEqual([1, 2, 0, 0]);
    expect(rows.decide()).toBe(MATCHER.decide(rows.flow()));
  });

  it('takes from the row, and never stores, a host that matches nothing', () => {
    const rows = CsvByteRows.forHeader('src,host,proto,port', MATCHER.parts, acceptsSource)!;
    const text = 'trainer,once.example,tcp,443\ntrainer,once.example,tcp,443\n';
    const buffer = Buffer.from(text);
    for (let start = 0; start < buffer.length; start = rows.lineEnd + 1) {
      expect(rows.readLine(buffer, start)).toBe(true);
      expect(rows.flow()).toEqual({
        src: 'trainer',
        proto: 'tcp',
        host: 'once.example',
        port: 443,
      });
      expect(rows.decide()).toBe(MATCHER.decide(rows.flow()));
      const json = Buffer.alloc(200);
      const length = rows.writeFlowJson(json, 0);
      expect(json.toString('utf8', 0, length)).toBe(JSON.stringify(rows.flow()));
    }
    expect(rows.storedCells()).toEqual([1, 0, 0, 0]);
  });

  it('is not made for a header the text reader refuses', () => {
    expect(CsvByteRows.forHeader('src,host,where', MATCHER.parts, acceptsSource)).toBeUndefined();
  });
});
