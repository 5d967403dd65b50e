/**
 * docs/language.md lists every diagnostic of every catalog, as the catalogs say it: the table
 * is generated (`npx tsx scripts/diagnostic-tables.ts`), and this test fails when a catalog
 * changed and the table was not regenerated.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC, catalogEntries, renderTables, withTables } from '../../scripts/diagnostic-tables.js';

describe('docs/language.md diagnostics table', () => {
  it('is the table the catalogs generate (run npx tsx scripts/diagnostic-tables.ts)', async () => {
    const doc = readFileSync(DOC, 'utf8');
    expect(withTables(doc, renderTables(await catalogEntries()))).toBe(doc);
  });

  it('reads every catalog: language, topology and project codes, each once', async () => {
    const codes = (await catalogEntries()).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const prefix of ['EGS1', 'EGS2', 'EGS3', 'EGS6']) {
      expect(codes.some((c) => c.startsWith(prefix))).toBe(true);
    }
  });
});
