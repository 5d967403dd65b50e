/**
 * An AWS VPC flow log as the `flows` view of `egress simulate --engine duckdb`, read from its
 * lines (`egress_lines`) as the in-process reader (aws-vpc.ts) reads it:
 *
 * - which columns each record has: the header lines are found here, with the reader's own
 *   rules (`mayBeVpcHeader`, `isVpcHeader`, `vpcHeaderColumns`), and cut the file into
 *   segments (`egress_vpc_segments`): from a good header on, its columns; from a bad one on,
 *   its refusal; before any, the default format once a record has its 14 fields;
 * - each record's fields cut at spaces and tabs, a record of another number of fields
 *   refused, and the packet's addresses preferred to the interface's;
 * - each record that is no connection attempt passed over with the reader's reason
 *   (`egress_skip`), and its action read (`egress_logged`).
 *
 * The reader remembers the connections it has read; here a record's connection is the
 * unordered pair of its two ends with the protocol, and of the records that may open one
 * (SYN without ACK when the record has TCP flags, else any the ports do not call a reply),
 * the first in the file is the attempt, a later one in the same direction a continuation and
 * one in the other direction a reply. That is the reader's answer as long as it still
 * remembers the first (it keeps the last 65,536 to 131,072 connections; here there is no
 * bound). Addresses are checked by the caller (`vpcRowProblem`), with the reader's own parser.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DUCKDB } from '../export/sql/sql-dialect.js';
import { ipStages } from '../export/sql/sql-script.js';
import { portsSayReply } from '../export/sql/vpc-ports.js';
import {
  AWS_VPC_DEFAULT_FIELDS,
  isVpcHeader,
  mayBeVpcHeader,
  NO_DATA,
  PORT_ZERO,
  VPC_DEFAULT_COLUMNS,
  VPC_FIELD_PROBLEM,
  vpcAddressProblem,
  type VpcColumns,
  vpcDefaultFieldCountProblem,
  vpcFieldCountProblem,
  vpcFieldName,
  vpcHeaderColumns,
} from '../flows/formats/aws-vpc.js';
import {
  address,
  CONTINUATION,
  REPLY,
  spaceFields,
  unsupportedProtocol,
} from '../flows/formats/log-fields.js';
import { asText, blankLine, firstLine, fromText, literal } from './duckdb-lines.js';

/** The fields a record is read from, by the reader's names, and their column in the segments. */
const FIELDS = {
  srcaddr: 'srcaddr',
  dstaddr: 'dstaddr',
  pktSrcaddr: 'pkt_srcaddr',
  pktDstaddr: 'pkt_dstaddr',
  srcport: 'srcport',
  dstport: 'dstport',
  protocol: 'protocol',
  action: 'action',
  logStatus: 'log_status',
  tcpFlags: 'tcp_flags',
} as const satisfies Partial<Record<keyof VpcColumns, string>>;

/**
 * A part of the log, from `from` to the next: a good header line (`skip`), records read with
 * `columns`, records before any header that are not yet of the default format (`pending`),
 * or a bad header and the records after it (`refuse`, with its words).
 */
type Segment =
  | { from: number; kind: 'skip' | 'pending' }
  | { from: number; kind: 'columns'; columns: VpcColumns }
  | { from: number; kind: 'refuse'; problem: string };

