/**
 * `egress simulate --engine duckdb`: the `sql` target's DuckDB script, run in an embedded
 * DuckDB (`@duckdb/node-api`) over a flow file — CSV, JSONL, Parquet, or an AWS VPC flow log
 * — for files too big to stream comfortably and for Parquet, which the in-process reader
 * does not read. The decisions are the simulator's (the script is tested against the
 * reference interpreter); this module moves rows in and out, in input order, with DuckDB's
 * memory capped and its spill files in a temporary folder of our own. Text files (CSV, JSONL,
 * a VPC flow log) are read line by line as the in-process reader reads them (duckdb-csv.ts,
 * duckdb-jsonl.ts, duckdb-vpc.ts): a bad line is refused in the reader's words, where it is.
 *
 * DuckDB is imported when this engine is asked for, so the CLI does not pay for loading it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Action, Verdict } from '../core/model.js';
import type { FlowColumn } from '../flows/flow-record.js';
import { FLOW_COLUMNS } from '../export/sql/sql-script.js';
import { type CsvHeader, csvFlowsView, csvHeader, csvRowProblem } from './duckdb-csv.js';
import { jsonlFlowsView, jsonlRowProblem } from './duckdb-jsonl.js';
import { fileLiteral, fromText, loadLines } from './duckdb-lines.js';
import { loadVpcSegments, vpcAddressRefusal, vpcFlowsView, vpcSkipReason } from './duckdb-vpc.js';

export type DuckDbInputKind = 'csv' | 'jsonl' | 'parquet' | 'aws-vpc';

/** One input row: where it is, its flow-file fields as text, and the decision. */
export interface DuckDbRow {
  /** The line number in a text file (`duckDbCountsLines`), else the Parquet file's row. */
  row: number;
  fields: Partial<Record<FlowColumn, string>>;
  /** NULL when the script left the row undecided (the flow reader rejects it). */
  verdict: Verdict | null;
  /**
   * A VPC flow log record that is no connection attempt, passed over as the in-process
   * reader passes it over: why (no data in its window, another protocol, port 0).
   */
  skip?: string;
  /** A line the reader refuses: why, in its words. */
  problem?: string;
  /** A VPC flow log record's action: what the enforcing system did. */
  logged?: Action;
}

export interface DuckDbOptions {
  /** DuckDB's memory limit, e.g. `1GB`; beyond it, sorts and joins spill to disk. */
  memoryLimit?: string;
}

/** Whether the engine's rows are the file's lines (text files), else a Parquet file's rows. */
export function duckDbCountsLines(kind: DuckDbInputKind): boolean {
  return kind !== 'parquet';
}

/** The flow-file columns over the input table, NULL where the input has no such column. */
function tableFlowsView(columns: ReadonlyMap<string, string>): string {
  const text = (c: string) => {
    const type = columns.get(c);
    if (type === undefined) return 'CAST(NULL AS VARCHAR)';
    // A port stored as a floating-point or decimal number (as pandas stores an integer column
    // with gaps) is the integer it holds, not its text `443.0`.
    if (c === 'port' && /^(DOUBLE|FLOAT|REAL|DECIMAL)/.test(type)) {
      return `CASE WHEN "port" = trunc("port") AND abs("port") < 1e9 THEN CAST(CAST("port" AS BIGINT) AS VARCHAR) ELSE CAST("port" AS VARCHAR) END`;
    }
    return `CAST("${c}" AS VARCHAR)`;
  };
  const list = FLOW_COLUMNS.map((c) => `${text(c)} AS ${c}`).join(', ');
  return `CREATE VIEW flows AS SELECT egress_row, ${list} FROM egress_input`;
}

/**
 * Creates the `flows` view over `file`: the script's input, with `egress_row` (the line
 * number in a text file, the row number in a Parquet file). Returns how to explain a CSV row
 * the view gives back, for CSV files.
 */
async function createFlowsView(
  c: DuckDBConnection,
  file: string,
  kind: DuckDbInputKind,
): Promise<CsvHeader | undefined> {
  if (kind !== 'parquet') {
    await loadLines(c, file);
    if (kind === 'aws-vpc') {
      await loadVpcSegments(c);
      await c.run(vpcFlowsView());
      return undefined;
    }
    if (kind === 'jsonl') {
      await c.run(jsonlFlowsView());
      return undefined;
    }
    const header = await csvHeader(c, file);
    await c.run(csvFlowsView(header));
    return header;
  }
  // A table keeps the file's order in its rowid (insertion order is preserved).
  await c.run(`CREATE TABLE egress_input AS SELECT * FROM read_parquet(${fileLiteral(file)})`);
  await c.run('ALTER TABLE egress_input ADD COLUMN egress_row BIGINT');
  await c.run('UPDATE egress_input SET egress_row = rowid + 1');
  const described = await c.runAndReadAll('DESCRIBE egress_input');
  const columns = new Map(
    described.getRowObjects().map((r) => [String(r['column_name']), String(r['column_type'])]),
  );
  await c.run(tableFlowsView(columns));
  return undefined;
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
    const csv = await createFlowsView(c, file, kind);
    await c.run(script);
    const extra =
      kind === 'aws-vpc'
        ? ', egress_skip, egress_logged, egress_src_field, egress_dst_field'
        : kind === 'csv' || kind === 'jsonl'
          ? ', egress_text'
          : '';
    const result = await c.stream(
      `SELECT egress_row, ${FLOW_COLUMNS.join(', ')}, verdict, rule, log${extra} FROM egress_decisions ORDER BY egress_row`,
    );
    for await (const rows of result.yieldRows()) {
      yield rows.map((r): DuckDbRow => {
        const fields: Partial<Record<FlowColumn, string>> = {};
        FLOW_COLUMNS.forEach((column, i) => {
          const value = textOrUndefined(r[i + 1]);
          if (value !== undefined) fields[column] = value;
        });
        const verdict = r[8];
        const row: DuckDbRow = {
          row: Number(r[0]),
          fields,
          verdict:
            verdict === null
              ? null
              : { verdict: verdict as Verdict['verdict'], rule: String(r[9]), log: r[10] === true },
        };
        // A line given back for the reader's own parser (`asText`).
        const text = typeof r[11] === 'string' ? fromText(r[11]) : undefined;
        if (csv !== undefined && text !== undefined) {
          row.problem = csvRowProblem(text, csv);
        } else if (kind === 'jsonl' && text !== undefined) {
          const problem = jsonlRowProblem(text, fields);
          if (problem !== undefined) row.problem = problem;
        } else if (kind === 'aws-vpc') {
          const refusal = vpcAddressRefusal(r[13], r[1], r[14], r[3]);
          if (refusal !== undefined) row.problem = refusal;
          else if (typeof r[11] === 'string') Object.assign(row, vpcSkipReason(r[11]));
          if (r[12] === 'allow' || r[12] === 'deny') row.logged = r[12];
        }
        return row;
      });
    }
  } finally {
    c.closeSync();
    instance.closeSync();
    await rm(spill, { recursive: true, force: true });
  }
}
