/**
 * Golden files: one reference output per case, reviewed in diffs. `UPDATE_GOLDEN=1` rewrites
 * them (and removes files a case no longer produces); otherwise the output must match byte
 * for byte.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const GOLDEN_ROOT = fileURLToPath(new URL('../golden', import.meta.url));

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** Compares (or, with UPDATE_GOLDEN=1, writes) every file of `dir` (relative to golden/). */
export function expectGolden(dir: string, files: { path: string; content: string }[]): void {
  const root = join(GOLDEN_ROOT, dir);
  if (process.env.UPDATE_GOLDEN) {
    rmSync(root, { recursive: true, force: true });
    for (const f of files) {
      const path = join(root, f.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.content);
    }
    return;
  }
  const expected = listFiles(root)
    .map((p) => relative(root, p))
    .sort();
  const actual = files.map((f) => f.path).sort();
  expect(actual, `golden files of ${dir} (UPDATE_GOLDEN=1 rewrites them)`).toEqual(expected);
  for (const f of files) {
    const golden = readFileSync(join(root, f.path), 'utf8');
    expect(
      f.content,
      `${dir}/${f.path} differs from its golden file (UPDATE_GOLDEN=1 rewrites it)`,
    ).toBe(golden);
  }
}
