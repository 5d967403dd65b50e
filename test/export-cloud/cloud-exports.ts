/**
 * The cloud targets and the inputs their tests export: the example projects in policies/
 * (loaded as the CLI loads them) and seeded random projects (random-model.ts).
 */
import type { ExportInput, Exporter } from '../../simulator/export/types.js';
import { exampleNames, loadExample } from '../export-engines/support/examples.js';
import { CLOUD_GOLDEN_EXPORTERS } from '../export-engines/support/golden-targets.js';
import { input } from './builders.js';
import { Rng, randomPolicy, randomTopology } from './random-model.js';

/** Every registered target whose golden files live under test/export-cloud/golden. */
export const CLOUD_EXPORTERS: readonly Exporter[] = CLOUD_GOLDEN_EXPORTERS;

export { exampleNames };

export function exampleInput(name: string): ExportInput {
  const example = loadExample(name);
  return {
    policy: example.policy,
    ...(example.topology ? { topology: example.topology } : {}),
    project: { name, policyFile: 'policy.egress' },
  };
}

/** A seeded random project; `names` adds domain and wildcard destinations. */
export function randomInput(seed: number, names = true): ExportInput {
  const rng = new Rng(seed);
  const t = randomTopology(rng);
  return input(randomPolicy(rng, t, { names, http: true }), t);
}

/** The one file a single-file target writes. */
export function onlyFile(exporter: Exporter, input: ExportInput): string {
  const files = exporter.run(input, {}).files;
  if (files.length !== 1) throw new Error(`${exporter.target} wrote ${files.length} files`);
  return files[0]!.content;
}
