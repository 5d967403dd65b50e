/**
 * The four SQL dialects the `sql` target writes, as a thin layer of function names and
 * literal syntax. The classification script is written once (sql-script.ts) against this
 * interface; everything that differs between DuckDB, Trino (Athena), Spark SQL and
 * BigQuery is here, so that the script's logic is tested once (on DuckDB) and the
 * dialects only have to agree on these few words (test/export-sql checks each against a
 * real parser of its dialect, and runs the Trino and Spark scripts on DuckDB with macros
 * that give DuckDB those dialects' function names).
 *
 * The scripts avoid backslashes in string literals (BigQuery and Spark read them as
 * escapes): regular expressions say `[.]`, never `\.`.
 */

export type SqlDialectName = 'duckdb' | 'trino' | 'spark' | 'bigquery';

export type SqlType = 'text' | 'int' | 'bool';

export interface SqlColumn {
  name: string;
  type: SqlType;
}

/** A cell of an inline table: text, a whole number, a boolean, or NULL. */
export type SqlValue = string | number | boolean | null;

export interface SqlDialect {
  readonly name: SqlDialectName;
  /** How the dialect is named for people (`Trino (Amazon Athena)`). */
  readonly title: string;
  type(t: SqlType): string;
  /** True when the whole of `text` matches `pattern` (the pattern carries `^…$`). */
  matches(text: string, pattern: string): string;
  /** The first capture group of `pattern` in `text`: '' or NULL when it does not match. */
  extract(text: string, pattern: string): string;
  /** A whole number 0–255 as two lower-case hex digits. */
  hexByte(value: string): string;
  /** Text to a whole number, NULL when it is not one. */
  toInt(text: string): string;
  /** The statement that makes a view (Spark's is a session view). */
  createView(name: string): string;
  /** The statement that makes a table from a query. */
  createTable(name: string): string;
  /** Rows as a query: `SELECT … FROM (VALUES …)` or BigQuery's `UNNEST([STRUCT…])`. */
  rows(columns: readonly SqlColumn[], rows: readonly (readonly SqlValue[])[]): string;
}

function literal(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return String(value);
  return `'${value.replace(/'/g, "''")}'`;
}

/** `(VALUES …) AS v(c1, …)` with typed columns: DuckDB, Trino and Spark read it alike. */
function valuesRows(
  dialect: Pick<SqlDialect, 'type'>,
  columns: readonly SqlColumn[],
  rows: readonly (readonly SqlValue[])[],
): string {
  const names = columns.map((c, i) => `c${i}`);
  const select = columns
    .map((c, i) => `CAST(${names[i]} AS ${dialect.type(c.type)}) AS ${c.name}`)
    .join(', ');
  if (rows.length === 0) {
    const nulls = columns.map(() => 'NULL').join(', ');
    return `SELECT ${select} FROM (VALUES (${nulls})) AS v(${names.join(', ')}) WHERE 1 = 0`;
  }
  const body = rows.map((r) => `    (${r.map(literal).join(', ')})`).join(',\n');
  return `SELECT ${select} FROM (VALUES\n${body}\n  ) AS v(${names.join(', ')})`;
}

export const DUCKDB: SqlDialect = {
  name: 'duckdb',
  title: 'DuckDB',
  type: (t) => ({ text: 'VARCHAR', int: 'BIGINT', bool: 'BOOLEAN' })[t],
  matches: (text, pattern) => `regexp_matches(${text}, ${literal(pattern)})`,
  extract: (text, pattern) => `regexp_extract(${text}, ${literal(pattern)}, 1)`,
  hexByte: (value) => `lpad(lower(hex(${value})), 2, '0')`,
  toInt: (text) => `TRY_CAST(${text} AS BIGINT)`,
  createView: (name) => `CREATE OR REPLACE VIEW ${name} AS`,
  createTable: (name) => `CREATE OR REPLACE TABLE ${name} AS`,
  rows(columns, rows) {
    return valuesRows(this, columns, rows);
  },
};

const TRINO: SqlDialect = {
  name: 'trino',
  title: 'Trino (Amazon Athena)',
  type: (t) => ({ text: 'VARCHAR', int: 'BIGINT', bool: 'BOOLEAN' })[t],
  matches: (text, pattern) => `regexp_like(${text}, ${literal(pattern)})`,
  extract: (text, pattern) => `regexp_extract(${text}, ${literal(pattern)}, 1)`,
  hexByte: (value) => `lpad(to_base(${value}, 16), 2, '0')`,
  toInt: (text) => `TRY_CAST(${text} AS BIGINT)`,
  createView: (name) => `CREATE OR REPLACE VIEW ${name} AS`,
  createTable: (name) => `CREATE TABLE ${name} AS`,
  rows(columns, rows) {
    return valuesRows(this, columns, rows);
  },
};

const SPARK: SqlDialect = {
  name: 'spark',
  title: 'Spark SQL',
  type: (t) => ({ text: 'STRING', int: 'BIGINT', bool: 'BOOLEAN' })[t],
  matches: (text, pattern) => `rlike(${text}, ${literal(pattern)})`,
  extract: (text, pattern) => `regexp_extract(${text}, ${literal(pattern)}, 1)`,
  hexByte: (value) => `lpad(lower(hex(${value})), 2, '0')`,
  toInt: (text) => `try_cast(${text} AS BIGINT)`,
  createView: (name) => `CREATE OR REPLACE TEMPORARY VIEW ${name} AS`,
  createTable: (name) => `CREATE OR REPLACE TABLE ${name} AS`,
  rows(columns, rows) {
    return valuesRows(this, columns, rows);
  },
};

const BIGQUERY: SqlDialect = {
  name: 'bigquery',
  title: 'BigQuery',
  type: (t) => ({ text: 'STRING', int: 'INT64', bool: 'BOOL' })[t],
  matches: (text, pattern) => `REGEXP_CONTAINS(${text}, ${literal(pattern)})`,
  extract: (text, pattern) => `REGEXP_EXTRACT(${text}, ${literal(pattern)})`,
  hexByte: (value) => `lpad(FORMAT('%x', ${value}), 2, '0')`,
  toInt: (text) => `SAFE_CAST(${text} AS INT64)`,
  createView: (name) => `CREATE OR REPLACE VIEW ${name} AS`,
  createTable: (name) => `CREATE OR REPLACE TABLE ${name} AS`,
  rows(columns, rows) {
    const struct = `STRUCT<${columns.map((c) => `${c.name} ${this.type(c.type)}`).join(', ')}>`;
    if (rows.length === 0) {
      const nulls = columns.map(() => 'NULL').join(', ');
      return `SELECT * FROM UNNEST(ARRAY<${struct}>[(${nulls})]) WHERE FALSE`;
    }
    const body = rows.map((r) => `    (${r.map(literal).join(', ')})`).join(',\n');
    return `SELECT * FROM UNNEST(ARRAY<${struct}>[\n${body}\n  ])`;
  },
};

export const SQL_DIALECTS: readonly SqlDialect[] = [DUCKDB, TRINO, SPARK, BIGQUERY];

export function sqlLiteral(value: SqlValue): string {
  return literal(value);
}
