/**
 * Engine diagnostics → Monaco markers, converted once at this boundary (convert
 * at the boundary, as VS Code converts to `IMarkerData`). Both use 1-based lines and columns with an exclusive end, so the
 * conversion is direct; a zero-width range is widened to one character so it stays visible.
 * This module does not import Monaco (it is unit-tested in Node): the shapes below mirror
 * `monaco.editor.IMarkerData`, and the editor checks the severity numbers at compile time.
 */
import type { Diagnostic, Severity } from '../../simulator/index.js';

/** `monaco.MarkerSeverity` values. */
export const MARKER_SEVERITY = { Hint: 1, Info: 2, Warning: 4, Error: 8 } as const;
export type MarkerSeverityValue = (typeof MARKER_SEVERITY)[keyof typeof MARKER_SEVERITY];

export interface MarkerData {
  severity: MarkerSeverityValue;
  message: string;
  code: string;
  source: string;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

const SEVERITY: Record<Severity, MarkerSeverityValue> = {
  error: MARKER_SEVERITY.Error,
  warning: MARKER_SEVERITY.Warning,
  info: MARKER_SEVERITY.Info,
};

/** Markers for the diagnostics that have a text range; others belong in the problems list. */
export function diagnosticsToMarkers(diagnostics: readonly Diagnostic[]): MarkerData[] {
  const markers: MarkerData[] = [];
  for (const d of diagnostics) {
    if (!d.range) continue;
    const { start, end } = d.range;
    const empty = end.line < start.line || (end.line === start.line && end.column <= start.column);
    markers.push({
      severity: SEVERITY[d.severity],
      message: d.message,
      code: d.code,
      source: 'egress',
      startLineNumber: start.line,
      startColumn: start.column,
      endLineNumber: empty ? start.line : end.line,
      endColumn: empty ? start.column + 1 : end.column,
    });
  }
  return markers;
}
