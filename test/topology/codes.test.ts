/**
 * Every diagnostic code of the topology and project catalogs is exercised: it appears in a
 * golden baseline or in a unit test of test/topology or test/node. A new code without a
 * test fails here. Codes are also unique within and across the two catalogs and in range.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_DIAGNOSTICS } from '../../simulator/diagnostics/catalog-project.js';
import { TOPOLOGY_DIAGNOSTICS } from '../../simulator/diagnostics/catalog-topology.js';

const testRoot = join(import.meta.dirname, '..');

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && keep(e.name))
    .map((e) => join(e.parentPath, e.name));
}

function codesIn(files: string[]): Set<string> {
  const seen = new Set<string>();
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bEGS\d{4}\b/g)) seen.add(m[0]);
  }
  return seen;
}

describe('diagnostic catalogs of topology and project', () => {
  const topologyCodes = Object.values(TOPOLOGY_DIAGNOSTICS).map((d) => d.code);
  const projectCodes = Object.values(PROJECT_DIAGNOSTICS).map((d) => d.code);

  it('use unique codes in their ranges', () => {
    const all = [...topologyCodes, ...projectCodes];
    expect(new Set(all).size).toBe(all.length);
    for (const code of topologyCodes) expect(code).toMatch(/^EGS3\d{3}$/);
    for (const code of projectCodes) expect(code).toMatch(/^EGS6\d{3}$/);
  });

  it('are all covered by a golden baseline or a unit test', () => {
    const baselines = filesUnder(join(testRoot, 'topology', 'golden'), (n) =>
      n.endsWith('.errors.txt'),
    );
    const unitTests = [
      ...filesUnder(join(testRoot, 'topology'), (n) => n.endsWith('.test.ts')),
      ...filesUnder(join(testRoot, 'node'), (n) => n.endsWith('.test.ts')),
    ].filter((f) => !f.endsWith('codes.test.ts'));
    const seen = codesIn([...baselines, ...unitTests]);
    const missing = [...topologyCodes, ...projectCodes].filter((code) => !seen.has(code));
    expect(missing).toEqual([]);
  });
});
