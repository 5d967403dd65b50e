/**
 * Test folders mirror source folders (docs/architecture.md "Tests"): the tests of
 * `simulator/X/Y` live in `test/X/Y`, those of `renderer/Y` in `test/renderer/Y`, those of
 * `main/Y` in `test/main/Y`. A few folders are suites across the layers instead, named here.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');

/** Suites, not mirrors: each proves something across the layers. */
const SUITES = ['e2e', 'fuzz', 'docs', 'export-engines', 'export-cloud', 'export-sql'];

function testFolders(): string[] {
  const folders = new Set<string>();
  for (const entry of readdirSync(join(repo, 'test'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && /\.(test|spec)\.ts$/.test(entry.name)) {
      folders.add(relative(join(repo, 'test'), entry.parentPath));
    }
  }
  return [...folders].sort();
}

/** The source folder a test folder mirrors. */
function mirrored(folder: string): string {
  if (folder === 'renderer' || folder.startsWith('renderer/')) return folder;
  if (folder === 'main' || folder.startsWith('main/')) return folder;
  return join('simulator', folder);
}

describe('test folders', () => {
  it('each mirror a source folder, or are a named suite', () => {
    const astray = testFolders().filter(
      (folder) =>
        !SUITES.includes(folder.split('/')[0]!) && !existsSync(join(repo, mirrored(folder))),
    );
    expect(astray).toEqual([]);
  });

  it('holds no test file at its top', () => {
    expect(testFolders()).not.toContain('');
  });
});
