/**
 * Zeek's log files, as its ASCII writer writes them: TSV with `#separator`, `#set_separator`,
 * `#empty_field`, `#unset_field`, `#path`, `#fields` and `#types` header lines (`-` unset,
 * `(empty)` an empty set or string, `#close` at the end), or JSON lines with the same field
 * names (`id.orig_h`, also nested as `"id":{"orig_h":…}`). One reader for every log.
 */
import type { JsonObject } from './log-fields.js';
import { jsonObject } from './log-fields.js';

/** One record: a field's text (undefined when unset), and a set or vector field's items. */
export interface ZeekRecord {
  get(name: string): string | undefined;
  items(name: string): string[];
}

/** `\x09` → a tab: Zeek writes the separator escaped. */
function unescape(text: string): string {
  return text.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

export class ZeekLogReader {
  private separator = '\t';
  private setSeparator = ',';
  private emptyField = '(empty)';
  private unsetField = '-';
  /** `#path` of a TSV log, or undefined (JSON logs do not say). */
  path: string | undefined;
  private columns: Map<string, number> | undefined;

  /** The record of a line, `header` for a `#` line, or why the line is not a record. */
  read(text: string): ZeekRecord | 'header' | string {
    if (text.charCodeAt(0) === 35 /* # */) {
      this.header(text);
      return 'header';
    }
    if (text.charCodeAt(0) === 123 /* { */) {
      const parsed = jsonObject(text);
      return typeof parsed === 'string' ? parsed : jsonRecord(parsed);
    }
    const columns = this.columns;
    if (columns === undefined) return 'a TSV record before the #fields header line';
    const values = text.split(this.separator);
    if (values.length !== columns.size) {
      return `expected ${columns.size} fields (as #fields says), found ${values.length}`;
    }
    const unset = this.unsetField;
    const empty = this.emptyField;
    const setSeparator = this.setSeparator;
    return {
      get(name) {
        const at = columns.get(name);
        if (at === undefined) return undefined;
        const value = values[at]!;
        return value === unset ? undefined : value === empty ? '' : value;
      },
      items(name) {
        const at = columns.get(name);
        const value = at === undefined ? unset : values[at]!;
        return value === unset || value === empty ? [] : value.split(setSeparator);
      },
    };
  }

  private header(text: string): void {
    const space = text.search(/[ \t]/);
    const key = space < 0 ? text : text.slice(0, space);
    const rest = space < 0 ? '' : text.slice(space + 1);
    if (key === '#separator') this.separator = unescape(rest.trim());
    else if (key === '#set_separator') this.setSeparator = unescape(rest);
    else if (key === '#empty_field') this.emptyField = rest;
    else if (key === '#unset_field') this.unsetField = rest;
    else if (key === '#path') this.path = rest;
    else if (key === '#fields') {
      this.columns = new Map(rest.split(this.separator).map((name, i) => [name, i]));
    }
  }
}

function jsonRecord(object: JsonObject): ZeekRecord {
  const value = (name: string): unknown => {
    if (name in object) return object[name];
    const dot = name.indexOf('.');
    if (dot < 0) return undefined;
    const outer = object[name.slice(0, dot)];
    return typeof outer === 'object' && outer !== null
      ? (outer as JsonObject)[name.slice(dot + 1)]
      : undefined;
  };
  return {
    get(name) {
      const v = value(name);
      if (v === undefined || v === null) return undefined;
      if (typeof v === 'boolean') return v ? 'T' : 'F';
      return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
    },
    items(name) {
      const v = value(name);
      return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
    },
  };
}

/** The field names a log's head declares (TSV `#fields`, or the keys of its JSON lines). */
export function zeekHeadFields(head: readonly string[]): {
  path: string | undefined;
  fields: Set<string>;
} {
  let path: string | undefined;
  const fields = new Set<string>();
  for (const line of head) {
    if (line.startsWith('#path')) path = line.slice(5).trim();
    else if (line.startsWith('#fields'))
      for (const f of line.slice(7).trim().split(/\t/)) fields.add(f);
    else if (line.startsWith('{')) {
      const parsed = jsonObject(line);
      if (typeof parsed === 'string') continue;
      for (const [k, v] of Object.entries(parsed)) {
        fields.add(k);
        if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
          for (const inner of Object.keys(v)) fields.add(`${k}.${inner}`);
        }
      }
    }
  }
  return { path, fields };
}

/** A Zeek `time`: seconds since the epoch, or an ISO 8601 text (JSON logs may use either). */
export function zeekTime(text: string | undefined): number {
  if (text === undefined) return Number.NaN;
  const seconds = Number(text);
  return Number.isNaN(seconds) ? Date.parse(text) / 1000 : seconds;
}
