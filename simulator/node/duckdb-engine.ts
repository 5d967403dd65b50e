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
import type { Action, Verdict } from '../core/model.js';
import type { FlowColumn } from '../flows/flow-record.js';
import { FLOW_COLUMNS } from '../export/sql/sql-script.js';
import { NO_DATA, PORT_ZERO } from '../flows/formats/aws-vpc.js';
import { unsupportedProtocol } from '../flows/formats/log-fields.js';

export type DuckDbInputKind = 'csv' | 'jsonl' | 'parquet' | 'aws-vpc';

/** One input row: its 1-based position, its flow-file fields as text, and the decision. */
export interface DuckDbRow {
  row: number;
  fields: Partial<Record<FlowColumn, string>>;
  /** NULL when the script left the row undecided (the flow reader rejects it). */
  verdict: Verdict | null;
  /**
   * A VPC flow log record that is no connection attempt, passed over as the in-process
   * reader passes it over: why (no data in its window, another protocol, port 0).
   */
  skip?: string;
  /** A VPC flow log record's action: what the enforcing system did. */
  logged?: Action;
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
    const protocol = `TRY_CAST(${text('protocol')} AS INTEGER)`;
    // What the in-process reader passes over, in its order (a record without data first);
    // the reason's text is made from this code (`skipReason`).
    const skip = `CASE
        WHEN ${text('log-status')} IN ('NODATA', 'SKIPDATA') THEN '${SKIP_NO_DATA}'
        WHEN ${protocol} NOT IN (1, 6, 17, 58) THEN '${SKIP_PROTOCOL}' || ${protocol}
        WHEN ${protocol} IN (6, 17) AND TRY_CAST(${text('dstport')} AS INTEGER) = 0 THEN '${SKIP_PORT_ZERO}'
      END`;
    return `CREATE VIEW flows AS SELECT egress_row,
      ${pick('pkt-srcaddr', 'srcaddr')} AS src, CAST(NULL AS VARCHAR) AS host,
      ${pick('pkt-dstaddr', 'dstaddr')} AS ip,
      CASE ${text('protocol')} WHEN '6' THEN 'tcp' WHEN '17' THEN 'udp' WHEN '1' THEN 'icmp' WHEN '58' THEN 'icmp' END AS proto,
      CASE WHEN ${text('protocol')} IN ('6', '17') THEN ${text('dstport')} END AS port,
      CAST(NULL AS VARCHAR) AS method, CAST(NULL AS VARCHAR) AS path,
      ${skip} AS egress_skip,
      CASE ${text('action')} WHEN 'ACCEPT' THEN 'allow' WHEN 'REJECT' THEN 'deny' END AS egress_logged
    FROM egress_input`;
  }
  const list = FLOW_COLUMNS.map((c) => `${text(c)} AS ${c}`).join(', ');
  return `CREATE VIEW flows AS SELECT egress_row, ${list} FROM egress_input`;
}

/** Codes of `egress_skip`, the column of passed-over VPC flow log records. */
const SKIP_NO_DATA = 'no-data';
const SKIP_PROTOCOL = 'protocol:';
const SKIP_PORT_ZERO = 'port-zero';

/** The in-process reader's words for a passed-over record, from its code. */
function skipReason(code: string): string {
  if (code === SKIP_NO_DATA) return NO_DATA;
  if (code === SKIP_PORT_ZERO) return PORT_ZERO;
  return unsupportedProtocol(code.slice(SKIP_PROTOCOL.length));
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
    const logColumns = kind === 'aws-vpc' ? ', egress_skip, egress_logged' : '';
    const result = await c.stream(
      `SELECT egress_row, ${FLOW_COLUMNS.join(', ')}, verdict, rule, log${logColumns} FROM egress_decisions ORDER BY egress_row`,
    );
    for await (const rows of result.yieldRows()) {
      const out: DuckDbRow[] = rows.map((r) => {
        const fields: Partial<Record<FlowColumn, string>> = {};
        FLOW_COLUMNS.forEach((column, i) => {
          const value = textOrUndefined(r[i + 1]);
          if (value !== undefined) fields[column] = value;
        });
        const verdict = r[8];
        const skip = r[11];
        const logged = r[12];
        return {
          row: Number(r[0]),
          fields,
          verdict:
            verdict === null
              ? null
              : { verdict: verdict as Verdict['verdict'], rule: String(r[9]), log: r[10] === true },
          ...(typeof skip === 'string' ? { skip: skipReason(skip) } : {}),
          ...(logged === 'allow' || logged === 'deny' ? { logged } : {}),
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
