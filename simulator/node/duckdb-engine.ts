/**
 * `egress simulate --engine duckdb`: the `sql` target's DuckDB script, run in an embedded
 * DuckDB (`@duckdb/node-api`) over a flow file — CSV, JSONL, Parquet, or an AWS VPC flow log
 * — for files too big to stream comfortably and for Parquet, which the in-process reader
 * does not read. The decisions are the simulator's (the script is tested against the
 * reference interpreter); this module moves rows in and out, in input order, with DuckDB's
 * memory capped and its spill files in a temporary folder of our own, and reads a VPC flow
 * log's records as the in-process reader does (`vpcFlowsView`).
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
import { portsSayReply } from '../export/sql/vpc-ports.js';
import {
  AWS_VPC_DEFAULT_FIELDS,
  isVpcHeader,
  NO_DATA,
  PORT_ZERO,
  VPC_FIELD_PROBLEM,
  vpcFieldName,
} from '../flows/formats/aws-vpc.js';
import { CONTINUATION, REPLY, unsupportedProtocol } from '../flows/formats/log-fields.js';

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
  /** A VPC flow log record the reader refuses: why, in its words. */
  problem?: string;
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

/** The input file as a table; `vpcHeader`: whether a VPC flow log starts with its header line. */
function sourceRelation(file: string, kind: DuckDbInputKind, vpcHeader: boolean): string {
  switch (kind) {
    case 'csv':
      return `read_csv(${literal(file)}, all_varchar = true, header = true, comment = '#')`;
    case 'jsonl':
      return `read_json(${literal(file)}, format = 'newline_delimited')`;
    case 'parquet':
      return `read_parquet(${literal(file)})`;
    case 'aws-vpc':
      return vpcRelation(file, vpcHeader);
  }
}

/**
 * A VPC flow log as a table: its columns named by its header line, or, for a log without
 * one, by the default format's fields (as the in-process reader reads such a log).
 */
function vpcRelation(file: string, header: boolean): string {
  const names = header
    ? ''
    : `, names = [${AWS_VPC_DEFAULT_FIELDS.map((f) => literal(f)).join(', ')}]`;
  return `read_csv(${literal(file)}, all_varchar = true, header = ${header}, delim = ' '${names})`;
}

/** Whether a VPC flow log starts with a header line (field names, not values). */
async function hasVpcHeader(c: DuckDBConnection, file: string): Promise<boolean> {
  const first = await c.runAndReadAll(
    `SELECT * FROM read_csv(${literal(file)}, all_varchar = true, header = false, delim = ' ') LIMIT 1`,
  );
  return isVpcHeader((first.getRows()[0] ?? []).map(String));
}

/** The flow-file columns over the input table, NULL where the input has no such column. */
function flowsView(columns: ReadonlySet<string>, kind: DuckDbInputKind): string {
  if (kind === 'aws-vpc') return vpcFlowsView(columns);
  const text = (c: string) =>
    columns.has(c) ? `CAST("${c}" AS VARCHAR)` : 'CAST(NULL AS VARCHAR)';
  const list = FLOW_COLUMNS.map((c) => `${text(c)} AS ${c}`).join(', ');
  return `CREATE VIEW flows AS SELECT egress_row, ${list} FROM egress_input`;
}

/**
 * An AWS VPC flow log's records as flows, read as the in-process reader reads them
 * (aws-vpc.ts): fields by their names in any spelling of the header (`tcp-flags`,
 * `tcp_flags`, `${tcp-flags}`), the packet's addresses before the interface's, and each
 * record that is no connection attempt passed over with the reader's reason (`egress_skip`).
 *
 * The reader remembers the connections it has read; here a record's connection is the
 * unordered pair of its two ends with the protocol, and of the records that may open one
 * (SYN without ACK when the record has TCP flags, else any the ports do not call a reply),
 * the first in the file is the attempt, a later one in the same direction a continuation
 * and one in the other direction a reply. That is the reader's answer as long as it still
 * remembers the first (it keeps the last 65,536 to 131,072 connections; here there is no
 * bound).
 */
