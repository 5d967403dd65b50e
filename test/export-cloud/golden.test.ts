/**
 * Golden files of the cloud targets for every example project in policies/:
 * golden/<example>/<target>/<file>, plus fidelity.txt (the fidelity list as the CLI reads
 * it). Each export is deterministic to the byte, leaves its input untouched, starts every
 * file with the generated-file header and lists a fidelity entry for every rule and the
 * default, with a reason for anything not exact.
 *
 * UPDATE_GOLDEN=1 npx vitest run test/export-cloud/golden  rewrites the references.
 */
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isGeneratedFile } from '../../simulator/export/header.js';
import type { ExportFile, ExportInput, FidelityEntry } from '../../simulator/export/types.js';
import { GOLDEN_ROOT, expectGolden } from '../export-engines/support/golden.js';
import { CLOUD_EXPORTERS, exampleInput, exampleNames } from './cloud-exports.js';

const CLOUD_GOLDEN = fileURLToPath(new URL('./golden', import.meta.url));

/** The shared golden mechanism, rooted at this folder's golden/. */
function expectCloudGolden(dir: string, files: ExportFile[]): void {
  expectGolden(relative(GOLDEN_ROOT, join(CLOUD_GOLDEN, dir)), files);
}

function fidelityText(entries: readonly FidelityEntry[]): string {
  return entries
    .map((e) => `${e.fidelity.padEnd(11)} ${e.rule}${e.reason ? `: ${e.reason}` : ''}\n`)
    .join('');
}

describe('golden files: example projects × cloud targets', () => {
  const names = exampleNames();
  it('has the three example projects', () => {
    expect(names).toEqual(['llm-gateway', 'ml-training', 'rag-app']);
  });
  for (const name of names) {
    for (const exporter of CLOUD_EXPORTERS) {
      it(`${name} → ${exporter.target}`, () => {
        const input = exampleInput(name);
        const before = JSON.stringify(input);
        const first = exporter.run(input, {});
        const second = exporter.run(JSON.parse(before) as ExportInput, {});
        expect(JSON.stringify(input), 'the exporter must not modify its input').toBe(before);
        expect(second, 'exporting twice must give identical output').toEqual(first);
        expect(first.target).toBe(exporter.target);
        expect(first.files.length).toBeGreaterThan(0);
        for (const f of first.files) {
          expect(isGeneratedFile(f.content), `${f.path} starts with the header`).toBe(true);
          expect(f.content).toContain(`Project: ${name}; policy: policy.egress`);
          expect(f.content).toMatch(/Content hash: sha256:[0-9a-f]{64}/);
          expect(f.content.endsWith('\n'), `${f.path} ends with a newline`).toBe(true);
          expect(f.content, `${f.path}: LF line endings`).not.toContain('\r');
        }
        expect(first.fidelity.map((e) => e.rule)).toEqual([
          ...input.policy.rules.map((r) => r.id),
          'default',
        ]);
        for (const e of first.fidelity) {
          if (e.fidelity !== 'exact') expect(e.reason, `${e.rule}: say why`).toBeTruthy();
        }
        expectCloudGolden(`${name}/${exporter.target}`, [
          ...first.files,
          { path: 'fidelity.txt', content: fidelityText(first.fidelity) },
        ]);
      });
    }
  }
});
