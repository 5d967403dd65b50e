/**
 * The export targets the engine offers (docs/exporters.md), in the order the CLI and the export
 * dialog list them. Adding a target is one line here.
 */
import { auditExporter } from './audit.js';
import { ciliumExporter } from './cilium.js';
import { iptablesExporter } from './iptables.js';
import { istioExporter } from './istio.js';
import { kubernetesExporter } from './kubernetes.js';
import { nftablesExporter } from './nftables.js';
import { squidExporter } from './squid.js';
import { sqlExporter } from './sql.js';
import { terraformAwsExporter } from './terraform-aws.js';
import { terraformGcpExporter } from './terraform-gcp.js';
import type { Exporter, ExporterOption } from './types.js';

export const EXPORTERS: readonly Exporter[] = [
  nftablesExporter,
  iptablesExporter,
  squidExporter,
  kubernetesExporter,
  ciliumExporter,
  istioExporter,
  terraformAwsExporter,
  terraformGcpExporter,
  auditExporter,
  sqlExporter,
];

export function findExporter(target: string): Exporter | undefined {
  return EXPORTERS.find((e) => e.target === target);
}

export interface DeclaredOption {
  option: ExporterOption;
  /** The targets that take it, in registry order. */
  targets: string[];
}

/**
 * The options a list of exporters declares, once per name (nftables and iptables share
 * `hook`), in order: what the CLI makes flags of and the export dialog makes controls of.
 */
export function declaredOptions(
  exporters: readonly Pick<Exporter, 'target' | 'options'>[],
): DeclaredOption[] {
  const byName = new Map<string, DeclaredOption>();
  for (const exporter of exporters) {
    for (const option of exporter.options) {
      const known = byName.get(option.name);
      if (known) known.targets.push(exporter.target);
      else byName.set(option.name, { option, targets: [exporter.target] });
    }
  }
  return [...byName.values()];
}
