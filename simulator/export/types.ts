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

/**
 * Option values by option name (`{ hook: 'output' }`). An exporter reads only the options it
 * declares, through `optionValue`, and gets the declared default for a missing or unknown value.
 */
export type ExportOptions = Readonly<Record<string, string | undefined>>;

/**
 * A choice an exporter offers. The CLI turns it into `--NAME <value>`, the export dialog into
 * a control; several exporters may declare the same option (nftables and iptables share
 * `hook`), with the same values.
 */
export interface ExporterOption<T extends string = string> {
  /** The CLI flag (`--hook`) and the key in `ExportOptions`: lowercase words and dashes. */
  name: string;
  /** The values, in the order the dialog shows them, each with a short label for it. */
  values: readonly { value: T; label: string }[];
  default: T;
  /** A switch: the value `--NAME` given without a value stands for (`--with-self-test`). */
  switchValue?: T;
  /** One line for `--help` and the dialog. */
  description: string;
}

export interface Exporter {
  target: string;
  /** One line for `--help` and the export dialog. */
  description: string;
  /** The options this target takes (none: `[]`). */
  options: readonly ExporterOption[];
  run(input: ExportInput, options: ExportOptions): ExportResult;
}

/** The value of a declared option: the given one when the option allows it, else its default. */
export function optionValue<T extends string>(
  options: ExportOptions,
  option: ExporterOption<T>,
): T {
  const given = options[option.name];
  return option.values.find((v) => v.value === given)?.value ?? option.default;
}
