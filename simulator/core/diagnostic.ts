/**
 * Diagnostics are data, from a catalog (as TypeScript's `diagnosticMessages.json`): every message the
 * engine reports has a stable code from `simulator/diagnostics/catalog.ts`, a severity, a
 * message and a place. The place is a text range (policy files) or a field path (topology).
 */

/** A position in a text file. `line` and `column` are 1-based; `offset` is 0-based UTF-16. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A half-open range [start, end) in a text file. */
export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

export interface RelatedInformation {
  message: string;
  file?: string;
  range?: Range;
}

export interface Diagnostic {
  severity: Severity;
  /** Stable code such as `EGS1001`; see the catalog. */
  code: string;
  message: string;
  /** The file the diagnostic is about (policy.egress, topology.yaml, a flow file…). */
  file?: string;
  /** Text range, when the diagnostic is about a place in a text file. */
  range?: Range;
  /** Field path such as `nodes[3].zone`, when the diagnostic is about a structured document. */
  path?: string;
  related?: RelatedInformation[];
  /** A replacement that resolves the diagnostic ("did you mean …"), for editors' quick fixes. */
  fix?: TextFix;
}

/** Replace `range` with `text`. */
export interface TextFix {
  range: Range;
  text: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
