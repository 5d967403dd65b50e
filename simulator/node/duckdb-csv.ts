/**
 * A CSV flow file (`src,host,ip,proto,port,method,path` in any order) as the `flows` view of
 * `egress simulate --engine duckdb`, read line by line as the in-process reader reads it
 * (flow-record.ts): `#` comment lines and blank lines passed over, the first other line the
 * header, each row's cells cut at commas with RFC 4180 quotes and trimmed, an empty cell no
 * value. A row whose quote is not closed or whose cells are not one per column is no flow:
 * its line comes back (`egress_text`, `asText`) for the reader's own words.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { type FlowColumn, parseFlowCsvHeader, parseFlowCsvRow } from '../flows/flow-record.js';
import { FLOW_COLUMNS } from '../export/sql/sql-script.js';
import { asText, blankLine, firstLine, hasSpace, jsTrim } from './duckdb-lines.js';

/** A cell, after the comma before it: quoted (a closing quote, then text without one), or not. */
const CELL = `"(?:[^"]|"")*"(?:[^,"][^,]*)?|[^,"][^,]*|`;
/** A line of such cells: one that does not match holds a quote that is not closed. */
const CELLS = `(?:${CELL})(?:,(?:${CELL}))*`;

/** A cell's value: a quoted one without its quotes, doubled quotes made single, then its tail. */
function unquoted(cell: string): string {
  return `CASE WHEN starts_with(${cell}, '"') THEN replace(regexp_extract(${cell}, '^"((?:[^"]|"")*)"', 1), '""', '"') || regexp_extract(${cell}, '^"(?:[^"]|"")*"(.*)$', 1) ELSE ${cell} END`;
}

/** A CSV flow file's header: its line and columns. */
export interface CsvHeader {
  line: number;
  columns: FlowColumn[];
}

/**
 * The header of the CSV file in `egress_lines`; a bad header is the reader's refusal of the
 * whole file, `FILE:LINE: why`.
 */
export async function csvHeader(c: DuckDBConnection, file: string): Promise<CsvHeader> {
  const first = await firstLine(c, `NOT starts_with(line, '#')`);
  // Only blank and comment lines: no row to read.
  if (first === undefined) return { line: 0, columns: [] };
  const header = parseFlowCsvHeader(first.text);
  if (!header.ok) throw new CsvHeaderError(`${file}:${first.line}: ${header.reason}`);
  return { line: first.line, columns: header.columns };
}

/** A CSV flow file whose header the reader refuses. */
export class CsvHeaderError extends Error {}

/** The `flows` view over the rows after the header. */
export function csvFlowsView(header: CsvHeader): string {
  const count = header.columns.length;
  const cell = (column: string) => {
    const at = header.columns.indexOf(column as FlowColumn);
    return at < 0
      ? 'CAST(NULL AS VARCHAR)'
      : `CASE WHEN len(cells) = ${count} THEN NULLIF(CASE WHEN spaced THEN ${jsTrim(`cells[${at + 1}]`)} ELSE cells[${at + 1}] END, '') END`;
  };
  return `CREATE VIEW flows AS
WITH cut AS (
  SELECT rowid + 1 AS egress_row, line,
    CASE
      WHEN NOT contains(line, '"') THEN string_split(line, ',')
      WHEN regexp_full_match(line, '${CELLS}') THEN
        list_transform(regexp_extract_all(',' || line, ',(${CELL})', 1), c -> ${unquoted('c')})
    END AS cells,
    ${hasSpace('line')} AS spaced
  FROM egress_lines
  WHERE rowid + 1 > ${header.line} AND NOT ${blankLine('line')} AND NOT starts_with(line, '#')
)
SELECT egress_row, ${FLOW_COLUMNS.map((c) => `${cell(c)} AS ${c}`).join(', ')},
  CASE WHEN cells IS NULL OR len(cells) <> ${count} THEN ${asText('line')} END AS egress_text
FROM cut`;
}

/** Why the reader refuses a row the view gave back (`egress_text`). */
export function csvRowProblem(text: string, header: CsvHeader): string {
  const parsed = parseFlowCsvRow(text, header.columns);
  return parsed.ok ? 'not read as the flow reader reads it' : parsed.reason;
}
