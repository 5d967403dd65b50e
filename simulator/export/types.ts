/**
 * The exporter contract (docs/exporters.md): every exporter is a pure function
 * `(input, options) → {files, fidelity}`, deterministic to the byte.
 */
import type { PolicyModel, Topology } from '../core/model.js';

export type Fidelity = 'exact' | 'widened' | 'narrowed' | 'delegated' | 'unsupported';

export interface FidelityEntry {
  /** A rule id, or `default` for the default decision. */
  rule: string;
  fidelity: Fidelity;
  /** Why the rule is not exact (always present unless `exact`); for `unsupported`, what to use instead. */
  reason?: string;
}

export interface ExportFile {
  /** Relative path inside the target's output folder, forward slashes. */
  path: string;
  content: string;
}

export interface ExportResult {
  target: string;
  files: ExportFile[];
  fidelity: FidelityEntry[];
}

export interface ExportInput {
  policy: PolicyModel;
  topology?: Topology;
  /** Project name (topology name, else policy name) and the policy file name, for headers. */
  project: { name: string; policyFile: string };
}

export interface ExportOptions {
  /** nftables: `forward` (egress gateway, default) or `output` (host firewall). */
  hook?: 'forward' | 'output';
}

export interface Exporter {
  target: string;
  /** One line for `--help` and the export dialog. */
  description: string;
  /** File names this target writes, for the dialog and `--force` checks. */
  run(input: ExportInput, options: ExportOptions): ExportResult;
}
