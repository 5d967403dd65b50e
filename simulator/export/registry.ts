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
import type { Exporter } from './types.js';

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
