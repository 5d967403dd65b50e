/**
 * Every registered export target has golden files: the two golden tests loop over the
 * registry (support/golden-targets.ts), and a target without references fails them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXPORTERS } from '../../simulator/export/registry.js';
import { exampleNames } from './support/examples.js';
import { expectGolden } from './support/golden.js';
import { CLOUD_GOLDEN_EXPORTERS, ENGINE_GOLDEN_EXPORTERS } from './support/golden-targets.js';

const ENGINE_GOLDEN = fileURLToPath(new URL('./golden', import.meta.url));
const CLOUD_GOLDEN = fileURLToPath(new URL('../export-cloud/golden', import.meta.url));

describe('golden files follow the exporter registry', () => {
  it('puts every registered target in exactly one golden tree', () => {
    const targets = [...ENGINE_GOLDEN_EXPORTERS, ...CLOUD_GOLDEN_EXPORTERS].map((e) => e.target);
    expect([...targets].sort()).toEqual(EXPORTERS.map((e) => e.target).sort());
  });

  it('has golden files of every registered target for every example project', () => {
    const missing: string[] = [];
    for (const name of exampleNames()) {
      for (const e of ENGINE_GOLDEN_EXPORTERS) {
        if (!existsSync(join(ENGINE_GOLDEN, name, e.target))) missing.push(`${name}/${e.target}`);
      }
      for (const e of CLOUD_GOLDEN_EXPORTERS) {
        if (!existsSync(join(CLOUD_GOLDEN, name, e.target))) missing.push(`${name}/${e.target}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('fails a target whose output has no golden files', () => {
    if (process.env.UPDATE_GOLDEN) return;
    expect(() =>
      expectGolden('no-such-example/new-target', [{ path: 'out.conf', content: 'x\n' }]),
    ).toThrow(/golden files of no-such-example\/new-target/);
  });
});
