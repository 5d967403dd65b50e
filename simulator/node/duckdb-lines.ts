/**
 * A text flow file in DuckDB as the in-process reader sees it: one row per line, numbered as
 * the reader numbers lines, so that a bad line is reported where it is and never changes how
 * the other lines are read (DuckDB's own CSV reader guesses a file's dialect and columns from
 * a sample, and one odd line can make it read every other line wrongly, or stop).
 *
 * `egress_lines(line)`: the line without its line break (NULL for an empty line), in file
 * order, so `rowid + 1` is its line number. DuckDB also ends a line at a carriage return that
 * no line feed follows, which the reader keeps inside the line; flow files and logs have none.
 */
import { resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { startsWithGzip } from './file-magic.js';

/** What JavaScript's `trim()` removes: a line of only these is blank to the reader. */
const JS_SPACE = [
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  ' ',
  '\u00a0',
  '\u1680',
  ...Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)),
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
].join('');

/** A SQL string literal. */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The literal of a file path that DuckDB's readers open as that one file. They take a path
 * for a pattern: `*`, `?` and `[…]` match other files (`a[1].csv` reads `a1.csv`), `~` is the
 * home folder, and `https://`, `s3://` and the like are fetched. The path is made absolute
 * (no scheme or `~` begins it) and each pattern character is written as a class holding only
 * itself (`[*]`, `[?]`, `[[]`).
 */
export function fileLiteral(file: string): string {
  return literal(resolve(file).replace(/[*?[]/g, (c) => `[${c}]`));
}

/** The same characters as a class of DuckDB's regular expressions (RE2). */
const JS_SPACE_CLASS = `[${[...JS_SPACE]
  .map((ch) => `\\x{${ch.charCodeAt(0).toString(16).toUpperCase()}}`)
  .join('')}]`;

/**
 * `text` without what JavaScript's `trim()` removes at either end. DuckDB's `trim` with a set
 * of characters is slow: ask only where `hasSpace` says there may be something to remove.
 */
export function jsTrim(text: string): string {
  return `trim(${text}, ${literal(JS_SPACE)})`;
}

/** Whether `text` holds any character that JavaScript's `trim()` removes. */
export function hasSpace(text: string): string {
  return `regexp_matches(${text}, '${JS_SPACE_CLASS}')`;
}

/**
 * A line the reader passes over without a word: empty or only white space (a line starting
 * with a visible ASCII character, nearly every line, is not asked further).
 */
export function blankLine(line: string): string {
  return `CASE WHEN ${line} IS NULL THEN TRUE WHEN ord(${line}) BETWEEN 33 AND 126 THEN FALSE ELSE ${jsTrim(line)} = '' END`;
}

/**
 * Loads `file` as `egress_lines`, gunzipped when it starts with the gzip magic bytes, as the
 * flow reader tells it (DuckDB goes by the name: a `.gz` file that is not one would fail, a
 * gzip file named otherwise be read as text). The delimiter is four control bytes that no
 * text line holds, so that every line is one value; told that lines end in CR LF, DuckDB
 * also ends them at a bare LF, one line each, in a file that mixes the two (otherwise a CR LF
 * after LF lines counts as two line breaks). Its parallel reader cannot read a file so
 * described; reading on one thread costs about 0.05 s per million lines.
 */
export async function loadLines(c: DuckDBConnection, file: string): Promise<void> {
  const compression = (await startsWithGzip(file)) ? 'gzip' : 'none';
  await c.run(
    `CREATE TABLE egress_lines AS SELECT line FROM read_csv(${fileLiteral(file)}, columns = {'line': 'VARCHAR'}, header = false, auto_detect = false, strict_mode = false, quote = '', escape = '', new_line = '\\r\\n', parallel = false, compression = '${compression}', delim = E'\\x01\\x02\\x03\\x04')`,
  );
}

/**
 * A line to read in JavaScript, after a `>`: DuckDB's client drops a byte order mark at the
 * start of a text, which the reader keeps in a line other than the first (`fromText`).
 */
export function asText(line: string): string {
  return `'>' || ${line}`;
}

/** The line `asText` gave. */
export function fromText(value: unknown): string {
  return String(value).slice(1);
}

/** The first line, from `after` on, that holds something and that `keep` (SQL) accepts. */
export async function firstLine(
  c: DuckDBConnection,
  keep: string,
  after = 0,
): Promise<{ line: number; text: string } | undefined> {
  const found = await c.runAndReadAll(
    `SELECT CAST(rowid + 1 AS INTEGER), ${asText('line')} FROM egress_lines WHERE rowid + 1 > ${after} AND NOT ${blankLine('line')} AND (${keep}) ORDER BY rowid LIMIT 1`,
  );
  const row = found.getRows()[0];
  return row === undefined ? undefined : { line: Number(row[0]), text: fromText(row[1]) };
}