function vpcFlowsView(columns: ReadonlySet<string>): string {
  const byName = new Map<string, string>();
  for (const c of columns) byName.set(vpcFieldName(c), c);
  const text = (name: string) => {
    const c = byName.get(name);
    return c !== undefined
      ? `CAST("${c.replace(/"/g, '""')}" AS VARCHAR)`
      : 'CAST(NULL AS VARCHAR)';
  };
  const pick = (pkt: string, plain: string) =>
    `COALESCE(NULLIF(NULLIF(${text(pkt)}, '-'), ''), ${text(plain)})`;
  const port = (value: string) =>
    `CASE WHEN regexp_full_match(${value}, '[0-9]{1,5}') AND CAST(${value} AS INTEGER) <= 65535 THEN CAST(${value} AS INTEGER) END`;
  // One end of the pair is the lesser (address, port); `flipped` says the record goes from
  // the greater to the lesser. ICMP and ICMPv6 are one protocol to the reader: `icmp`.
  const lesser = (flipped: string, x: string, y: string) =>
    `CASE WHEN ${flipped} THEN ${y} ELSE ${x} END`;
  const pair = `PARTITION BY refused IS NULL AND side IS NULL, CASE protocol WHEN 58 THEN 1 ELSE protocol END,
      ${lesser('flipped', 'src_text', 'dst_text')}, ${lesser('flipped', 'from_port', 'to_port')},
      ${lesser('flipped', 'dst_text', 'src_text')}, ${lesser('flipped', 'to_port', 'from_port')}`;
  return `CREATE VIEW flows AS
WITH records AS (
  SELECT egress_row,
    ${pick('pkt-srcaddr', 'srcaddr')} AS src_text,
    ${pick('pkt-dstaddr', 'dstaddr')} AS dst_text,
    ${text('protocol')} AS protocol_text,
    ${text('srcport')} AS srcport_text,
    ${text('dstport')} AS dstport_text,
    ${text('action')} AS action_text,
    ${text('log-status')} AS status,
    ${text('tcp-flags')} AS flags_text
  FROM egress_input
), numbers AS (
  SELECT *,
    CASE WHEN regexp_full_match(protocol_text, '[0-9]+') THEN TRY_CAST(protocol_text AS INTEGER) END AS protocol,
    ${port('srcport_text')} AS srcport,
    ${port('dstport_text')} AS dstport,
    CASE WHEN regexp_full_match(flags_text, '[0-9]+') THEN TRY_CAST(flags_text AS INTEGER) END AS flags
  FROM records
), checked AS (
  -- What the reader refuses or passes over before it looks at connections, in its order.
  SELECT *, CASE
      WHEN status IN ('NODATA', 'SKIPDATA') THEN '${SKIP_NO_DATA}'
      WHEN protocol IS NULL THEN '${PROBLEM}protocol:' || COALESCE(protocol_text, '')
      WHEN protocol NOT IN (1, 6, 17, 58) THEN '${SKIP_PROTOCOL}' || protocol
      WHEN src_text IS NULL OR dst_text IS NULL THEN '${UNREAD}'
      WHEN protocol IN (6, 17) AND srcport IS NULL THEN '${PROBLEM}srcport:' || COALESCE(srcport_text, '')
      WHEN protocol IN (6, 17) AND dstport IS NULL THEN '${PROBLEM}dstport:' || COALESCE(dstport_text, '')
      WHEN protocol IN (6, 17) AND dstport = 0 THEN '${SKIP_PORT_ZERO}'
      WHEN action_text IS NOT NULL AND action_text NOT IN ('ACCEPT', 'REJECT', '-') THEN '${PROBLEM}action:' || action_text
    END AS refused,
    CASE WHEN protocol IN (6, 17) THEN srcport ELSE 0 END AS from_port,
    CASE WHEN protocol IN (6, 17) THEN dstport ELSE 0 END AS to_port
  FROM numbers
), sided AS (
  SELECT *,
    CASE
      WHEN refused IS NOT NULL THEN NULL
      WHEN protocol = 6 AND flags IS NOT NULL THEN
        CASE WHEN flags & 2 = 0 THEN '${SKIP_CONTINUATION}' WHEN flags & 16 <> 0 THEN '${SKIP_REPLY}' END
      WHEN protocol IN (6, 17) AND ${portsSayReply('from_port', 'to_port')} THEN '${SKIP_REPLY}'
    END AS side,
    -- Whether the ports call the record an attempt: only a record they leave open can be the
    -- reply to a connection read in the other direction.
    (protocol IN (6, 17) AND NOT (protocol = 6 AND flags IS NOT NULL)
      AND ${portsSayReply('to_port', 'from_port')}) AS ports_attempt,
    (src_text > dst_text OR (src_text = dst_text AND from_port > to_port)) AS flipped
  FROM checked
), opened AS (
  SELECT *, refused IS NULL AND side IS NULL AS opens,
    row_number() OVER pair AS nth,
    first_value(flipped) OVER pair AS first_flipped
  FROM sided
  WINDOW pair AS (${pair} ORDER BY egress_row)
), paired AS (
  SELECT *,
    CASE WHEN opens THEN
      CASE
        WHEN nth = 1 THEN NULL
        WHEN flipped = first_flipped THEN '${SKIP_CONTINUATION}'
        WHEN egress_row < other_attempt OR other_attempt IS NULL THEN '${SKIP_REPLY}'
        WHEN egress_row = other_attempt THEN NULL
        ELSE '${SKIP_CONTINUATION}'
      END
    END AS connection
  FROM (
    SELECT *,
      -- The first record in the other direction that the ports call an attempt: it opens
      -- that direction; the ones before it in that direction are replies.
      min(CASE WHEN ports_attempt AND flipped <> first_flipped THEN egress_row END) OVER (${pair}) AS other_attempt
    FROM opened
  )
)
SELECT egress_row,
  src_text AS src, CAST(NULL AS VARCHAR) AS host, dst_text AS ip,
  CASE protocol WHEN 6 THEN 'tcp' WHEN 17 THEN 'udp' WHEN 1 THEN 'icmp' WHEN 58 THEN 'icmp' END AS proto,
  CASE WHEN protocol IN (6, 17) THEN dstport_text END AS port,
  CAST(NULL AS VARCHAR) AS method, CAST(NULL AS VARCHAR) AS path,
  NULLIF(COALESCE(refused, side, connection), '${UNREAD}') AS egress_skip,
  CASE action_text WHEN 'ACCEPT' THEN 'allow' WHEN 'REJECT' THEN 'deny' END AS egress_logged
FROM paired`;
}

