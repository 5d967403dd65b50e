/**
 * `egress simulate` on worker threads (simulator/cli/simulate/) against its single-threaded
 * loop: on random flow files, cut into pieces of a few bytes so that every line, CRLF and
 * multi-byte character meets a piece boundary somewhere, both write the same stdout and
 * stderr and exit with the same status. The real CLI is spawned both ways; the environment
 * variables only move the thresholds.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const fixture = join(repo, 'test/cli/fixtures/small');
let work: string;

beforeAll(() => {
  execFileSync(process.execPath, [join(repo, 'scripts/build-cli.mjs')], { cwd: repo });
  work = mkdtempSync(join(tmpdir(), 'egress-parallel-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function simulate(file: string, args: string[], pieceBytes: number | undefined): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  if (pieceBytes === undefined) env.EGRESS_SIMULATE_PARALLEL_FROM = String(2 ** 50);
  else {
    env.EGRESS_SIMULATE_PARALLEL_FROM = '0';
    env.EGRESS_SIMULATE_PIECE_BYTES = String(pieceBytes);
  }
  const r = spawnSync(
    process.execPath,
    [join(repo, 'bin/egress.mjs'), 'simulate', fixture, '--flows', file, ...args],
    { cwd: work, env, encoding: 'utf8' },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const CSV_ROWS = [
  'trainer,pypi.org,,tcp,443,,',
  'trainer,files.pythonhosted.org,203.0.113.10,tcp,443,GET,/simple/',
  'notebook,pypi.org,,tcp,443,,',
  '10.0.1.7,,169.254.169.254,tcp,80,,',
  '10.0.2.10,,10.0.0.2,udp,53,,',
  'trainer,"quoted.example.com",,tcp,8443,POST,"/a,b"',
  '203.0.113.99,pypi.org,,tcp,443,,',
  // Malformed: cell count, protocol, port, a host with multi-byte characters, a quote.
  'trainer,pypi.org,tcp,443',
  'trainer,pypi.org,,sctp,443,,',
  'trainer,pypi.org,,tcp,99999,,',
  'trainer,bücher.example,,tcp,443,,',
  'trainer,"pypi.org,,tcp,443,,',
  // A source that names no node.
  'ghost,pypi.org,,tcp,443,,',
  // Skipped without a report.
  '',
  '   ',
  '# a comment: ünïcödé ✓',
  // Valid, but not as written: read from bytes, their values still go through normalisation.
  'trainer,PyPI.org,,TCP,443,,',
  'trainer,,2001:DB8:0:0::1,tcp,443,,',
  '10.0.1.7,,::ffff:10.0.0.2,udp,53,,',
  'notebook,,10.0.0.2,icmp,,,',
  'trainer,pypi.org,,tcp,443,GET,/a\\b',
  // Malformed, though plain: left to the text reader, which explains them.
  'trainer,,010.0.0.1,tcp,443,,',
  'notebook,,10.0.0.2,icmp,8,,',
  'trainer,*.pypi.org,,tcp,443,,',
];

const JSONL_ROWS = [
  '{"src":"trainer","host":"pypi.org","proto":"tcp","port":443}',
  '{"src":"notebook","ip":"10.0.0.2","proto":"udp","port":53}',
  '{"src":"trainer","host":"pypi.org","proto":"tcp","port":443,"path":"/ä"}',
  '{"src":"ghost","host":"pypi.org","proto":"tcp","port":443}',
  '{"src":"trainer","host":"pypi.org","proto":"tcp","port":"443"}',
  '{"src":"trainer",',
  '',
  '# ✓ comment',
];

const file = (kind: 'csv' | 'jsonl') =>
  fc.record({
    // Up to 120 rows, most beyond the first piece (which holds at least the 20 lines the
    // format is told by), so that later pieces, and their repeated lines, are tested too.
    rows: fc.array(fc.constantFrom(...(kind === 'csv' ? CSV_ROWS : JSONL_ROWS)), {
      maxLength: 120,
      size: 'max',
    }),
    crlf: fc.boolean(),
    finalBreak: fc.boolean(),
    header: fc.constantFrom(
      'src,host,ip,proto,port,method,path',
      'src,host,ip,proto,port,method,path',
      '# leading comment\nsrc,host,ip,proto,port,method,path',
      '\n# ünïcödé before the header ✓\n\nport,proto,src,ip,host',
    ),
  });

function fileText(
  kind: 'csv' | 'jsonl',
  f: { rows: string[]; crlf: boolean; finalBreak: boolean; header: string },
): string {
  const lines = kind === 'csv' ? [f.header, ...f.rows] : f.rows;
  const br = f.crlf ? '\r\n' : '\n';
  return lines.join(br) + (f.finalBreak && lines.length > 0 ? br : '');
}

const args = fc.record({
  format: fc.constantFrom('jsonl', 'csv', 'summary'),
  strict: fc.boolean(),
  pieceBytes: fc.constantFrom(1, 7, 40, 97, 300, 4096),
});

let caseNo = 0;

function compare(
  kind: 'csv' | 'jsonl',
  text: string,
  a: { format: string; strict: boolean; pieceBytes: number },
) {
  const path = join(work, `flows-${caseNo++}.${kind}`);
  writeFileSync(path, text);
  const argv = ['--format', a.format, ...(a.strict ? ['--strict-input'] : [])];
  const single = simulate(path, argv, undefined);
  const parallel = simulate(path, argv, a.pieceBytes);
  expect(parallel).toEqual(single);
  return single;
}

describe('the parallel path writes what the single-threaded loop writes', () => {
  for (const kind of ['csv', 'jsonl'] as const) {
    it(`on random ${kind} files (seeded)`, () => {
      const seed = kind === 'csv' ? 2026_12_06 : 2026_12_07;
      console.log(`parallel-simulate ${kind}: fast-check seed ${seed}`);
      fc.assert(
        fc.property(file(kind), args, (f, a) => {
          compare(kind, fileText(kind, f), a);
        }),
        { seed, numRuns: 12 },
      );
    }, 600_000);
  }

  it('on a header alone, an empty file and a file without a final line break', () => {
    const header = 'src,host,ip,proto,port,method,path';
    for (const text of [header + '\n', header, '', header + '\ntrainer,pypi.org,,tcp,443,,']) {
      for (const format of ['jsonl', 'summary']) {
        compare('csv', text, { format, strict: false, pieceBytes: 5 });
      }
    }
  }, 120_000);

  it('counts and writes repeated lines (cells kept for CSV, lines for JSONL), across pieces', () => {
    const rows = ['src,host,ip,proto,port,method,path'];
    for (let i = 0; i < 99; i++) rows.push(CSV_ROWS[[0, 7, 2, 12, 13][i % 5]!]!);
    const jsonl: string[] = [];
    for (let i = 0; i < 99; i++) jsonl.push(JSONL_ROWS[[0, 5, 1, 3, 6][i % 5]!]!);
    for (const format of ['jsonl', 'summary']) {
      for (const pieceBytes of [7, 97]) {
        const end = pieceBytes === 7 ? '\r\n' : '\n';
        const csv = compare('csv', rows.join(end) + end, { format, strict: false, pieceBytes });
        expect(csv.stdout + csv.stderr).toContain('40 flows: 20 allowed, 20 denied');
        const lines = compare('jsonl', jsonl.join('\n') + '\n', {
          format,
          strict: false,
          pieceBytes,
        });
        expect(lines.stdout + lines.stderr).toMatch(/^40 flows: /m);
      }
    }
  }, 120_000);

  it('reports lines by their number in the whole file, across pieces', () => {
    const rows = ['src,host,ip,proto,port,method,path'];
    for (let i = 0; i < 200; i++)
      rows.push(i % 37 === 5 ? 'ghost,pypi.org,,tcp,443,,' : CSV_ROWS[i % 7]!);
    const single = compare('csv', rows.join('\n') + '\n', {
      format: 'jsonl',
      strict: false,
      pieceBytes: 64,
    });
    expect(single.code).toBe(1);
    // Line 1 is the header: row i is line i + 2.
    expect(single.stderr).toContain(':7: skipped: ');
    expect(single.stderr).toContain(':192: skipped: ');
    const strict = compare('csv', rows.join('\n') + '\n', {
      format: 'jsonl',
      strict: true,
      pieceBytes: 64,
    });
    expect(strict.code).toBe(2);
    expect(strict.stdout.trim().split('\n')).toHaveLength(5);
  }, 120_000);
});