/** The log's segments, as the reader goes from header to header. */
async function vpcSegments(c: DuckDBConnection): Promise<Segment[]> {
  const found = await c.runAndReadAll(
    `SELECT CAST(rowid + 1 AS INTEGER), ${asText('line')} FROM egress_lines WHERE contains(lower(line), 'addr') ORDER BY rowid`,
  );
  const headers = found
    .getRows()
    .map((r) => ({ line: Number(r[0]), text: fromText(r[1]) }))
    .filter((h) => isVpcHeader(spaceFields(h.text)));
  const segments: Segment[] = [];
  // A segment starting where the last one starts takes its place (a header on line 1).
  const push = (segment: Segment) => {
    if (segments.at(-1)?.from === segment.from) segments.pop();
    segments.push(segment);
  };
  push({ from: 1, kind: 'pending' });
  let known = false;
  let refused = false;
  let at = 0;
  let next = 0;
  for (;;) {
    while (next < headers.length && !mayBeVpcHeader(headers[next]!.text, known)) next++;
    const header = headers[next];
    if (!known && !refused) {
      // Before any header, the first record of the default format's length sets the columns.
      const record = await firstLine(
        c,
        `len(${fieldsOf('line')}) = ${AWS_VPC_DEFAULT_FIELDS.length}`,
        at,
      );
      if (record !== undefined && (header === undefined || record.line < header.line)) {
        push({ from: record.line, kind: 'columns', columns: VPC_DEFAULT_COLUMNS });
        known = true;
        at = record.line;
        continue;
      }
    }
    if (header === undefined) return segments;
    next++;
    at = header.line;
    const columns = vpcHeaderColumns(spaceFields(header.text).map(vpcFieldName));
    if (typeof columns === 'string') {
      push({ from: header.line, kind: 'refuse', problem: columns });
      known = false;
      refused = true;
    } else {
      push({ from: header.line, kind: 'skip' });
      push({ from: header.line + 1, kind: 'columns', columns });
      known = true;
      refused = false;
    }
  }
}

/**
 * A line's fields as the reader cuts them: at runs of spaces and tabs (a regular expression
 * for the lines that need one: it costs ten times a plain split).
 */
function fieldsOf(line: string): string {
  const plain = `NOT contains(${line}, '\t') AND NOT contains(${line}, '  ') AND NOT starts_with(${line}, ' ') AND NOT ends_with(${line}, ' ')`;
  return `CASE WHEN ${plain} THEN string_split(${line}, ' ') ELSE regexp_split_to_array(trim(${line}, ' \t'), '[ \t]+') END`;
}

/** Loads the segments of the log in `egress_lines` as `egress_vpc_segments`. */
export async function loadVpcSegments(c: DuckDBConnection): Promise<void> {
  const segments = await vpcSegments(c);
  const names = Object.values(FIELDS);
  await c.run(
    `CREATE TABLE egress_vpc_segments (from_row BIGINT, kind VARCHAR, problem VARCHAR, count INTEGER, ${names.map((n) => `p_${n} INTEGER`).join(', ')})`,
  );
  const values = segments.map((s) => {
    const columns = s.kind === 'columns' ? s.columns : undefined;
    const positions = (Object.keys(FIELDS) as (keyof typeof FIELDS)[]).map((k) => {
      const at = columns?.[k] ?? -1;
      return at >= 0 ? String(at + 1) : 'NULL';
    });
    const problem = s.kind === 'refuse' ? literal(s.problem) : 'NULL';
    return `(${s.from}, '${s.kind}', ${problem}, ${columns?.count ?? 'NULL'}, ${positions.join(', ')})`;
  });
  await c.run(`INSERT INTO egress_vpc_segments VALUES ${values.join(', ')}`);
}

