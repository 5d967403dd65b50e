/**
 * `egress simulate --engine duckdb` over JSONL flow files against the in-process reader, on
 * random files: fields in any order, strings with escapes, ports as JSON numbers of every
 * spelling (and NaN, Infinity, numbers too large for a port or a double), null fields, blank
 * and comment lines, CR LF endings; and spoiled lines (not JSON, not an object, a field twice,
 * an unknown field, a number where a string belongs, a trailing comma, a byte order mark).
 * Every line the reader reads as a flow is the same flow on the same line with the matcher's
 * verdict; every line it refuses is refused on the same line in the same words. Before the
 * engine read JSONL files line by line, one line that was not JSON stopped the whole file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { exampleInput } from '../export-cloud/cloud-exports.js';
import { exampleSqlScript, expectReaderAgreement } from './duckdb.js';

const dir = mkdtempSync(join(tmpdir(), 'egress-duckdb-jsonl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each field's values as JSON text: strings, escapes, numbers, null. */
const VALUES: Record<string, readonly string[]> = {
  src: [
    '"trainer"',
    '"notebook"',
    '"10.30.1.7"',
    '"fd00:30::7"',
    '"tr\\u0061iner"',
    '""',
    'null',
    '7',
  ],
  host: [
    '"pypi.org"',
    '"files.pythonhosted.org"',
    '"PyPI.org."',
    '"a b.org"',
    '"\\u00e9.org"',
    'null',
  ],
  ip: ['"104.18.7.192"', '"2001:db8::1"', '"300.1.1.1"', 'null'],
  proto: ['"tcp"', '"udp"', '"icmp"', '"TCP"', '"sctp"', 'null'],
  port: [
    '443',
    '80',
    '53',
    '443.0',
    '4.43e2',
    '0',
    '-0',
    '-1',
    '99999',
    '1e21',
    '18446744073709551615',
    '1e400',
    'NaN',
    'Infinity',
    '"443"',
    '44.5',
    'null',
  ],
  method: ['"GET"', '"post"', '"G\\tET"', 'null'],
  path: ['"/"', '"/simple/torch"', '"/a\\"b"', '"/\\ud83d\\ude00"', 'null'],
  user: ['"x"'],
};

const lineArb = fc.record({
  fields: fc.shuffledSubarray(Object.keys(VALUES), { minLength: 1 }),
  picks: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
  spoil: fc.constantFrom(
    ...Array<string>(10).fill('none'),
    'not-json',
    'array',
    'trailing-comma',
    'bom',
    'twice',
    'blank-before',
    'comment-before',
    'spaces',
  ),
  crlf: fc.boolean(),
});

type LineSpec = typeof lineArb extends fc.Arbitrary<infer T> ? T : never;

function lineText(spec: LineSpec, lines: string[]): void {
  // Mostly the fields a flow needs, so that most lines are flows.
  const fields =
    spec.fields.includes('user') && spec.picks[7]! % 4 !== 0
      ? spec.fields.filter((f) => f !== 'user')
      : spec.fields;
  const members = fields.map((f, i) => {
    const pool = VALUES[f]!;
    return `"${f}":${pool[spec.picks[i]! % pool.length]!}`;
  });
  if (spec.spoil === 'twice' && members.length > 0) members.push(members[0]!);
  let text = `{${members.join(',')}}`;
  if (spec.spoil === 'not-json') text = text.slice(0, -1);
  if (spec.spoil === 'array') text = `[${text}]`;
  if (spec.spoil === 'trailing-comma') text = text.replace(/}$/, ',}');
  if (spec.spoil === 'bom') text = `\ufeff${text}`;
  if (spec.spoil === 'spaces') text = ` ${text.replaceAll(',', ' , ')} `;
  if (spec.spoil === 'blank-before') lines.push('');
  if (spec.spoil === 'comment-before') lines.push('# {"src": "x"}');
  lines.push(spec.crlf ? text + '\r' : text);
}

describe('simulate --engine duckdb over JSONL flow files', () => {
  const input = exampleInput('ml-training');
  const script = exampleSqlScript('ml-training', 'duckdb/egress-decisions.sql');

  it('reads every line as the flow reader does, and decides its flows as the matcher does', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb, { minLength: 1, maxLength: 40 }), async (specs) => {
        const lines: string[] = [];
        for (const spec of specs) lineText(spec, lines);
        const text = lines.join('\n') + '\n';
        const file = join(dir, `flows-${run++}.jsonl`);
        writeFileSync(file, text);
        await expectReaderAgreement(script, file, text, 'jsonl', input);
      }),
      { numRuns: 60, seed: 20_261_210 },
    );
  }, 300_000);
});
