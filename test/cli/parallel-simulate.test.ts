/**
 * `egress simulate` on worker threads (simulator/cli/simulate/) against its single-threaded
 * loop: on random flow files, cut into pieces of a few bytes so that every line, CRLF and
 * multi-byte character meets a piece boundary somewhere, both write the same stdout and
 * stderr and exit with the same status; the same through stdin and from gzip files (streamed
 * into pieces), also when the gzip stream breaks off, and for stdin the parallel path declines
 * (a log, not a flow file) after reading its start. The real CLI is spawned both ways; the
 * environment variables only move the thresholds.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
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

function simulate(
  file: string,
  args: string[],
  pieceBytes: number | undefined,
  /** Given on stdin (`file` is then `-`). */
  input?: Buffer,
): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  if (pieceBytes === undefined) env.EGRESS_SIMULATE_PARALLEL_FROM = String(2 ** 50);
  else {
    env.EGRESS_SIMULATE_PARALLEL_FROM = '0';
    env.EGRESS_SIMULATE_PIECE_BYTES = String(pieceBytes);
  }
  const r = spawnSync(
    process.execPath,
    [join(repo, 'bin/egress.mjs'), 'simulate', fixture, '--flows', file, ...args],
    { cwd: work, env, encoding: 'utf8', ...(input !== undefined ? { input } : {}) },
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

describe('streams (stdin, gzip) go to the threads as they come, with the same output', () => {
  /** The single-threaded loop and the threads on the same input, given the same way. */
  function compareStreamed(
    name: string,
    bytes: Buffer,
    how: 'stdin' | 'gzip',
    a: { format: string; strict: boolean; pieceBytes: number },
  ): Run {
    const argv = ['--format', a.format, ...(a.strict ? ['--strict-input'] : [])];
    let path = '-';
    if (how === 'gzip') {
      path = join(work, `${name}-${caseNo++}.gz`);
      writeFileSync(path, bytes);
    }
    const input = how === 'stdin' ? bytes : undefined;
    const single = simulate(path, argv, undefined, input);
    const parallel = simulate(path, argv, a.pieceBytes, input);
    expect(parallel).toEqual(single);
    return single;
  }

  for (const how of ['stdin', 'gzip'] as const) {
    it(`on random csv and jsonl files, ${how} (seeded)`, () => {
      fc.assert(
        fc.property(
          fc.constantFrom('csv' as const, 'jsonl' as const),
          fc.boolean(),
          fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          args,
          (kind, gzipped, seed, a) => {
            const f = fc.sample(file(kind), { numRuns: 1, seed })[0]!;
            const text = Buffer.from(fileText(kind, f));
            const bytes = how === 'gzip' || gzipped ? gzipSync(text) : text;
            compareStreamed(kind, bytes, how, a);
          },
        ),
        { seed: how === 'stdin' ? 2026_12_08 : 2026_12_09, numRuns: 8 },
      );
    }, 600_000);
  }

  it('a gzip stream that breaks off: results up to the break, then the same error', () => {
    const rows = ['src,host,ip,proto,port,method,path'];
    for (let i = 0; i < 4000; i++) rows.push(CSV_ROWS[i % 7]!);
    const text = Buffer.from(rows.join('\n') + '\n');
    const whole = gzipSync(text);
    writeFileSync(join(work, 'whole.csv'), text);
    const all = simulate(join(work, 'whole.csv'), ['--format', 'jsonl'], undefined).stdout;
    // Cut off, and spoiled in the middle (the second fails in the check of the data).
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    const spoiled = Buffer.from(whole);
    spoiled.fill(0xff, Math.floor(whole.length / 2), Math.floor(whole.length / 2) + 64);
    for (const bytes of [cut, spoiled]) {
      const path = join(work, `broken-${caseNo++}.gz`);
      writeFileSync(path, bytes);
      for (const [file, input] of [
        [path, undefined],
        ['-', bytes],
      ] as const) {
        const argv = ['--format', 'jsonl'];
        for (const run of [
          simulate(file, argv, undefined, input),
          simulate(file, argv, 4096, input),
        ]) {
          expect(run.code).toBe(2);
          expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(
            `egress: ${file === '-' ? '<stdin>' : file}: not a readable gzip file`,
          );
          // How much the decompressor gives before it stops depends on how fast it is
          // read: some results, each the whole file's, in its order (a spoiled stream may
          // first give garbage, read as flows or skipped lines).
          expect(run.stdout.length).toBeGreaterThan(0);
          if (bytes === cut) expect(all.startsWith(run.stdout)).toBe(true);
        }
      }
    }
  }, 120_000);

  it('the threads read stdin and gzip files, not a log on stdin', () => {
    const rows = ['src,host,ip,proto,port,method,path'];
    for (let i = 0; i < 500; i++) rows.push(CSV_ROWS[i % 7]!);
    const csv = Buffer.from(rows.join('\n') + '\n');
    const log = Buffer.from(
      'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n' +
        '2 123 eni-1 10.0.1.7 203.0.113.9 40000 443 6 1 60 1 2 ACCEPT OK\n',
    );
    const gz = join(work, 'threads.csv.gz');
    writeFileSync(gz, gzipSync(csv));
    const threads = (path: string, input?: Buffer) => {
      const r = spawnSync(
        process.execPath,
        [join(repo, 'bin/egress.mjs'), 'simulate', fixture, '--flows', path, '--format', 'summary'],
        {
          cwd: work,
          env: {
            ...process.env,
            NODE_DEBUG: 'egress-simulate',
            EGRESS_SIMULATE_PARALLEL_FROM: '0',
            EGRESS_SIMULATE_PIECE_BYTES: '1000',
          },
          encoding: 'utf8',
          ...(input !== undefined ? { input } : {}),
        },
      );
      return /: (\d+) pieces on \d+ threads/.exec(r.stderr)?.[1];
    };
    expect(Number(threads('-', csv))).toBeGreaterThan(10);
    expect(Number(threads(gz))).toBeGreaterThan(10);
    expect(threads('-', log)).toBeUndefined();
  }, 120_000);

  it('a pipe given by name (`--flows <(zcat log.gz)`): read once, as stdin is, gzip or not, on the threads', () => {
    const rows = ['src,host,ip,proto,port,method,path'];
    for (let i = 0; i < 500; i++) rows.push(CSV_ROWS[i % 7]!);
    const csv = Buffer.from(rows.join('\n') + '\n');
    const plain = join(work, 'piped.csv');
    const gz = join(work, 'piped.bin');
    writeFileSync(plain, csv);
    writeFileSync(gz, gzipSync(csv));
    const reference = simulate(plain, ['--format', 'jsonl'], undefined);
    expect(reference.stdout.trim().split('\n')).toHaveLength(500);
    const quoted = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
    const piped = (file: string, more = '', source = `cat ${quoted(file)}`) =>
      spawnSync(
        'bash',
        [
          '-c',
          `${quoted(process.execPath)} ${quoted(join(repo, 'bin/egress.mjs'))} simulate ${quoted(fixture)} --flows <(${source}) --format jsonl ${more}`,
        ],
        {
          cwd: work,
          encoding: 'utf8',
          env: {
            ...process.env,
            NO_COLOR: '1',
            NODE_DEBUG: 'egress-simulate',
            EGRESS_SIMULATE_PARALLEL_FROM: '0',
            EGRESS_SIMULATE_PIECE_BYTES: '1000',
          },
        },
      );
    for (const file of [plain, gz]) {
      const r = piped(file);
      expect(r.status, r.stderr).toBe(reference.code);
      expect(r.stdout, file).toBe(reference.stdout);
      expect(Number(/: (\d+) pieces on \d+ threads/.exec(r.stderr)?.[1]), file).toBeGreaterThan(10);
    }
    // The gzip magic bytes split between two writes.
    const split = piped(gz, '', `head -c 1 ${quoted(gz)}; sleep 0.3; tail -c +2 ${quoted(gz)}`);
    expect(split.stdout).toBe(reference.stdout);
    // DuckDB reads files where they lie: a pipe is refused, by name.
    const duckdb = piped(plain, '--engine duckdb');
    expect(duckdb.status).toBe(2);
    expect(duckdb.stderr).toMatch(
      /^egress: \/dev\/fd\/\d+: not a regular file \(a pipe or a device\); --engine duckdb reads files where they lie/m,
    );
  }, 120_000);

  it('stdin that is a log: declined by the threads after reading its start, read whole by the loop', () => {
    const log = [
      'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
    ];
    for (let i = 0; i < 300; i++)
      log.push(`2 123 eni-1 10.0.1.7 203.0.113.${i % 50} ${40000 + i} 443 6 1 60 1 2 ACCEPT OK`);
    const run = compareStreamed('log', Buffer.from(log.join('\n') + '\n'), 'stdin', {
      format: 'summary',
      strict: false,
      pieceBytes: 97,
    });
    expect(run.stdout + run.stderr).toMatch(/^300 flows: /m);
  }, 120_000);
});