/** The `flows` view over the log's records (after `loadVpcSegments`). */
export function vpcFlowsView(): string {
  const field = (name: string) => `f[p_${name}]`;
  const pick = (pkt: string, plain: string) =>
    `COALESCE(NULLIF(${field(pkt)}, '-'), ${field(plain)})`;
  const used = (pkt: string, plain: string, name: string) =>
    `CASE WHEN ${field(pkt)} IS NOT NULL AND ${field(pkt)} <> '-' THEN 'pkt-${name}' ELSE '${name}' END`;
  const port = (value: string) =>
    `CASE WHEN regexp_full_match(${value}, '[0-9]{1,5}') AND CAST(${value} AS INTEGER) <= 65535 THEN CAST(${value} AS INTEGER) END`;
  // One end of the pair is the lesser (address, port); `flipped` says the record goes from
  // the greater to the lesser. ICMP and ICMPv6 are one protocol to the reader: `icmp`.
  const lesser = (flipped: string, x: string, y: string) =>
    `CASE WHEN ${flipped} THEN ${y} ELSE ${x} END`;
  const pair = `PARTITION BY refused IS NULL AND side IS NULL, CASE protocol WHEN 58 THEN 1 ELSE protocol END,
      ${lesser('flipped', 'src_key', 'dst_key')}, ${lesser('flipped', 'from_port', 'to_port')},
      ${lesser('flipped', 'dst_key', 'src_key')}, ${lesser('flipped', 'to_port', 'from_port')}`;
  // Ends are paired as the reader pairs them, by the address itself, not its text (`FD00::7`,
  // `fd00:0::7` and `fd00::7` are one address, `::ffff:10.0.0.1` is `10.0.0.1`): each distinct
  // text parsed once by the classification script's own stages into its hex digits (8 for
  // IPv4, 32 for IPv6); a text that is no address (refused by the caller) stays itself.
  const parse = ipStages(DUCKDB, 'a');
  const addresses = parse.map(
    (columns, i) =>
      `address_${i + 1} AS (\n  SELECT address_${i}.*, ${columns.join(',\n    ')}\n  FROM address_${i}\n)`,
  );
  return `CREATE VIEW flows AS
WITH cut AS (
  SELECT rowid + 1 AS egress_row, ${fieldsOf('line')} AS f
  FROM egress_lines
  WHERE NOT ${blankLine('line')}
), segmented AS (
  SELECT cut.*, s.* EXCLUDE (from_row)
  FROM cut ASOF JOIN egress_vpc_segments s ON cut.egress_row >= s.from_row
  WHERE s.kind <> 'skip'
), records AS (
  SELECT egress_row,
    CASE
      WHEN kind = 'refuse' THEN '${PROBLEM}header:' || problem
      WHEN kind = 'pending' THEN '${PROBLEM}default-count:' || len(f)
      WHEN len(f) <> count THEN '${PROBLEM}count:' || count || ':' || len(f)
    END AS shape,
    ${pick('pkt_srcaddr', 'srcaddr')} AS src_text,
    ${pick('pkt_dstaddr', 'dstaddr')} AS dst_text,
    ${used('pkt_srcaddr', 'srcaddr', 'srcaddr')} AS src_field,
    ${used('pkt_dstaddr', 'dstaddr', 'dstaddr')} AS dst_field,
    ${field('protocol')} AS protocol_text,
    ${field('srcport')} AS srcport_text,
    ${field('dstport')} AS dstport_text,
    ${field('action')} AS action_text,
    ${field('log_status')} AS status,
    ${field('tcp_flags')} AS flags_text
  FROM segmented
), address_0 AS (
  SELECT text, lower(text) AS a_t
  FROM (SELECT src_text AS text FROM records UNION SELECT dst_text FROM records)
  WHERE text IS NOT NULL
), ${addresses.join(', ')}, address_keys AS (
  SELECT text, COALESCE(a_hex, '~' || text) AS key FROM address_${parse.length}
), keyed AS (
  SELECT records.*, s.key AS src_key, d.key AS dst_key
  FROM records
  LEFT JOIN address_keys s ON s.text = records.src_text
  LEFT JOIN address_keys d ON d.text = records.dst_text
), numbers AS (
  SELECT *,
    CASE WHEN regexp_full_match(protocol_text, '[0-9]+') THEN TRY_CAST(protocol_text AS INTEGER) END AS protocol,
    ${port('srcport_text')} AS srcport,
    ${port('dstport_text')} AS dstport,
    CASE WHEN regexp_full_match(flags_text, '[0-9]+') THEN TRY_CAST(flags_text AS INTEGER) END AS flags
  FROM keyed
), checked AS (
  -- What the reader refuses or passes over before it looks at connections, in its order
  -- (addresses, checked between the protocol and the ports, are the caller's).
  SELECT *, CASE
      WHEN shape IS NOT NULL THEN shape
      WHEN status IN ('NODATA', 'SKIPDATA') THEN '${SKIP_NO_DATA}'
      WHEN protocol IS NULL THEN '${PROBLEM}protocol:' || COALESCE(protocol_text, '')
      WHEN protocol NOT IN (1, 6, 17, 58) THEN '${SKIP_PROTOCOL}' || protocol
      WHEN protocol IN (6, 17) AND srcport IS NULL THEN '${PROBLEM}srcport:' || COALESCE(srcport_text, '')
      WHEN protocol IN (6, 17) AND dstport IS NULL THEN '${PROBLEM}dstport:' || COALESCE(dstport_text, '')
      WHEN protocol IN (6, 17) AND dstport = 0 THEN '${SKIP_PORT_ZERO}'
      WHEN action_text IS NOT NULL AND action_text NOT IN ('ACCEPT', 'REJECT', '-') THEN '${PROBLEM}action:' || action_text
    END AS refused,
    shape IS NULL AND (status IS NULL OR status NOT IN ('NODATA', 'SKIPDATA'))
      AND protocol IN (1, 6, 17, 58) AS reads_addresses,
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
    (src_key > dst_key OR (src_key = dst_key AND from_port > to_port)) AS flipped
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
  COALESCE(refused, side, connection) AS egress_skip,
  CASE action_text WHEN 'ACCEPT' THEN 'allow' WHEN 'REJECT' THEN 'deny' END AS egress_logged,
  CASE WHEN reads_addresses THEN src_field END AS egress_src_field,
  CASE WHEN reads_addresses THEN dst_field END AS egress_dst_field
FROM paired`;
}

