/**
 * A JSONL flow file as the `flows` view of `egress simulate --engine duckdb`, read line by
 * line as the in-process reader reads it (jsonl.ts): blank and `#` comment lines passed over,
 * each other line one object. DuckDB takes the fields of every line that is a JSON object
 * (`json_extract_string`), so that a line that is not JSON never stops the file; each line
 * also comes back (`egress_text`) and the reader's own parser says what it holds
 * (`jsonlRowProblem`): a line it refuses is refused in its words, and a flow DuckDB would read
 * otherwise than the reader (a JSON number it writes differently, say) is refused rather
 * than decided as another flow.
 */
import { FLOW_COLUMNS } from '../export/sql/sql-script.js';
import { type FlowColumn, normalizeFlow, parseFlowJsonLine } from '../flows/flow-record.js';
import { blankLine } from './duckdb-lines.js';

/**
 * The port as the reader writes a JSON number (`String(value)`): a whole number without a
 * fraction, whatever its spelling (`443.0`, `4.43e2`); any other value as DuckDB writes it.
 */
const portText = `CASE WHEN json_type(line, '$.port') = 'DOUBLE'
    AND CAST(json_extract(line, '$.port') AS DOUBLE) BETWEEN -1e15 AND 1e15
    AND CAST(json_extract(line, '$.port') AS DOUBLE) = trunc(CAST(json_extract(line, '$.port') AS DOUBLE))
  THEN CAST(CAST(CAST(json_extract(line, '$.port') AS DOUBLE) AS BIGINT) AS VARCHAR)
  ELSE json_extract_string(line, '$.port') END`;

/** The `flows` view over the JSONL file in `egress_lines`. */
export function jsonlFlowsView(): string {
  const field = (c: string) =>
    c === 'port'
      ? `CASE WHEN object THEN ${portText} END AS port`
      : `CASE WHEN object THEN json_extract_string(line, '$.${c}') END AS ${c}`;
  return `CREATE VIEW flows AS
SELECT egress_row, ${FLOW_COLUMNS.map(field).join(', ')}, line AS egress_text
FROM (
  SELECT rowid + 1 AS egress_row, line,
    CASE WHEN json_valid(line) THEN json_type(line) = 'OBJECT' ELSE FALSE END AS object
  FROM egress_lines
  WHERE NOT ${blankLine('line')} AND NOT starts_with(line, '#')
)`;
}

/**
 * Why a JSONL line is no flow to decide, in the reader's words, or undefined when the reader
 * reads it as the flow DuckDB decided (`fields`).
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
