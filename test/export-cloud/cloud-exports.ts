/**
 * The cloud targets and the inputs their tests export: the example projects in policies/
 * (loaded as the CLI loads them) and seeded random projects (random-model.ts).
 */
import { auditExporter } from '../../simulator/export/audit.js';
import { ciliumExporter } from '../../simulator/export/cilium.js';
import { istioExporter } from '../../simulator/export/istio.js';
import { kubernetesExporter } from '../../simulator/export/kubernetes.js';
import { sqlExporter } from '../../simulator/export/sql.js';
import { terraformAwsExporter } from '../../simulator/export/terraform-aws.js';
import { terraformGcpExporter } from '../../simulator/export/terraform-gcp.js';
import type { ExportInput, Exporter } from '../../simulator/export/types.js';
import { exampleNames, loadExample } from '../export-engines/support/examples.js';
import { input } from './builders.js';
import { Rng, randomPolicy, randomTopology } from './random-model.js';

export const CLOUD_EXPORTERS: readonly Exporter[] = [
  kubernetesExporter,
  ciliumExporter,
  istioExporter,
  terraformAwsExporter,
  terraformGcpExporter,
  auditExporter,
  sqlExporter,
];

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
