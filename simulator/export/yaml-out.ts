/**
 * A small, deterministic YAML writer for exported manifests: block style, keys in the
 * order given, two-space indentation, comments attached to entries. Strings are written
 * plain only when no YAML 1.1 or 1.2 reader could take them for anything but a string
 * (so `"443"`, `"on"`, `"*.example.com"` and `"fd00::1"` are quoted); everything else is
 * double-quoted with JSON escapes, which YAML reads the same way.
 */

export type YamlScalar = string | number | boolean | null;
export type YamlValue = YamlScalar | YamlValue[] | YamlObject | Commented;
export interface YamlObject {
  [key: string]: YamlValue | undefined;
}

/** A value with comment lines written above it (as an entry of a map or sequence). */
export class Commented {
  constructor(
    readonly comment: readonly string[],
    readonly value: YamlValue,
  ) {}
}

export function commented(comment: readonly string[], value: YamlValue): YamlValue {
  return comment.length === 0 ? value : new Commented(comment, value);
}

const PLAIN = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;
const NUMBER_LIKE =
  /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|\.inf|\.nan)$/i;
const RESERVED = /^(?:y|n|yes|no|on|off|true|false|null|~)$/i;

export function yamlScalar(value: YamlScalar): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (PLAIN.test(value) && !NUMBER_LIKE.test(value) && !RESERVED.test(value)) return value;
  return JSON.stringify(value);
}

function isBlock(value: YamlValue): boolean {
  const v = value instanceof Commented ? value.value : value;
  if (Array.isArray(v)) return v.length > 0;
  return typeof v === 'object' && v !== null && Object.values(v).some((x) => x !== undefined);
}

function inline(value: YamlValue): string {
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object' && value !== null && !(value instanceof Commented)) return '{}';
  return yamlScalar(value as YamlScalar);
}

function commentLines(comment: readonly string[], pad: string): string[] {
  return comment.flatMap((c) => c.split('\n')).map((c) => (c === '' ? `${pad}#` : `${pad}# ${c}`));
}

function renderBlock(value: YamlValue, indent: number): string[] {
  return Array.isArray(value) ? renderSeq(value, indent) : renderMap(value as YamlObject, indent);
}

function renderMap(obj: YamlObject, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [key, raw] of Object.entries(obj)) {
    if (raw === undefined) continue;
    let value = raw;
    if (value instanceof Commented) {
      lines.push(...commentLines(value.comment, pad));
      value = value.value;
    }
    const k = yamlScalar(key);
    if (isBlock(value)) {
      lines.push(`${pad}${k}:`, ...renderBlock(value, indent + 2));
    } else {
      lines.push(`${pad}${k}: ${inline(value)}`);
    }
  }
  return lines;
}

function renderSeq(items: YamlValue[], indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const raw of items) {
    let value = raw;
    if (value instanceof Commented) {
      lines.push(...commentLines(value.comment, pad));
      value = value.value;
    }
    if (!isBlock(value)) {
      lines.push(`${pad}- ${inline(value)}`);
      continue;
    }
    const nested = renderBlock(value, indent + 2);
    const first = nested[0]!;
    // `- key: value` keeps a map's first entry on the dash line, as kubectl writes it.
    lines.push(`${pad}- ${first.slice(indent + 2)}`, ...nested.slice(1));
  }
  return lines;
}

/** One YAML document (no `---`), ending with a newline. */
export function yamlDocument(value: YamlObject, comment: readonly string[] = []): string {
  return [...commentLines(comment, ''), ...renderMap(value, 0)].join('\n') + '\n';
}

/**
 * Several documents separated by `---` lines, each written as it is added: a large stream
 * (tens of megabytes of manifests) never exists as one tree of values: the text is each
 * document's `yamlDocument`, joined by `---` lines.
 */
export class YamlStreamWriter {
  private readonly documents: string[] = [];

  add(document: { value: YamlObject; comment?: readonly string[] }): void {
    this.documents.push(yamlDocument(document.value, document.comment ?? []));
  }

  text(): string {
    return this.documents.join('---\n');
  }
}
