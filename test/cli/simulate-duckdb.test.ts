/**
 * `egress simulate --engine duckdb`, spawned as a user runs it, against the default engine on
 * the example projects: random valid flows (seeded; the seed is printed) as CSV, JSONL and
 * Parquet give byte-identical results in every output format; malformed lines of CSV and
 * JSONL files are reported as the default engine reports them, `FILE:LINE` and its words; an AWS VPC flow
 * log by --input-format, its passed-over
 * records and logged actions as the default engine has them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell, FLOW_CSV_COLUMNS } from '../../simulator/flows/flow-record.js';
import { flowArb } from '../engine/arbitraries.js';
import { duckdb } from '../export-sql/duckdb.js';
import { runEgress } from './run-egress.js';

const repo = resolve(import.meta.dirname, '../..');
const SEED = 20_261_206;
let work: string;

function egress(args: string[]) {
  return runEgress(args, { cwd: work });
}

/** `egress simulate PROJECT --flows FILE --format FORMAT --engine duckdb`. */
function simulateDuckDb(project: string, file: string, format: string) {
  return egress(['simulate', project, '--flows', file, '--format', format, '--engine', 'duckdb']);
}

beforeAll(() => {
  execFileSync(process.execPath, [join(repo, 'scripts/build-cli.mjs')], { cwd: repo });
  work = mkdtempSync(join(tmpdir(), 'egress-simulate-duckdb-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const PROJECTS = readdirSync(join(repo, 'policies'));

describe('--engine duckdb against the default engine', () => {
  it.each(PROJECTS)(
    'policies/%s: the same bytes for CSV, JSONL and Parquet flows in jsonl, csv and table',
    async (name) => {
      console.log(`simulate-duckdb: seed ${SEED}`);
      const project = join(repo, 'policies', name);
      const flows = fc.sample(flowArb, { numRuns: 300, seed: SEED }).map((f, i) =>
        // Sources of the example projects too, so their rules decide, not only the guard.
        i % 2 === 0 ? { ...f, src: ['10.30.1.7', '10.0.1.5', '10.10.0.4'][i % 3]! } : f,
      );
      const csvFile = join(work, `${name}.csv`);
      const jsonlFile = join(work, `${name}.jsonl`);
      const parquetFile = join(work, `${name}.parquet`);
      writeFileSync(
        csvFile,
        [
          FLOW_CSV_COLUMNS.join(','),
          ...flows.map((f) => FLOW_CSV_COLUMNS.map((c) => csvCell(f[c])).join(',')),
        ].join('\n') + '\n',
      );
      writeFileSync(jsonlFile, flows.map((f) => JSON.stringify(f)).join('\n') + '\n');
      const c = await duckdb();
      await c.run(
        `COPY (SELECT * FROM read_csv('${csvFile}', all_varchar = true)) TO '${parquetFile}' (FORMAT parquet)`,
      );
      for (const format of ['jsonl', 'csv', 'table']) {
        const reference = egress(['simulate', project, '--flows', csvFile, '--format', format]);
        // Some random sources name no node: skipped by both engines, each with its place.
        const unplaced = (t: string) => t.replace(/^.*?:(row )?\d+: skipped: /gm, 'skipped: ');
        for (const file of [csvFile, jsonlFile, parquetFile]) {
          const r = simulateDuckDb(project, file, format);
          expect(r.code, r.stderr).toBe(reference.code);
          if (format === 'table') {
            // The LINE column counts rows under DuckDB: the header line is not one.
            const dropLine = (t: string) => t.replace(/^\d+ +/gm, '');
            expect(dropLine(r.stdout), `${file} ${format}`).toBe(dropLine(reference.stdout));
          } else {
            expect(r.stdout, `${file} ${format}`).toBe(reference.stdout);
            expect(unplaced(r.stderr), `${file} ${format}`).toBe(unplaced(reference.stderr));
          }
        }
      }
    },
    300_000,
  );

  it('reports a CSV file’s malformed rows and unknown sources as the default engine does', () => {
    const project = join(repo, 'policies/ml-training');
    const file = join(work, 'bad.csv');
    writeFileSync(
      file,
      [
        '# flows with mistakes',
        'src,host,ip,proto,port',
        'trainer,pypi.org,,tcp,443',
        '',
        'notebook,,10.0.0.9,tcp,99999',
        'ghost,x.org,,tcp,443',
        'trainer,"pypi.org,,tcp,443',
        'trainer,pypi.org,,tcp,443,GET',
        ' trainer ,"files.pythonhosted.org" ,,tcp,443\r',
      ].join('\n') + '\n',
    );
    const args = ['simulate', project, '--flows', file, '--format', 'jsonl'];
    const r = egress([...args, '--engine', 'duckdb']);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.stderr).toContain(`${file}:5: skipped: port 99999 is outside 1-65535`);
    expect(r.stderr).toContain(`${file}:6: skipped: unknown source node "ghost"`);
    expect(r.stderr).toContain(`${file}:7: skipped: unterminated quote`);
    expect(r.stderr).toContain(`${file}:8: skipped: expected 5 cells, found 6`);
    const own = egress(args);
    expect([r.code, r.stdout, r.stderr]).toEqual([own.code, own.stdout, own.stderr]);
    const strict = egress([...args, '--engine', 'duckdb', '--strict-input']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toBe(`egress: ${file}:5: port 99999 is outside 1-65535\n`);
  });

  it('reports a Parquet file’s malformed rows by row, and counts them as rows', async () => {
    const project = join(repo, 'policies/ml-training');
    const file = join(work, 'bad.parquet');
    const c = await duckdb();
    await c.run(
      `COPY (SELECT * FROM (VALUES ('trainer', 'pypi.org', 'tcp', '443'), ('notebook', 'pypi.org', 'tcp', '99999')) t(src, host, proto, port)) TO '${file}' (FORMAT parquet)`,
    );
    const r = simulateDuckDb(project, file, 'jsonl');
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${file}:row 2: skipped: port 99999 is outside 1-65535\n`);
    expect(r.stderr).toContain('1 flow: 1 allowed, 0 denied; 1 malformed row skipped\n');
  });

  it('reports a JSONL file’s malformed lines as the default engine does, and reads on', () => {
    const project = join(repo, 'policies/ml-training');
    const file = join(work, 'bad.jsonl');
    writeFileSync(
      file,
      [
        '{"src":"trainer","host":"pypi.org","proto":"tcp","port":443}',
        '{"src":"trainer",',
        '',
        '# a comment',
        '{"src":"trainer","host":"pypi.org","proto":"tcp","port":"443"}',
        '{"src":"trainer","host":"pypi.org","proto":"tcp","port":4.43e2}\r',
      ].join('\n') + '\n',
    );
    const args = ['simulate', project, '--flows', file, '--format', 'jsonl'];
    const r = egress([...args, '--engine', 'duckdb']);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.stderr).toContain(`${file}:2: skipped: not valid JSON`);
    expect(r.stderr).toContain(`${file}:5: skipped: field "port" must be a number`);
    const own = egress(args);
    expect([r.code, r.stdout, r.stderr]).toEqual([own.code, own.stdout, own.stderr]);
  });

  it('passes over the VPC flow log records the default engine passes over, and reads their logged action', () => {
    const project = join(repo, 'policies/rag-app');
    const file = join(work, 'vpc-skips.log');
    writeFileSync(
      file,
      [
        'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
        '2 123 eni-1 10.40.1.10 104.18.7.192 40000 443 6 10 100 1 2 ACCEPT OK',
        '2 123 eni-1 - - - - - - - 1 2 - NODATA',
        '2 123 eni-1 10.40.1.10 104.18.7.192 0 0 50 10 100 1 2 ACCEPT OK',
        '2 123 eni-1 10.40.1.10 104.18.7.193 40000 0 17 10 100 1 2 ACCEPT OK',
        '2 123 eni-1 - - - - - - - 1 2 - SKIPDATA',
        '2 123 eni-1 10.40.1.11 104.18.7.194 40001 443 6 10 100 1 2 REJECT OK',
        '',
        '2 123 eni-1 10.40.1.11 104.18.7.194 40002 443 6 10 100 1 2 REJECT',
        '2 123 eni-1 agent 104.18.7.194 40003 443 6 10 100 1 2 ACCEPT OK',
        '2  123\teni-1 10.40.1.12 104.18.7.195 40004 443 6 10 100 1 2 ACCEPT OK ',
      ].join('\n') + '\n',
    );
    const run = (engine: string) =>
      egress([
        'simulate',
        project,
        '--flows',
        file,
        '--input-format',
        'aws-vpc',
        '--format',
        'jsonl',
        '--engine',
        engine,
      ]);
    const sql = run('duckdb');
    const own = run('matcher');
    expect(sql.code, sql.stderr).toBe(1);
    expect(own.code, own.stderr).toBe(1);
    // The same results, fields in the same order, each with its logged action.
    expect(sql.stdout).toBe(own.stdout);
    expect(sql.stdout).toContain('"logged":"allow"');
    // The same counts of passed-over records, the same refusals and the same report.
    expect(sql.stderr).toContain(
      `${file}: 2 lines skipped: no data in the capture window (NODATA or SKIPDATA)\n` +
        `${file}: 1 line skipped: protocol 50 is not tcp, udp or icmp\n` +
        `${file}: 1 line skipped: port 0 (a packet without a transport port, such as a fragment)\n`,
    );
    expect(sql.stderr).toContain(
      `${file}:9: skipped: expected 14 fields (as the header says), found 13\n` +
        `${file}:10: skipped: srcaddr "agent" is not an IPv4 or IPv6 address\n`,
    );
    expect(sql.stderr).toBe(own.stderr);
  });

  it('reads the file named, its format and gzip told by content, and refuses a missing file or a folder as the default engine does', async () => {
    const project = join(repo, 'policies/ml-training');
    const header = FLOW_CSV_COLUMNS.join(',');
    // `p[1].*` matched as a pattern would be `p1.*`, whose flow another rule decides.
    writeFileSync(join(work, 'p[1].csv'), `${header}\n10.30.1.7,pypi.org,,tcp,443,,\n`);
    writeFileSync(join(work, 'p1.csv'), `${header}\n10.30.1.7,evil.example,,tcp,443,,\n`);
    const c = await duckdb();
    for (const name of ['p[1]', 'p1']) {
      const from = join(work, `${name}.csv`).replaceAll('[', '[[]');
      await c.run(
        `COPY (SELECT * FROM read_csv('${from}', all_varchar = true)) TO '${join(work, name)}.parquet' (FORMAT parquet)`,
      );
    }
    const run = (file: string, engine: string[]) =>
      egress(['simulate', project, '--flows', file, '--format', 'jsonl', ...engine]);
    const reference = run('p[1].csv', []);
    expect(reference.stdout).toContain('"rule":"trainer-packages"');
    // Gzip is told by content, not by name, as the default engine tells it.
    writeFileSync(join(work, 'p[1]-gzip.csv'), gzipSync(readFileSync(join(work, 'p[1].csv'))));
    writeFileSync(join(work, 'p[1]-plain.csv.gz'), readFileSync(join(work, 'p[1].csv')));
    for (const file of ['p[1].csv', 'p[1].parquet', 'p[1]-gzip.csv', 'p[1]-plain.csv.gz']) {
      const r = run(file, ['--engine', 'duckdb']);
      expect(r.stdout, file).toBe(reference.stdout);
      if (!file.endsWith('.parquet')) expect(run(file, []).stdout, file).toBe(reference.stdout);
    }
    // The format is told by content too: JSONL named .csv, a VPC flow log named .txt.
    writeFileSync(
      join(work, 'jsonl.csv'),
      '{"src":"10.30.1.7","host":"pypi.org","proto":"tcp","port":443}\n',
    );
    writeFileSync(
      join(work, 'vpc.txt'),
      [
        'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
        '2 123456789010 eni-1235b8ca 10.30.1.7 169.254.169.254 49152 80 6 20 4249 1418530010 1418530070 ACCEPT OK',
      ].join('\n') + '\n',
    );
    for (const file of ['jsonl.csv', 'vpc.txt']) {
      const expected = run(file, []);
      expect(expected.stdout, file).toMatch(/"rule":"(trainer-packages|no-metadata)"/);
      const r = run(file, ['--engine', 'duckdb']);
      expect(r.stdout, file).toBe(expected.stdout);
      expect(r.stderr, file).toBe(expected.stderr);
    }
    writeFileSync(
      join(work, 'access.csv'),
      '1418530010.123 5 10.30.1.7 TCP_MISS/200 1234 CONNECT pypi.org:443 - HIER_DIRECT/1.2.3.4 -\n',
    );
    const squid = run('access.csv', ['--engine', 'duckdb']);
    expect(squid.code).toBe(2);
    expect(squid.stderr).toBe(
      'egress: access.csv: its format is squid, which --engine duckdb does not read (it reads csv, jsonl, parquet, aws-vpc); drop --engine duckdb to read it\n',
    );
    const kinds = (t: string) => t.replace(/\(\.csv, .*?\)/, '(…)');
    for (const file of ['missing.csv', 'p*.csv', '~/p1.csv', 'https://example.com/p1.csv', '.']) {
      const expected = run(file, []);
      const r = run(file, ['--engine', 'duckdb']);
      expect(expected.code, file).toBe(2);
      expect(r.code, file).toBe(2);
      expect(kinds(r.stderr), file).toBe(kinds(expected.stderr));
    }
  });

  it('reads an AWS VPC flow log given --input-format aws-vpc, and refuses stdin and other formats', () => {
    const project = join(repo, 'policies/ml-training');
    const file = join(work, 'vpc.log');
    writeFileSync(
      file,
      [
        'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
        '2 123456789010 eni-1235b8ca 10.30.1.7 169.254.169.254 49152 80 6 20 4249 1418530010 1418530070 ACCEPT OK',
      ].join('\n') + '\n',
    );
    const r = egress([
      'simulate',
      project,
      '--flows',
      file,
      '--engine',
      'duckdb',
      '--input-format',
      'aws-vpc',
      '--format',
      'jsonl',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      flow: { src: '10.30.1.7', ip: '169.254.169.254', proto: 'tcp', port: 80 },
      rule: 'no-metadata',
    });
    const stdin = egress(['simulate', project, '--flows', '-', '--engine', 'duckdb']);
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toMatch(/^egress: --engine duckdb reads files, not stdin/);
    const squid = egress([
      'simulate',
      project,
      '--flows',
      file,
      '--engine',
      'duckdb',
      '--input-format',
      'squid',
    ]);
    expect(squid.code).toBe(2);
    expect(squid.stderr).toMatch(
      /^egress: --engine duckdb reads the input formats csv, jsonl, parquet, aws-vpc/,
    );
  });
});
