/**
 * The diagnostics catalog mechanism. Each area declares its messages once, as
 * `name → {code, severity, template}`, in its own file (`catalog-*.ts`); `catalog.ts`
 * joins them and a test checks that codes are unique and every code is covered by the
 * golden corpus. Code ranges (like TypeScript's): 1xxx syntax, 2xxx names and references,
 * 3xxx topology, 4xxx analysis (tests, expectations, flows), 5xxx export, 6xxx project/IO.
 *
 * Templates use `{name}` placeholders; `hint` says what to do and is appended to the message.
 */
import type { Diagnostic, Range, RelatedInformation, Severity } from '../core/diagnostic.js';

export interface DiagnosticTemplate {
  code: string;
  severity: Severity;
  template: string;
  hint?: string;
}

export function defineDiagnostics<T extends Record<string, DiagnosticTemplate>>(entries: T): T {
  return entries;
}

/**
 * A message fragment that may propose a replacement for the diagnostic's range: the message
 * shows `hint`, and the diagnostic carries `replacement` as its `fix`.
 */
export interface Suggestion {
  readonly hint: string;
  readonly replacement?: string;
}

export type DiagnosticArgs = Record<string, string | number | Suggestion>;

function argText(value: string | number | Suggestion): string {
  return typeof value === 'object' ? value.hint : String(value);
}

export function formatTemplate(template: string, args: DiagnosticArgs): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in args ? argText(args[key]!) : whole,
  );
}

export interface DiagnosticPlace {
  file?: string;
  range?: Range;
  path?: string;
  related?: RelatedInformation[];
}

export function makeDiagnostic(
  template: DiagnosticTemplate,
  args: DiagnosticArgs,
  place: DiagnosticPlace,
): Diagnostic {
  const message = formatTemplate(template.template, args);
  const d: Diagnostic = {
    severity: template.severity,
    code: template.code,
    message: template.hint ? `${message}; ${formatTemplate(template.hint, args)}` : message,
  };
  if (place.file !== undefined) d.file = place.file;
  if (place.range !== undefined) d.range = place.range;
  if (place.path !== undefined) d.path = place.path;
  if (place.related !== undefined && place.related.length > 0) d.related = place.related;
  const replacement = Object.values(args).find(
    (a): a is Required<Suggestion> => typeof a === 'object' && a.replacement !== undefined,
  )?.replacement;
  if (replacement !== undefined && place.range !== undefined)
    d.fix = { range: place.range, text: replacement };
  return d;
}

/** `file:line:col: severity CODE: message` (or `file: path: …`), the one-line form the CLI prints. */
export function formatDiagnostic(d: Diagnostic): string {
  let where = d.file ?? '';
  if (d.range) where += `${where ? ':' : ''}${d.range.start.line}:${d.range.start.column}`;
  if (d.path) where += `${where ? ': ' : ''}${d.path}`;
  return `${where ? where + ': ' : ''}${d.severity} ${d.code}: ${d.message}`;
}
