/**
 * `egress simulate --engine duckdb`: the `sql` target's DuckDB script, run in an embedded
 * DuckDB (`@duckdb/node-api`) over a flow file — CSV, JSONL, Parquet, or an AWS VPC flow log
 * with its header line — for files too big to stream comfortably and for Parquet, which the
 * in-process reader does not read. The decisions are the simulator's (the script is tested
 * against the reference interpreter); this module only moves rows in and out, in input
 * order, with DuckDB's memory capped and its spill files in a temporary folder of our own.
 *
 * DuckDB is imported when this engine is asked for, so the CLI does not pay for loading it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Verdict } from '../core/model.js';
import type { FlowColumn } from '../flows/flow-record.js';
import { FLOW_COLUMNS } from '../export/sql/sql-script.js';

export type DuckDbInputKind = 'csv' | 'jsonl' | 'parquet' | 'aws-vpc';

/** One input row: its 1-based position, its flow-file fields as text, and the decision. */
export interface DuckDbRow {
  row: number;
  fields: Partial<Record<FlowColumn, string>>;
  /** NULL when the script left the row undecided (the flow reader rejects it). */
  verdict: Verdict | null;
}

export interface DuckDbOptions {
  /** DuckDB's memory limit, e.g. `1GB`; beyond it, sorts and joins spill to disk. */
  memoryLimit?: string;
  /** Rows handed back at a time. */
  batch?: number;
}

/** The input kind from a file name, or undefined when the name does not say. */
export function duckDbInputKind(name: string): DuckDbInputKind | undefined {
  const lower = name.toLowerCase().replace(/\.gz$/, '');
  if (lower.endsWith('.parquet')) return 'parquet';
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.json')) {
    return 'jsonl';
  }
  return undefined;
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function sourceRelation(file: string, kind: DuckDbInputKind): string {
  switch (kind) {
    case 'csv':
      return `read_csv(${literal(file)}, all_varchar = true, header = true, comment = '#')`;
    case 'jsonl':
      return `read_json(${literal(file)}, format = 'newline_delimited')`;
    case 'parquet':
      return `read_parquet(${literal(file)})`;
    case 'aws-vpc':
      return `read_csv(${literal(file)}, all_varchar = true, header = true, delim = ' ')`;
  }
}

/** The flow-file columns over the input table, NULL where the input has no such column. */
function flowsView(columns: ReadonlySet<string>, kind: DuckDbInputKind): string {
  const text = (c: string) =>
    columns.has(c) ? `CAST("${c}" AS VARCHAR)` : 'CAST(NULL AS VARCHAR)';
  if (kind === 'aws-vpc') {
    const pick = (pkt: string, plain: string) =>
      `COALESCE(NULLIF(NULLIF(${text(pkt)}, '-'), ''), ${text(plain)})`;
    return `CREATE VIEW flows AS SELECT egress_row,
      ${pick('pkt-srcaddr', 'srcaddr')} AS src, CAST(NULL AS VARCHAR) AS host,
      ${pick('pkt-dstaddr', 'dstaddr')} AS ip,
      CASE ${text('protocol')} WHEN '6' THEN 'tcp' WHEN '17' THEN 'udp' WHEN '1' THEN 'icmp' WHEN '58' THEN 'icmp' END AS proto,
      CASE WHEN ${text('protocol')} IN ('6', '17') THEN ${text('dstport')} END AS port,
      CAST(NULL AS VARCHAR) AS method, CAST(NULL AS VARCHAR) AS path
    FROM egress_input`;
  }
  const list = FLOW_COLUMNS.map((c) => `${text(c)} AS ${c}`).join(', ');
  return `CREATE VIEW flows AS SELECT egress_row, ${list} FROM egress_input`;
}

function textOrUndefined(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/**
 * Decides every row of `file` with `script` (the DuckDB classification script of the `sql`
 * target), yielding rows in input order, in batches.
 */
export async function* decideWithDuckDb(
  script: string,
  file: string,
  kind: DuckDbInputKind,
  options: DuckDbOptions = {},
): AsyncGenerator<DuckDbRow[]> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const spill = await mkdtemp(join(tmpdir(), 'egress-duckdb-'));
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: options.memoryLimit ?? '1GB',
    temp_directory: spill,
    preserve_insertion_order: 'true',
  });
  const c = await instance.connect();
  try {
    // A table keeps the file's order in its rowid (insertion order is preserved).
    await c.run(`CREATE TABLE egress_input AS SELECT * FROM ${sourceRelation(file, kind)}`);
    await c.run('ALTER TABLE egress_input ADD COLUMN egress_row BIGINT');
    await c.run('UPDATE egress_input SET egress_row = rowid + 1');
    const described = await c.runAndReadAll('DESCRIBE egress_input');
    const columns = new Set(described.getRowObjects().map((r) => String(r['column_name'])));
    await c.run(flowsView(columns, kind));
    await c.run(script);
    const result = await c.stream(
      `SELECT egress_row, ${FLOW_COLUMNS.join(', ')}, verdict, rule, log FROM egress_decisions ORDER BY egress_row`,
    );
    for await (const rows of result.yieldRows()) {
      const out: DuckDbRow[] = rows.map((r) => {
        const fields: Partial<Record<FlowColumn, string>> = {};
        FLOW_COLUMNS.forEach((column, i) => {
          const value = textOrUndefined(r[i + 1]);
          if (value !== undefined) fields[column] = value;
        });
        const verdict = r[8];
        return {
          row: Number(r[0]),
          fields,
          verdict:
            verdict === null
              ? null
              : { verdict: verdict as Verdict['verdict'], rule: String(r[9]), log: r[10] === true },
        };
      });
      yield out;
    }
  } finally {
    c.closeSync();
    instance.closeSync();
    await rm(spill, { recursive: true, force: true });
  }
}