/**
 * Codes of `egress_skip`: records passed over (their reason's text made by `skipReason`),
 * and records the reader refuses (`PROBLEM` then the field and its value).
 */
const SKIP_NO_DATA = 'no-data';
const SKIP_PROTOCOL = 'protocol:';
const SKIP_PORT_ZERO = 'port-zero';
const SKIP_REPLY = 'reply';
const SKIP_CONTINUATION = 'continuation';
const PROBLEM = 'problem:';
/** A record without an address: the flow's own check says which is missing. */
const UNREAD = 'unread';

/** The in-process reader's words for a passed-over or refused record, from its code. */
function skipReason(code: string): { skip: string } | { problem: string } {
  if (code.startsWith(PROBLEM)) {
    const rest = code.slice(PROBLEM.length);
    const colon = rest.indexOf(':');
    const field = rest.slice(0, colon) as keyof typeof VPC_FIELD_PROBLEM;
    return { problem: VPC_FIELD_PROBLEM[field](rest.slice(colon + 1)) };
  }
  if (code === SKIP_NO_DATA) return { skip: NO_DATA };
  if (code === SKIP_PORT_ZERO) return { skip: PORT_ZERO };
  if (code === SKIP_REPLY) return { skip: REPLY };
  if (code === SKIP_CONTINUATION) return { skip: CONTINUATION };
  return { skip: unsupportedProtocol(code.slice(SKIP_PROTOCOL.length)) };
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
    const vpcHeader = kind === 'aws-vpc' && (await hasVpcHeader(c, file));
    await c.run(
      `CREATE TABLE egress_input AS SELECT * FROM ${sourceRelation(file, kind, vpcHeader)}`,
    );
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
          ...(typeof skip === 'string' ? skipReason(skip) : {}),
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
