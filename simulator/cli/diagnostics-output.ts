/** Prints diagnostics as text (with the offending source line and a caret) or as JSON. */
import type { Diagnostic } from '../core/diagnostic.js';
import { formatDiagnostic } from '../diagnostics/define.js';
import { painter, plural } from './terminal.js';

export interface DiagnosticSummary {
  errors: number;
  warnings: number;
  infos: number;
}

export function summarize(diagnostics: readonly Diagnostic[]): DiagnosticSummary {
  const s = { errors: 0, warnings: 0, infos: 0 };
  for (const d of diagnostics) {
    if (d.severity === 'error') s.errors++;
    else if (d.severity === 'warning') s.warnings++;
    else s.infos++;
  }
  return s;
}

export function summaryText(s: DiagnosticSummary): string {
  return `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`;
}

/**
 * One diagnostic as text: the one-line form, then (when the source text is known) the line
 * with a caret under the range, as compilers do.
 */
export function renderDiagnostic(d: Diagnostic, sources: ReadonlyMap<string, string>): string {
  const p = painter();
  const colour = d.severity === 'error' ? p.red : d.severity === 'warning' ? p.yellow : p.cyan;
  const line = formatDiagnostic(d).replace(
    `${d.severity} ${d.code}`,
    colour(`${d.severity} ${d.code}`),
  );
  const text = d.file !== undefined ? sources.get(d.file) : undefined;
  if (!d.range || text === undefined) return line;
  const lineNo = d.range.start.line;
  const sourceLine = lineAt(text, lineNo);
  if (sourceLine === undefined || sourceLine.length > 400) return line;
  const gutter = String(lineNo).length;
  const startCol = d.range.start.column;
  const endCol =
    d.range.end.line === lineNo
      ? Math.max(d.range.end.column, startCol + 1)
      : sourceLine.length + 1;
  const caret = ' '.repeat(Math.max(0, startCol - 1)) + '^'.repeat(Math.max(1, endCol - startCol));
  return [
    line,
    p.dim(`  ${String(lineNo)} | `) + sourceLine.replace(/\t/g, ' '),
    p.dim(`  ${' '.repeat(gutter)} | `) + colour(caret),
  ].join('\n');
}

function lineAt(text: string, line: number): string | undefined {
  let start = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return undefined;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
}
