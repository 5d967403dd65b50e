/**
 * Flow records (docs/language.md "Flows"): one connection attempt per CSV row or JSONL line.
 * Parsing is pure and line-at-a-time so that flow files of any size stream through
 * with constant memory; a bad line is a reason string, never an exception.
 */
import type { Flow, Protocol } from '../core/model.js';
import { canonicalIp } from '../net/ip.js';
import { owned } from '../engine/tuned/owned-string.js';
import { isDomainProblem, parseDomainPattern, DOMAIN_PROBLEM_TEXT } from '../util/domain.js';
import { clip, echo } from './echo.js';
import { duplicateKey } from './json-duplicate-key.js';

export const FLOW_CSV_COLUMNS = ['src', 'host', 'ip', 'proto', 'port', 'method', 'path'] as const;
export type FlowColumn = (typeof FLOW_CSV_COLUMNS)[number];

export type FlowParse = { ok: true; flow: Flow } | { ok: false; reason: string };

/** Splits one CSV line (RFC 4180 quoting). Returns null on an unterminated quote. */
export function splitCsvLine(line: string): string[] | null {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < line.length) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"' && cell === '') {
      quoted = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else {
      cell += ch;
    }
    i++;
  }
  if (quoted) return null;
  cells.push(cell);
  return cells;
}

