/**
 * `egress simulate --engine duckdb` over CSV flow files against the in-process reader, on
 * random files with what real files hold: columns in any order and spelling, quoted cells
 * (with commas, doubled quotes, text after the closing quote), spaces around cells, blank and
 * comment lines, CR LF endings, a byte order mark; and spoiled rows (a cell missing or one too
 * many, a quote never closed). Every line the reader reads as a flow is the same flow on the
 * same line with the matcher's verdict; every line it refuses is refused on the same line in
 * the same words; nothing else comes back. Before the engine read CSV files line by line, one
 * spoiled row made DuckDB guess the file's dialect wrongly and every row came back without a
 * source.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FLOW_CSV_COLUMNS } from '../../simulator/flows/flow-record.js';
import { decideWithDuckDb } from '../../simulator/node/duckdb-engine.js';
import { exampleInput } from '../export-cloud/cloud-exports.js';
import { collectRows, exampleSqlScript, expectReaderAgreement } from './duckdb.js';

const dir = mkdtempSync(join(tmpdir(), 'egress-duckdb-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VALUES: Record<(typeof FLOW_CSV_COLUMNS)[number], readonly string[]> = {
  src: ['trainer', 'notebook', '10.30.1.7', 'fd00:30::7', 'Trainer', ''],
  host: ['pypi.org', 'files.pythonhosted.org', 'a,b.org', 'x"y.org', 'huggingface.co', ''],
  ip: ['104.18.7.192', '10.30.2.9', '2001:db8::1', '300.1.1.1', ''],
  proto: ['tcp', 'udp', 'icmp', 'TCP', 'sctp', ''],
  port: ['443', '80', '53', '99999', 'x', ''],
  method: ['GET', 'POST', 'get', ''],
  path: ['/', '/simple/torch', '/a,b', '/"q"', ''],
};

/** How a cell is written: as is, quoted, padded with spaces, quoted with text after the quote. */
const encodingArb = fc.constantFrom('plain', 'plain', 'plain', 'quoted', 'spaced', 'tail', 'nbsp');

function encode(value: string, how: string): string {
  const quoted = `"${value.replaceAll('"', '""')}"`;
  if (how === 'quoted') return quoted;
  if (how === 'spaced') return `  ${value.includes(',') ? quoted : value}\t`;
  if (how === 'tail') return `${quoted}x`;
  if (how === 'nbsp') return `\u00a0${value.includes(',') ? quoted : value}`;
  // A comma or a quote at the start needs quotes; a quote inside a plain cell stays as it is.
  return value.includes(',') || value.startsWith('"') ? quoted : value;
}

const headerArb = fc
  .shuffledSubarray([...FLOW_CSV_COLUMNS], { minLength: 2 })
  .filter((c) => c.includes('src') && c.includes('proto'));

const rowArb = fc.record({
  values: fc.array(fc.nat(), { minLength: 7, maxLength: 7 }),
  encodings: fc.array(encodingArb, { minLength: 7, maxLength: 7 }),
  spoil: fc.constantFrom(
    ...Array<string>(10).fill('none'),
    'cell-missing',
    'cell-extra',
    'open-quote',
    'blank-before',
    'comment-before',
    'spaces-before',
    'bom',
  ),
  crlf: fc.boolean(),
});

const fileArb = fc.record({
  header: headerArb,
  headerStyle: fc.constantFrom('plain', 'upper', 'bom', 'spaced', 'comment-first'),
  rows: fc.array(rowArb, { minLength: 1, maxLength: 40 }),
});

type FileSpec = typeof fileArb extends fc.Arbitrary<infer T> ? T : never;

function fileText(file: FileSpec): string {
  const { header, headerStyle, rows } = file;
  const lines: string[] = [];
  if (headerStyle === 'comment-first') lines.push('# flows of the ml-training project', '');
  const names = header.map((c) => (headerStyle === 'upper' ? c.toUpperCase() : c));
  let head = headerStyle === 'spaced' ? names.join(' , ') : names.join(',');
  if (headerStyle === 'bom') head = '\ufeff' + head;
  lines.push(head);
  for (const r of rows) {
    let cells = header.map((column, i) => {
      const pool = VALUES[column];
      return encode(pool[r.values[i]! % pool.length]!, r.encodings[i]!);
    });
    if (r.spoil === 'cell-missing') cells = cells.slice(1);
    if (r.spoil === 'cell-extra') cells.push('extra');
    let line = cells.join(',');
    if (r.spoil === 'open-quote') line += ',"never closed';
    if (r.spoil === 'bom') line = '\ufeff' + line + ',"';
    if (r.spoil === 'blank-before') lines.push('');
    if (r.spoil === 'comment-before') lines.push('#,a,comment');
    if (r.spoil === 'spaces-before') lines.push(' \t\u00a0');
    lines.push(r.crlf ? line + '\r' : line);
  }
  return lines.join('\n') + '\n';
}

describe('simulate --engine duckdb over CSV flow files', () => {
  const input = exampleInput('ml-training');
  const script = exampleSqlScript('ml-training', 'duckdb/egress-decisions.sql');

  it('reads every line as the flow reader does, and decides its flows as the matcher does', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fileArb, async (spec) => {
        const text = fileText(spec);
        const file = join(dir, `flows-${run++}.csv`);
        writeFileSync(file, text);
        await expectReaderAgreement(script, file, text, 'csv', input);
      }),
      { numRuns: 60, seed: 20_261_209 },
    );
  }, 300_000);

  it('refuses a bad header as the reader does: the whole file, with its line', async () => {
    const file = join(dir, 'bad-header.csv');
    writeFileSync(file, '# flows\n\nsrc,hots,proto\ntrainer,pypi.org,tcp\n');
    await expect(collectRows(decideWithDuckDb(script, file, 'csv'))).rejects.toThrow(
      `${file}:3: unknown column "hots"; the header is src,host,ip,proto,port,method,path`,
    );
  }, 120_000);
});
