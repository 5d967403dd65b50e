/**
 * A small, deterministic HCL (Terraform) writer: blocks, attributes, comments, with the
 * `=` of consecutive one-line attributes aligned as `terraform fmt` does, so the output is
 * already formatted and `terraform fmt -check` stays quiet on it.
 */

/** A raw expression: `var.vpc_id`, `aws_security_group.trainer.id`. */
export class HclRaw {
  constructor(readonly expression: string) {}
}

export class HclMap {
  constructor(readonly entries: readonly (readonly [string, HclValue])[]) {}
}

export type HclValue = string | number | boolean | HclRaw | HclMap | readonly HclValue[];

export interface HclBlock {
  kind: 'block';
  type: string;
  labels: readonly string[];
  body: readonly HclItem[];
}

export type HclItem =
  | HclBlock
  | { kind: 'attr'; name: string; value: HclValue }
  | { kind: 'comment'; lines: readonly string[] }
  | { kind: 'blank' };

export function block(type: string, labels: readonly string[], body: readonly HclItem[]): HclBlock {
  return { kind: 'block', type, labels, body };
}

export function attr(name: string, value: HclValue): HclItem {
  return { kind: 'attr', name, value };
}

export function comment(...lines: string[]): HclItem {
  return { kind: 'comment', lines: lines.flatMap((l) => l.split('\n')) };
}

export const BLANK: HclItem = { kind: 'blank' };

const LINE_WIDTH = 100;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function hclString(text: string): string {
  // JSON escapes are HCL escapes; `${` and `%{` would start a template sequence.
  return JSON.stringify(text).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}

function mapKey(key: string): string {
  return IDENTIFIER.test(key) ? key : hclString(key);
}

/** The value's lines; the first continues the `name = ` line. */
function renderValue(value: HclValue, indent: number): string[] {
  if (typeof value === 'string') return [hclString(value)];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (value instanceof HclRaw) return [value.expression];
  const pad = ' '.repeat(indent);
  if (value instanceof HclMap) {
    if (value.entries.length === 0) return ['{}'];
    const width = Math.max(...value.entries.map(([k]) => mapKey(k).length));
    const lines = ['{'];
    for (const [k, v] of value.entries) {
      const inner = renderValue(v, indent + 2);
      lines.push(`${pad}  ${mapKey(k).padEnd(width)} = ${inner[0]}`, ...inner.slice(1));
    }
    lines.push(`${pad}}`);
    return lines;
  }
  const items = value.map((v) => renderValue(v, indent + 2));
  const oneLine = `[${items.map((i) => i[0]).join(', ')}]`;
  if (items.every((i) => i.length === 1) && indent + oneLine.length <= LINE_WIDTH - 20) {
    return [oneLine];
  }
  const lines = ['['];
  for (const item of items) {
    lines.push(`${pad}  ${item[0]}${item.length === 1 ? ',' : ''}`, ...item.slice(1));
    if (item.length > 1) lines[lines.length - 1] += ',';
  }
  lines.push(`${pad}]`);
  return lines;
}

function renderBody(items: readonly HclItem[], indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  let i = 0;
  while (i < items.length) {
    const item = items[i]!;
    if (item.kind === 'attr') {
      // A run of attributes shares one `=` column, broken by a multi-line value.
      const run: { name: string; value: string[] }[] = [];
      while (i < items.length && items[i]!.kind === 'attr') {
        const a = items[i] as { name: string; value: HclValue };
        run.push({ name: a.name, value: renderValue(a.value, indent) });
        i++;
        if (run[run.length - 1]!.value.length > 1) break;
      }
      const width = Math.max(...run.map((r) => r.name.length));
      for (const r of run) {
        lines.push(`${pad}${r.name.padEnd(width)} = ${r.value[0]}`, ...r.value.slice(1));
      }
      continue;
    }
    if (item.kind === 'comment')
      lines.push(...item.lines.map((l) => (l === '' ? `${pad}#` : `${pad}# ${l}`)));
    else if (item.kind === 'blank') lines.push('');
    else lines.push(...renderBlock(item, indent));
    i++;
  }
  return lines;
}

function renderBlock(b: HclBlock, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const head = [b.type, ...b.labels.map(hclString)].join(' ');
  if (b.body.length === 0) return [`${pad}${head} {}`];
  return [`${pad}${head} {`, ...renderBody(b.body, indent + 2), `${pad}}`];
}

/** A whole file: top-level items, ending with a newline. */
export function hclFile(items: readonly HclItem[]): string {
  return renderBody(items, 0).join('\n') + '\n';
}

/**
 * A whole file written as its items come: each `add` renders its items at once, so that a
 * large file (tens of megabytes of resources) never exists as one tree of items. The text
 * equals `hclFile` of all the items in order, as long as no attribute is written at the top
 * level (their `=` would align only within one `add`); Terraform files have none.
 */
export class HclFileWriter {
  private readonly parts: string[] = [];

  add(...items: HclItem[]): void {
    for (const item of items) {
      if (item.kind === 'attr') throw new Error('HclFileWriter: no attributes at the top level');
    }
    if (items.length > 0) this.parts.push(renderBody(items, 0).join('\n'));
  }

  text(): string {
    return this.parts.join('\n') + '\n';
  }
}