/** Quotes a CSV cell when needed. */
export function csvCell(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export type CsvHeader = { ok: true; columns: FlowColumn[] } | { ok: false; reason: string };

/** Reads the header row: the known column names in any order; `src` and `proto` are required. */
export function parseFlowCsvHeader(line: string): CsvHeader {
  const cells = splitCsvLine(line.replace(/^\uFEFF/, ''));
  if (!cells) return { ok: false, reason: 'unterminated quote in the header' };
  const columns: FlowColumn[] = [];
  for (const raw of cells) {
    const name = raw.trim().toLowerCase();
    if (!(FLOW_CSV_COLUMNS as readonly string[]).includes(name)) {
      return {
        ok: false,
        reason: `unknown column ${echo(raw.trim())}; the header is ${FLOW_CSV_COLUMNS.join(',')}`,
      };
    }
    if (columns.includes(name as FlowColumn))
      return { ok: false, reason: `column ${echo(name)} appears twice` };
    columns.push(name as FlowColumn);
  }
  for (const required of ['src', 'proto'] as const) {
    if (!columns.includes(required)) {
      return {
        ok: false,
        reason: `the header has no "${required}" column; expected ${FLOW_CSV_COLUMNS.join(',')}`,
      };
    }
  }
  return { ok: true, columns };
}

/** Parses one CSV data row against the header's columns. */
export function parseFlowCsvRow(line: string, columns: readonly FlowColumn[]): FlowParse {
  if (line.includes('"')) return rowFromCells(splitCsvLine(line), columns);
  // Without quotes (nearly every row) the cells are cut straight out of the line: no array
  // of cells, and no trimming copy unless a cell has whitespace around it.
  const raw = emptyRawFlow();
  let found = 0;
  let start = 0;
  for (;;) {
    const comma = line.indexOf(',', start);
    const end = comma < 0 ? line.length : comma;
    if (found < columns.length && end > start) {
      const value = trimmedCell(line.slice(start, end));
      if (value !== '') raw[columns[found]!] = value;
    }
    found++;
    if (comma < 0) break;
    start = comma + 1;
  }
  if (found !== columns.length) return cellCountProblem(columns.length, found);
  return normalizeFlow(raw);
}

function rowFromCells(cells: string[] | null, columns: readonly FlowColumn[]): FlowParse {
  if (!cells) return { ok: false, reason: 'unterminated quote' };
  if (cells.length !== columns.length) return cellCountProblem(columns.length, cells.length);
  const raw = emptyRawFlow();
  for (let i = 0; i < columns.length; i++) {
    const value = cells[i]!.trim();
    if (value !== '') raw[columns[i]!] = value;
  }
  return normalizeFlow(raw);
}

function cellCountProblem(expected: number, found: number): FlowParse {
  return { ok: false, reason: `expected ${expected} cells, found ${found}` };
}

/** `cell.trim()`, without the call when both ends are visible ASCII (nearly always). */
function trimmedCell(cell: string): string {
  const first = cell.charCodeAt(0);
  const last = cell.charCodeAt(cell.length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 ? cell : cell.trim();
}

/**
 * A record with every field present (as undefined): rows then share one object shape
 * whatever the column order, which keeps reading them fast.
 */
function emptyRawFlow(): Partial<Record<FlowColumn, string>> {
  return {
    src: undefined,
    host: undefined,
    ip: undefined,
    proto: undefined,
    port: undefined,
    method: undefined,
    path: undefined,
  };
}

/** Parses one JSONL line holding a flow object. */
export function parseFlowJsonLine(line: string): FlowParse {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, reason: `not valid JSON (${clip((error as Error).message)})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      reason:
        'expected a JSON object such as {"src":"trainer","host":"pypi.org","proto":"tcp","port":443}',
    };
  }
  const twice = duplicateKey(line, value);
  if (twice !== undefined) return { ok: false, reason: `field ${echo(twice)} appears twice` };
  const raw: Partial<Record<FlowColumn, string>> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!(FLOW_CSV_COLUMNS as readonly string[]).includes(key)) {
      return {
        ok: false,
        reason: `unknown field ${echo(key)}; fields are ${FLOW_CSV_COLUMNS.join(', ')}`,
      };
    }
    if (v === null || v === undefined) continue;
    if (key === 'port') {
      if (typeof v !== 'number') return { ok: false, reason: 'field "port" must be a number' };
      raw.port = String(v);
    } else if (typeof v === 'string') {
      raw[key as FlowColumn] = v;
    } else {
      return { ok: false, reason: `field ${echo(key)} must be a string` };
    }
  }
  return normalizeFlow(raw);
}

const PROTOCOLS: readonly Protocol[] = ['tcp', 'udp', 'icmp'];

/** The value of one to five decimal digits, else -1. */
function portNumber(text: string): number {
  if (text.length === 0 || text.length > 5) return -1;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value;
}

/**
 * `TOPOLOGY_ID_PATTERN.test(text)` without the regex call: it runs for nearly every row of a
 * flow file (the property test in test/flows/flow-record.test.ts holds the two together).
 */
export function isNodeId(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ok = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c === 45 && i > 0);
    if (!ok) return false;
  }
  return true;
}

/**
 * What one cell becomes in a flow, or undefined when it is not a valid value for its column
 * (`normalizeFlow` then says why): the one definition of each field, for the text reader
 * below and for the CSV rows read from bytes (cli/simulate/csv-byte-rows.ts), which keeps each distinct
 * cell's value. A cell is given trimmed and not empty.
 */
export const FLOW_CELL_VALUE: {
  readonly [C in FlowColumn]: (text: string) => Exclude<Flow[C], undefined> | undefined;
} = {
  // A source that is an IP is kept in canonical form; either way it is a matcher key.
  // Anything else (`10.30.1`, `foo:bar`, `10.0.0.5/16`, `fd00::1%eth0`) would otherwise be
  // taken for a node outside the topology and decided as inbound.
  src: (text) => {
    const ip = canonicalIp(text);
    if (ip !== null) return owned(ip);
    return isNodeId(text) ? owned(text) : undefined;
  },
  host: (text) => {
    const parsed = parseDomainPattern(text);
    return isDomainProblem(parsed) || parsed.wildcard ? undefined : owned(parsed.name);
  },
  ip: (text) => canonicalIp(text) ?? undefined,
  proto: (text) => {
    const proto = text.toLowerCase();
    return (PROTOCOLS as readonly string[]).includes(proto) ? (proto as Protocol) : undefined;
  },
  port: (text) => {
    const port = portNumber(text);
    return port >= 1 && port <= 65535 ? port : undefined;
  },
  method: (text) => (/^[A-Z]+$/.test(text) ? text : undefined),
  path: (text) => (text.startsWith('/') ? text : undefined),
};

/** Validates and normalises the fields of a flow (lower-case host, canonical ip). */
export function normalizeFlow(raw: Partial<Record<FlowColumn, string>>): FlowParse {
  if (raw.src === undefined)
    return { ok: false, reason: 'missing "src" (a node id or an IP address)' };
  if (raw.proto === undefined) return { ok: false, reason: 'missing "proto" (tcp, udp or icmp)' };
  const proto = FLOW_CELL_VALUE.proto(raw.proto);
  if (proto === undefined) {
    return { ok: false, reason: `unknown protocol ${echo(raw.proto)}; use tcp, udp or icmp` };
  }
  const src = FLOW_CELL_VALUE.src(raw.src);
  if (src === undefined) {
    return {
      ok: false,
      reason: `src ${echo(raw.src)} is neither an IP address nor a node id (lower-case letters, digits, "-")`,
    };
  }
  const flow: Flow = { src, proto };
  if (raw.host === undefined && raw.ip === undefined) {
    return { ok: false, reason: 'a flow needs a "host" or an "ip" (or both)' };
  }
  if (raw.host !== undefined) {
    const host = FLOW_CELL_VALUE.host(raw.host);
    if (host === undefined) {
      const parsed = parseDomainPattern(raw.host);
      return {
        ok: false,
        reason: isDomainProblem(parsed)
          ? `host ${echo(raw.host)}: ${DOMAIN_PROBLEM_TEXT[parsed]}`
          : `host ${echo(raw.host)} is a pattern; a flow names one host`,
      };
    }
    flow.host = host;
  }
  if (raw.ip !== undefined) {
    const ip = FLOW_CELL_VALUE.ip(raw.ip);
    if (ip === undefined)
      return { ok: false, reason: `ip ${echo(raw.ip)} is not an IPv4 or IPv6 address` };
    flow.ip = ip;
  }
  if (proto === 'icmp') {
    if (raw.port !== undefined)
      return { ok: false, reason: 'icmp flows have no port; leave "port" empty' };
  } else {
    if (raw.port === undefined)
      return { ok: false, reason: `${proto} flows need a "port" (1-65535)` };
    const port = FLOW_CELL_VALUE.port(raw.port);
    if (port === undefined) {
      const number = portNumber(raw.port);
      return {
        ok: false,
        reason:
          number < 0
            ? `port ${echo(raw.port)} is not a number from 1 to 65535`
            : `port ${number} is outside 1-65535`,
      };
    }
    flow.port = port;
  }
  if (raw.method !== undefined) {
    const method = FLOW_CELL_VALUE.method(raw.method);
    if (method === undefined) {
      return {
        ok: false,
        reason: `method ${echo(raw.method)} must be an upper-case HTTP method such as GET`,
      };
    }
    flow.method = method;
  }
  if (raw.path !== undefined) {
    const path = FLOW_CELL_VALUE.path(raw.path);
    if (path === undefined)
      return { ok: false, reason: `path ${echo(raw.path)} must start with "/"` };
    flow.path = path;
  }
  return { ok: true, flow };
}