/**
 * Codes of `egress_skip`: records passed over (their reason's text made by `vpcSkipReason`),
 * and records the reader refuses (`PROBLEM` then what is wrong).
 */
const SKIP_NO_DATA = 'no-data';
const SKIP_PROTOCOL = 'protocol:';
const SKIP_PORT_ZERO = 'port-zero';
const SKIP_REPLY = 'reply';
const SKIP_CONTINUATION = 'continuation';
const PROBLEM = 'problem:';

/** The in-process reader's words for a passed-over or refused record, from its code. */
export function vpcSkipReason(code: string): { skip: string } | { problem: string } {
  if (code.startsWith(PROBLEM)) {
    const rest = code.slice(PROBLEM.length);
    const colon = rest.indexOf(':');
    const what = rest.slice(0, colon);
    const value = rest.slice(colon + 1);
    if (what === 'header') return { problem: value };
    if (what === 'default-count') return { problem: vpcDefaultFieldCountProblem(Number(value)) };
    if (what === 'count') {
      const [expected, found] = value.split(':').map(Number);
      return { problem: vpcFieldCountProblem(expected!, found!) };
    }
    return { problem: VPC_FIELD_PROBLEM[what as keyof typeof VPC_FIELD_PROBLEM](value) };
  }
  if (code === SKIP_NO_DATA) return { skip: NO_DATA };
  if (code === SKIP_PORT_ZERO) return { skip: PORT_ZERO };
  if (code === SKIP_REPLY) return { skip: REPLY };
  if (code === SKIP_CONTINUATION) return { skip: CONTINUATION };
  return { skip: unsupportedProtocol(code.slice(SKIP_PROTOCOL.length)) };
}

/**
 * Why the reader refuses a record's addresses (it reads them after the protocol and before
 * the ports), or undefined: `field` is the field read (NULL when the record's fields are
 * refused before), `value` its text (NULL when absent).
 */
export function vpcAddressRefusal(
  srcField: unknown,
  src: unknown,
  dstField: unknown,
  dst: unknown,
): string | undefined {
  if (typeof srcField !== 'string' || typeof dstField !== 'string') return undefined;
  const srcText = typeof src === 'string' ? src : '-';
  if (address(srcText) === null) return vpcAddressProblem(srcField, srcText);
  const dstText = typeof dst === 'string' ? dst : '-';
  if (address(dstText) === null) return vpcAddressProblem(dstField, dstText);
  return undefined;
}
