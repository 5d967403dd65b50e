/**
 * `egress simulate --engine duckdb`'s engine: the same flows as CSV, JSONL and Parquet files,
 * decided in an embedded DuckDB, give the compiled matcher's verdict for every row, in input
 * order, and leave the rows the flow reader rejects undecided.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Flow } from '../../simulator/core/model.js';
import { compileMatcher } from '../../simulator/engine/index.js';
import { sourceProblem } from '../../simulator/engine/validate-flow.js';
import { csvCell, FLOW_CSV_COLUMNS, normalizeFlow } from '../../simulator/flows/flow-record.js';
import { decideWithDuckDb } from '../../simulator/node/duckdb-engine.js';
import { flowArb } from '../engine/arbitraries.js';
import { exampleInput } from '../export-cloud/cloud-exports.js';
import { collectRows, duckdb, exampleSqlScript } from './duckdb.js';

const dir = mkdtempSync(join(tmpdir(), 'egress-duckdb-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csv(flows: readonly Flow[]): string {
  const lines = [FLOW_CSV_COLUMNS.join(',')];
  for (const f of flows) lines.push(FLOW_CSV_COLUMNS.map((c) => csvCell(f[c])).join(','));
  return lines.join('\n') + '\n';
}

describe('simulate --engine duckdb', () => {
  const input = exampleInput('ml-training');
  const script = exampleSqlScript('ml-training', 'duckdb/egress-decisions.sql');
  const matcher = compileMatcher(input.policy, input.topology);
  const flows = fc.sample(flowArb, { numRuns: 400, seed: 7 }).map((f, i) =>
    // Sources of the example project too, so the rules decide, not only the guard.
    i % 2 === 0 ? { ...f, src: ['trainer', 'notebook', '10.30.1.7'][i % 3]! } : f,
  );

  it('decides CSV, JSONL and Parquet files as the matcher does, in input order', async () => {
    const csvFile = join(dir, 'flows.csv');
    writeFileSync(csvFile, '# a comment line\n' + csv(flows));
    const jsonlFile = join(dir, 'flows.jsonl');
    writeFileSync(jsonlFile, flows.map((f) => JSON.stringify(f)).join('\n') + '\n');
    const parquetFile = join(dir, 'flows.parquet');
    const c = await duckdb();
    await c.run(
      `COPY (SELECT * FROM read_csv('${csvFile}', all_varchar = true, comment = '#')) TO '${parquetFile}' (FORMAT parquet)`,
    );
    for (const [file, kind] of [
      [csvFile, 'csv'],
      [jsonlFile, 'jsonl'],
      [parquetFile, 'parquet'],
    ] as const) {
      const rows = await collectRows(
        decideWithDuckDb(script, file, kind, { memoryLimit: '256MB' }),
      );
      // A CSV file's rows are its lines (after a comment and the header), others DuckDB's rows.
      expect(
        rows.map((r) => r.row),
        kind,
      ).toEqual(flows.map((_, i) => (kind === 'csv' ? i + 3 : i + 1)));
      rows.forEach((r, i) => {
        const parsed = normalizeFlow(r.fields);
        expect(parsed.ok, `${kind} row ${r.row}`).toBe(true);
        // A source that names no node of the topology is reported by the reader, not decided.
        const unknown = sourceProblem(flows[i]!.src, input.topology) !== undefined;
        expect(r.verdict, `${kind} ${JSON.stringify(flows[i])}`).toEqual(
          unknown ? null : matcher.evaluate(flows[i]!),
        );
      });
    }
  }, 300_000);

  it('leaves malformed rows undecided', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(
      file,
      'src,host,ip,proto,port\ntrainer,pypi.org,,tcp,443\ntrainer,pypi.org,,tcp,99999\n,x.org,,udp,53\n',
    );
    const rows = await collectRows(decideWithDuckDb(script, file, 'csv'));
    expect(rows.map((r) => r.verdict?.rule ?? null)).toEqual(['trainer-packages', null, null]);
  }, 120_000);

  it('reads a Parquet port of any numeric type as the integer it holds', async () => {
    const c = await duckdb();
    const types = ['INTEGER', 'BIGINT', 'DOUBLE', 'FLOAT', 'DECIMAL(9,2)', 'VARCHAR'];
    for (const type of types) {
      const file = join(dir, `port-${type.replace(/\W/g, '')}.parquet`);
      // 443.5 is no port in any type; a gap (NULL) is a flow without one.
      const ports =
        type === 'VARCHAR' || type.startsWith('INT') || type === 'BIGINT'
          ? ['443', 'NULL']
          : ['443', '443.5', 'NULL'];
      await c.run(
        `COPY (SELECT * FROM (VALUES ${ports.map((p) => `('trainer', 'pypi.org', 'tcp', CAST(${p === 'NULL' ? 'NULL' : `'${p}'`} AS ${type}))`).join(', ')}) t(src, host, proto, port)) TO '${file}' (FORMAT parquet)`,
      );
      const rows = await collectRows(decideWithDuckDb(script, file, 'parquet'));
      // A port that is not an integer keeps its text (`443.50` as a decimal), refused.
      const text = (port: string | undefined) => port?.replace(/^443\.50?$/, '443.5') ?? null;
      expect(
        rows.map((r) => [text(r.fields.port), r.verdict?.rule ?? null]),
        type,
      ).toEqual([
        ['443', 'trainer-packages'],
        ...(ports.includes('443.5') ? [['443.5', null]] : []),
        [null, null],
      ]);
    }
  }, 120_000);

  it('reads an AWS VPC flow log with its header line', async () => {
    const file = join(dir, 'vpc.log');
    writeFileSync(
      file,
      [
        'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
        '2 123456789010 eni-1235b8ca 10.30.1.7 169.254.169.254 49152 80 6 20 4249 1418530010 1418530070 ACCEPT OK',
        '2 123456789010 eni-1235b8ca 203.0.113.12 10.30.1.7 443 49153 6 20 4249 1418530010 1418530070 ACCEPT OK',
      ].join('\n') + '\n',
    );
    const rows = await collectRows(decideWithDuckDb(script, file, 'aws-vpc'));
    expect(rows.map((r) => r.verdict?.rule)).toEqual(['no-metadata', 'inbound']);
  }, 120_000);
});
