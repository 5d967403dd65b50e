/**
 * A text flow file loaded into DuckDB one row per line (`loadLines`): the lines the flow
 * reader numbers, with the same numbers, whatever the file's line endings, and a file larger
 * than DuckDB reads in parallel read whole (its parallel reader refuses such a file when told
 * how lines end), and the file named, whatever its name (`fileLiteral`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { blankLine, loadLines } from '../../simulator/node/duckdb-lines.js';

const dir = mkdtempSync(join(tmpdir(), 'egress-duckdb-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function lines(file: string): Promise<{ count: number; kept: [number, string][] }> {
  const c = await (await DuckDBInstance.create(':memory:')).connect();
  await loadLines(c, file);
  const count = Number(
    (await c.runAndReadAll('SELECT count(*) FROM egress_lines')).getRows()[0]![0],
  );
  const kept = (
    await c.runAndReadAll(
      `SELECT CAST(rowid + 1 AS INTEGER), line FROM egress_lines WHERE NOT ${blankLine('line')} ORDER BY rowid LIMIT 100`,
    )
  )
    .getRows()
    .map((r): [number, string] => [Number(r[0]), String(r[1])]);
  c.closeSync();
  return { count, kept };
}

/** What the flow reader keeps of a text: each line's number and text, blank lines left out. */
function readerLines(text: string): [number, string][] {
  const out: [number, string][] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() !== '') out.push([i + 1, line]);
  });
  return out;
}

describe('a flow file as lines in DuckDB', () => {
  it.each([
    ['LF first, then CR LF', 'a,b\nc\r\n\r\nd\n\ne \u00a0\r\n\t\n\u00a0\u3000\nf'],
    ['CR LF first, then LF', 'a,b\r\nc\n\nd\r\n\r\ne\n'],
    ['quotes and delimiters of other formats', '"a,b\n\'c\'\td e;f\n"unclosed\n|x|\n'],
  ])('%s: the reader’s lines, numbered as it numbers them', async (_, text) => {
    const file = join(dir, 'mixed.txt');
    writeFileSync(file, text);
    expect((await lines(file)).kept).toEqual(readerLines(text));
  });

  it('reads the file named, never the files its name matches as a pattern', async () => {
    // Each file holds its own name; the plain names are the ones the patterns would match.
    const names = ['a[1].csv', 'a1.csv', 'x*.csv', 'xy.csv', 'q?.csv', 'qa.csv', '[ab]', 'a', '~'];
    for (const name of names) writeFileSync(join(dir, name), `${name}\n`);
    for (const name of names) {
      expect((await lines(join(dir, name))).kept, name).toEqual([[1, name]]);
    }
    // A relative name is the file under the current folder, not under the home folder.
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      expect((await lines('~')).kept).toEqual([[1, '~']]);
      expect((await lines('a[1].csv')).kept).toEqual([[1, 'a[1].csv']]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('reads a file too large for one of DuckDB’s parallel reads whole', async () => {
    const line = '10.30.1.7,pypi.org,104.18.7.192,tcp,443,GET,/simple/torch/\n';
    const count = Math.ceil((96 * 2 ** 20) / line.length);
    const file = join(dir, 'large.csv');
    writeFileSync(file, line.repeat(count) + 'last\r\n');
    const read = await lines(file);
    expect(read.count).toBe(count + 1);
  }, 120_000);
});
