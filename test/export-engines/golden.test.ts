/**
 * Golden files for the nftables, iptables and squid exporters: the handcrafted cases of
 * support/cases.ts and every example project in policies/. Each output is deterministic to
 * the byte (exporting twice gives the same files and does not touch the input), starts with
 * the generated-file header, and lists a fidelity entry for every rule and the default.
 *
 * UPDATE_GOLDEN=1 npx vitest run test/export-engines/golden  rewrites the references.
 */
import { describe, expect, it } from 'vitest';
import { isGeneratedFile } from '../../simulator/export/header.js';
import type { ExportInput, ExportOptions, Exporter } from '../../simulator/export/types.js';
import { EXPORT_CASES } from './support/cases.js';
import { exampleNames, loadExample } from './support/examples.js';
import { expectGolden } from './support/golden.js';
import { ENGINE_GOLDEN_EXPORTERS } from './support/golden-targets.js';

const EXPORTERS = ENGINE_GOLDEN_EXPORTERS;

function checkAndCompare(
  dir: string,
  exporter: Exporter,
  input: ExportInput,
  options: ExportOptions,
): void {
  const before = JSON.stringify(input);
  const first = exporter.run(input, options);
  const second = exporter.run(JSON.parse(before) as ExportInput, options);
  expect(JSON.stringify(input), 'the exporter must not modify its input').toBe(before);
  expect(second, 'exporting twice must give identical output').toEqual(first);
  expect(first.target).toBe(exporter.target);
  for (const f of first.files) {
    expect(isGeneratedFile(f.content), `${f.path} starts with the generated-file header`).toBe(
      true,
    );
    expect(f.content.endsWith('\n'), `${f.path} ends with a newline`).toBe(true);
  }
  expect(first.fidelity.map((e) => e.rule)).toEqual([
    ...input.policy.rules.map((r) => r.id),
    'default',
  ]);
  for (const e of first.fidelity) {
    if (e.fidelity !== 'exact')
      expect(e.reason, `${e.rule} is ${e.fidelity}: say why`).toBeTruthy();
  }
  expectGolden(dir, [
    ...first.files,
    { path: 'fidelity.json', content: JSON.stringify(first.fidelity, null, 2) + '\n' },
  ]);
}

describe('golden files: handcrafted cases', () => {
  for (const c of EXPORT_CASES) {
    for (const exporter of EXPORTERS) {
      it(`${c.name} → ${exporter.target} (${c.about})`, () => {
        checkAndCompare(`cases/${c.name}/${exporter.target}`, exporter, c.input, c.options);
      });
    }
  }
});

describe('golden files: example projects in policies/', () => {
  const names = exampleNames();
  it('has example projects to export', () => {
    expect(names.length).toBeGreaterThan(0);
  });
  for (const name of names) {
    for (const exporter of EXPORTERS) {
      it(`${name} → ${exporter.target}`, () => {
        const example = loadExample(name);
        const input: ExportInput = {
          policy: example.policy,
          ...(example.topology ? { topology: example.topology } : {}),
          project: { name, policyFile: 'policy.egress' },
        };
        checkAndCompare(`${name}/${exporter.target}`, exporter, input, {});
      });
    }
  }
});

describe('golden files: example projects in audit mode', () => {
  for (const name of exampleNames()) {
    for (const exporter of EXPORTERS) {
      it(`${name} → ${exporter.target} --mode audit`, () => {
        const example = loadExample(name);
        const input: ExportInput = {
          policy: example.policy,
          ...(example.topology ? { topology: example.topology } : {}),
          project: { name, policyFile: 'policy.egress' },
        };
        checkAndCompare(`${name}/${exporter.target}-audit`, exporter, input, { mode: 'audit' });
        const first = exporter.run(input, { mode: 'audit' }).files[0]!.content;
        expect(first.split('\n')[0]).toMatch(/^# AUDIT MODE: NOTHING IS BLOCKED\./);
      });
    }
  }
});
