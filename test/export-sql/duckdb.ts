/**
 * Runs the `sql` target's scripts in a real DuckDB (the embedded engine from npm): a table
 * `flows` from flow records or raw rows, the script, and the view read back in row order.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { expect } from 'vitest';
import type { Flow, PolicyModel, Topology, Verdict } from '../../simulator/core/model.js';
import { compileMatcher } from '../../simulator/engine/index.js';
import { sourceProblem } from '../../simulator/engine/validate-flow.js';
import { FLOW_COLUMNS } from '../../simulator/export/sql/sql-script.js';
import { sqlExporter } from '../../simulator/export/sql.js';
import { readFlowText } from '../../simulator/flows/flow-reader.js';
import { normalizeFlow } from '../../simulator/flows/flow-record.js';
import { decideWithDuckDb, type DuckDbRow } from '../../simulator/node/duckdb-engine.js';
import { exampleInput } from '../export-cloud/cloud-exports.js';

export type RawRow = Partial<Record<(typeof FLOW_COLUMNS)[number], string | number | null>>;

let shared: Promise<DuckDBConnection> | undefined;

/** DuckDB macros giving DuckDB the function names a dialect's script uses. */
export const DIALECT_MACROS: Record<'trino' | 'spark', string> = {
  trino:
    'CREATE OR REPLACE MACRO regexp_like(s, p) AS regexp_matches(s, p); ' +
    'CREATE OR REPLACE MACRO to_base(x, b) AS CASE WHEN b = 16 THEN lower(hex(x)) END; ' +
    'CREATE OR REPLACE MACRO bitwise_and(a, b) AS (a & b);',
  spark: 'CREATE OR REPLACE MACRO rlike(s, p) AS regexp_matches(s, p);',
};

/** One in-memory database for the whole test file; every case replaces its tables. */
export function duckdb(): Promise<DuckDBConnection> {
  shared ??= DuckDBInstance.create(':memory:').then((db) => db.connect());
  return shared;
}

function literal(value: string | number | null | undefined): string {
  if (value === undefined || value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  return `'${value.replace(/'/g, "''")}'`;
}

/** A flow as a table row: absent fields as NULL, or as '' when `emptyAsAbsent`. */
export function flowRow(flow: Flow, emptyAsAbsent = false): RawRow {
  const absent = emptyAsAbsent ? '' : null;
  return {
    src: flow.src,
    host: flow.host ?? absent,
    ip: flow.ip ?? absent,
    proto: flow.proto,
    port: flow.port ?? absent,
    method: flow.method ?? absent,
    path: flow.path ?? absent,
  };
}

export interface SqlDecision {
  verdict: string | null;
  rule: string | null;
  log: boolean | null;
}

/**
 * Creates `flows` (text columns, or an integer `port` with `integerPort`), runs `script` and
 * returns the decisions of `egress_decisions`, one per row in insertion order.
 */
export async function decideInDuckDb(
  script: string,
  rows: readonly RawRow[],
  options: { integerPort?: boolean; prelude?: string } = {},
): Promise<SqlDecision[]> {
  const c = await duckdb();
  const portType = options.integerPort ? 'BIGINT' : 'VARCHAR';
  await c.run('DROP VIEW IF EXISTS egress_decisions');
  await c.run(
    `CREATE OR REPLACE TABLE flows (row_no BIGINT, src VARCHAR, host VARCHAR, ip VARCHAR, proto VARCHAR, port ${portType}, method VARCHAR, path VARCHAR)`,
  );
  if (rows.length > 0) {
    const values = rows.map(
      (r, i) => `(${[i, ...FLOW_COLUMNS.map((c) => literal(r[c]))].join(', ')})`,
    );
    await c.run(`INSERT INTO flows VALUES ${values.join(', ')}`);
  }
  if (options.prelude) await c.run(options.prelude);
  await c.run(script);
  const reader = await c.runAndReadAll(
    'SELECT row_no, verdict, rule, log FROM egress_decisions ORDER BY row_no',
  );
  const out = reader.getRowObjects().map((r) => ({
    verdict: r['verdict'] as string | null,
    rule: r['rule'] as string | null,
    log: r['log'] as boolean | null,
  }));
  if (out.length !== rows.length) {
    throw new Error(`the view has ${out.length} rows for ${rows.length} flows`);
  }
  return out;
}

export function asDecision(v: Verdict): SqlDecision {
  return { verdict: v.verdict, rule: v.rule, log: v.log };
}

/** One file of the `sql` target's export of an example project, by its path (`duckdb/egress-decisions.sql`). */
export function exampleSqlScript(example: string, path: string): string {
  return sqlExporter.run(exampleInput(example), {}).files.find((f) => f.path === path)!.content;
}

/** Every row `decideWithDuckDb` yields, in input order. */
export async function collectRows(batches: AsyncGenerator<DuckDbRow[]>): Promise<DuckDbRow[]> {
  const out: DuckDbRow[] = [];
  for await (const batch of batches) out.push(...batch);
  return out;
}

/**
 * Runs `--engine duckdb`'s engine on `file` (holding `text`) and the in-process reader on
 * `text`, and expects the same flows on the same lines, each with the matcher's verdict (none
 * for a source the topology does not have), and the same refusals in the same words.
 */
export async function expectReaderAgreement(
  script: string,
  file: string,
  text: string,
  kind: 'csv' | 'jsonl',
  input: { policy: PolicyModel; topology?: Topology | undefined },
): Promise<void> {
  const topology = input.topology!;
  const matcher = compileMatcher(input.policy, topology);
  const own = readFlowText(text, { file, format: kind });
  const rows = await collectRows(decideWithDuckDb(script, file, kind));
  const flows: string[] = [];
  const problems: string[] = [];
  for (const r of rows) {
    const parsed = normalizeFlow(r.fields);
    if (r.problem !== undefined) problems.push(`${r.row}: ${r.problem}`);
    else if (!parsed.ok) problems.push(`${r.row}: ${parsed.reason}`);
    else {
      flows.push(`${r.row} ${JSON.stringify(parsed.flow)}`);
      const unknown = sourceProblem(parsed.flow.src, topology) !== undefined;
      expect(r.verdict, `line ${r.row}`).toEqual(unknown ? null : matcher.evaluate(parsed.flow));
    }
  }
  expect(flows).toEqual(own.flows.map((o) => `${o.line} ${JSON.stringify(o.flow)}`));
  expect(problems).toEqual(own.problems.map((p) => `${p.line}: ${p.reason}`));
}
