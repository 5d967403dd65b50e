/**
 * A JSONL flow file as the `flows` view of `egress simulate --engine duckdb`, read line by
 * line as the in-process reader reads it (jsonl.ts): blank and `#` comment lines passed over,
 * each other line one object, so that a line that is not JSON never stops the file.
 *
 * DuckDB takes the fields of every line that is a JSON object. A line that is plainly a flow
 * object (each key a flow field and none twice, each value a string or null, the port a whole
 * number, no escape, no empty text, no comma before a closing brace: DuckDB's JSON parser accepts trailing
 * commas, NaN and Infinity, JavaScript's does not) is read as DuckDB reads it. Every other
 * line also comes back (`egress_text`, `asText`) for the reader's own parser (`jsonlRowProblem`): a
 * line it refuses is refused in its words, and a flow DuckDB would read otherwise than the
 * reader is refused rather than decided as another flow. Parsing every line in JavaScript
 * would cost about 5 µs a line.
 */
import { FLOW_COLUMNS } from '../export/sql/sql-script.js';
import { type FlowColumn, normalizeFlow, parseFlowJsonLine } from '../flows/flow-record.js';
import { asText, blankLine, literal } from './duckdb-lines.js';

const PATHS = `[${FLOW_COLUMNS.map((c) => literal(`$.${c}`)).join(', ')}]`;
const PORT = FLOW_COLUMNS.indexOf('port') + 1;

/** The `flows` view over the JSONL file in `egress_lines`. */
export function jsonlFlowsView(): string {
  // The port as the reader writes a JSON number (`String(value)`): a whole number without a
  // fraction, whatever its spelling (`443.0`, `4.43e2`); any other value as DuckDB writes it.
  const port = `v[${PORT}]`;
  const whole = `TRY_CAST(${port} AS DOUBLE)`;
  const portText = `CASE WHEN t[${PORT}] = 'DOUBLE' AND ${whole} BETWEEN -1e15 AND 1e15 AND ${whole} = trunc(${whole})
      THEN CAST(CAST(${whole} AS BIGINT) AS VARCHAR) ELSE ${port} END`;
  const field = (c: string, i: number) =>
    `CASE WHEN object THEN ${c === 'port' ? portText : `v[${i + 1}]`} END AS ${c}`;
  const typeOk = FLOW_COLUMNS.map((c, i) =>
    c === 'port'
      ? `coalesce(t[${i + 1}], 'NULL') IN ('UBIGINT', 'BIGINT', 'NULL') AND coalesce(len(${port}) <= 15, TRUE)`
      : `coalesce(t[${i + 1}], 'NULL') IN ('VARCHAR', 'NULL')`,
  ).join(' AND ');
  const names = `[${FLOW_COLUMNS.map((c) => literal(c)).join(', ')}]`;
  // In a CASE, so that no JSON function sees a line that is not an object.
  const plain = `list_has_all(${names}, json_keys(line))
      AND len(list_distinct(json_keys(line))) = len(json_keys(line))
      AND NOT contains(line, '\\') AND NOT contains(line, '""') AND NOT regexp_matches(line, ',\\s*[}\\]]') AND ${typeOk}`;
  return `CREATE VIEW flows AS
SELECT egress_row, ${FLOW_COLUMNS.map(field).join(', ')},
  CASE WHEN NOT object OR NOT coalesce(CASE WHEN object THEN ${plain} END, FALSE) THEN ${asText('line')} END AS egress_text
FROM (
  SELECT *,
    CASE WHEN object THEN json_type(line, ${PATHS}) END AS t,
    CASE WHEN object THEN json_extract_string(line, ${PATHS}) END AS v
  FROM (
    SELECT rowid + 1 AS egress_row, line,
      CASE WHEN json_valid(line) THEN json_type(line) = 'OBJECT' ELSE FALSE END AS object
    FROM egress_lines
    WHERE NOT ${blankLine('line')} AND NOT starts_with(line, '#')
  )
)`;
}

/**
 * Why a JSONL line that is not plainly a flow object is no flow to decide, in the reader's
 * words, or undefined when the reader reads it as the flow DuckDB decided (`fields`).
 */
export function jsonlRowProblem(
  text: string,
  fields: Partial<Record<FlowColumn, string>>,
): string | undefined {
  const own = parseFlowJsonLine(text);
  if (!own.ok) return own.reason;
  const sql = normalizeFlow(fields);
  if (sql.ok && JSON.stringify(sql.flow) === JSON.stringify(own.flow)) return undefined;
  return `read by DuckDB otherwise than by the flow reader (${JSON.stringify(own.flow)}); decide this file without --engine duckdb`;
}
