/**
 * What the log formats share: outcomes, protocol numbers, ports, addresses, host names and
 * URLs read without regular expressions, and the sides of a connection by its ports and TCP flags
 * (the memory of recent connections is connection-memory.ts).
 */
import type { Action, Flow, Protocol } from '../../core/model.js';
import { canonicalIp } from '../../net/ip.js';
import { isDomainProblem, parseDomainPattern } from '../../util/domain.js';
import { owned } from '../../engine/tuned/owned-string.js';
import type { FlowLineOutcome, HostSource, ObservedFlow } from '../flow-format.js';

/** No outcome: most lines of a stateful format, and every line a parser holds back. */
export const NOTHING: FlowLineOutcome[] = Object.freeze([]) as unknown as FlowLineOutcome[];

/** A header or comment line. */
export const SKIP: FlowLineOutcome[] = Object.freeze([
  Object.freeze({ kind: 'skip' }),
]) as unknown as FlowLineOutcome[];

/** Skip reasons the formats share (the reader counts skips by reason). */
export const REPLY = 'reply';
export const CONTINUATION = 'continuation of a connection already read';

const skips = new Map<string, FlowLineOutcome[]>();

/** A skip with a counted reason; one frozen outcome per reason, so skipping allocates nothing. */
export function skipped(reason: string): FlowLineOutcome[] {
  let outcome = skips.get(reason);
  if (outcome === undefined) {
    outcome = Object.freeze([
      Object.freeze({ kind: 'skip', reason }),
    ]) as unknown as FlowLineOutcome[];
    skips.set(reason, outcome);
  }
  return outcome;
}

export function malformed(line: number, reason: string): FlowLineOutcome[] {
  return [{ kind: 'malformed', line, reason }];
}

export function observed(
  flow: Flow,
  line: number,
  logged: Action | undefined,
  hostSource: HostSource | undefined,
): ObservedFlow {
  const result: ObservedFlow = { flow, line };
  if (logged !== undefined) result.logged = logged;
  if (hostSource !== undefined && flow.host !== undefined) result.hostSource = hostSource;
  return result;
}

export function emitted(flow: ObservedFlow): FlowLineOutcome[] {
  return [{ kind: 'flow', observed: flow }];
}

/** IANA protocol numbers: 6 tcp, 17 udp, 1 icmp and 58 (ICMP for IPv6) icmp. */
export function protocolFromNumber(value: number): Protocol | undefined {
  if (value === 6) return 'tcp';
  if (value === 17) return 'udp';
  if (value === 1 || value === 58) return 'icmp';
  return undefined;
}

/** Protocol names as Suricata, Zeek and Hubble write them (any case). */
export function protocolFromName(name: string): Protocol | undefined {
  switch (name.toLowerCase()) {
    case 'tcp':
      return 'tcp';
    case 'udp':
      return 'udp';
    case 'icmp':
    case 'icmpv4':
    case 'icmpv6':
    case 'ipv6-icmp':
      return 'icmp';
    default:
      return undefined;
  }
}

export function unsupportedProtocol(what: string | number): string {
  return `protocol ${what} is not tcp, udp or icmp`;
}

/** The value of one to five decimal digits, at most 65535, else -1 (0 is returned as 0). */
export function portNumber(text: string): number {
  if (text.length === 0 || text.length > 5) return -1;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value <= 65535 ? value : -1;
}

/** Splits a line on runs of spaces and tabs (the text formats' field separator). */
export function spaceFields(line: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= line.length; i++) {
    const c = i < line.length ? line.charCodeAt(i) : 32;
    if (c === 32 || c === 9) {
      if (start >= 0) out.push(line.slice(start, i));
      start = -1;
    } else if (start < 0) {
      start = i;
    }
  }
  return out;
}

/** A non-negative decimal integer, else -1. */
export function decimal(text: string): number {
  if (text.length === 0 || text.length > 15) return -1;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value;
}

/** A port from a JSON value (a number, or a string of digits), else -1. */
export function jsonPort(value: unknown): number {
  if (typeof value === 'number')
    return Number.isInteger(value) && value >= 0 && value <= 65535 ? value : -1;
  if (typeof value === 'string') return portNumber(value);
  return -1;
}

/** Canonical text of an address, or null. */
export function address(text: string): string | null {
  return canonicalIp(text);
}

/** A host name as flows hold it (lower case, no trailing dot), or undefined if it is not one. */
export function hostName(text: string): string | undefined {
  const parsed = parseDomainPattern(text);
  if (isDomainProblem(parsed) || parsed.wildcard) return undefined;
  return owned(parsed.name);
}

/** Where a name points: an address literal gives `ip`, a host name `host`, anything else neither. */
export interface Destination {
  host?: string;
  ip?: string;
}

export function destinationOf(name: string): Destination | undefined {
  const bare = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
  const ip = canonicalIp(bare);
  if (ip !== null) return { ip };
  const host = hostName(bare);
  return host === undefined ? undefined : { host };
}

/** `host:port` or `[v6]:port`; the port is -1 when absent or not a number. */
export function splitAuthority(text: string): { name: string; port: number } {
  const at = text.lastIndexOf('@');
  const hostPort = at >= 0 ? text.slice(at + 1) : text;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) return { name: hostPort, port: -1 };
    const rest = hostPort.slice(close + 1);
    return {
      name: hostPort.slice(1, close),
      port: rest.startsWith(':') ? portNumber(rest.slice(1)) : -1,
    };
  }
  const colon = hostPort.lastIndexOf(':');
  // More than one colon without brackets is a bare IPv6 address, not host:port.
  if (colon < 0 || hostPort.indexOf(':') !== colon) return { name: hostPort, port: -1 };
  return { name: hostPort.slice(0, colon), port: portNumber(hostPort.slice(colon + 1)) };
}

export interface UrlParts {
  scheme: string;
  name: string;
  /** The URL's port, else the scheme's (80 for http, 443 for https), else -1. */
  port: number;
  /** The path without query or fragment; `/` when the URL has none. */
  path: string;
}

/** Splits an absolute `scheme://authority/path` URL; undefined when it is not one. */
export function splitUrl(url: string): UrlParts | undefined {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd <= 0) return undefined;
  const scheme = url.slice(0, schemeEnd).toLowerCase();
  const authorityStart = schemeEnd + 3;
  let authorityEnd = url.length;
  for (let i = authorityStart; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) {
      authorityEnd = i;
      break;
    }
  }
  const { name, port } = splitAuthority(url.slice(authorityStart, authorityEnd));
  if (name === '') return undefined;
  return {
    scheme,
    name,
    port: port >= 0 ? port : defaultPort(scheme),
    path: pathOf(url.slice(authorityEnd)),
  };
}

function defaultPort(scheme: string): number {
  if (scheme === 'http' || scheme === 'ws') return 80;
  if (scheme === 'https' || scheme === 'wss') return 443;
  return -1;
}

/** A request target's path: up to `?` or `#`, `/` when empty; undefined when not a path. */
export function pathOf(target: string): string {
  let end = target.length;
  for (let i = 0; i < target.length; i++) {
    const c = target.charCodeAt(i);
    if (c === 63 || c === 35) {
      end = i;
      break;
    }
  }
  const path = end === target.length ? target : target.slice(0, end);
  return path === '' ? '/' : path;
}

/** An upper-case HTTP method token, else undefined. */
export function httpMethod(text: string): string | undefined {
  if (text.length === 0 || text.length > 32) return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 65 || c > 90) return undefined;
  }
  return text;
}

/**
 * A flow with its fields in one fixed order (every flow of a run then has one object shape)
 * and only the fields that are present.
 */
export function makeFlow(
  src: string,
  to: Destination,
  proto: Protocol,
  port: number,
  method?: string,
  path?: string,
): Flow {
  const flow = { src: owned(src) } as Flow;
  if (to.host !== undefined) flow.host = to.host;
  if (to.ip !== undefined) flow.ip = to.ip;
  flow.proto = proto;
  if (proto !== 'icmp') flow.port = port;
  if (method !== undefined) flow.method = method;
  if (path !== undefined) flow.path = owned(path);
  return flow;
}

/** Which end of a one-direction record started the connection. */
export type Side = 'attempt' | 'reply' | 'unknown';

/**
 * The side of a record by its ports alone: the service usually listens on a low port and
 * the client sends from an ephemeral one. A record from a well-known port (< 1024) to a
 * higher one, or from below the ephemeral range (< 32768) into it, is the reply; two ports
 * of the same class say nothing.
 */
export function sideByPorts(srcPort: number, dstPort: number): Side {
  if (srcPort < 1024 && dstPort >= 1024) return 'reply';
  if (srcPort < 32768 && dstPort >= 32768) return 'reply';
  if (dstPort < 1024 && srcPort >= 1024) return 'attempt';
  if (dstPort < 32768 && srcPort >= 32768) return 'attempt';
  return 'unknown';
}

/**
 * TCP flags of one direction, as a bit mask (FIN 1, SYN 2, RST 4, PSH 8, ACK 16, URG 32):
 * SYN without ACK opens a connection, SYN with ACK answers it, no SYN continues one.
 */
export function sideByTcpFlags(flags: number): Side | 'continuation' {
  if ((flags & 2) === 0) return 'continuation';
  return (flags & 16) === 0 ? 'attempt' : 'reply';
}

// ---------------------------------------------------------------------------------------
// JSON records
// ---------------------------------------------------------------------------------------

export type JsonObject = Record<string, unknown>;

/** Parses a line holding one JSON object; a string is the reason it is not one. */
export function jsonObject(text: string): JsonObject | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not valid JSON (${(error as Error).message})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'expected one JSON object a line';
  }
  return value as JsonObject;
}

export function child(value: unknown, key: string): JsonObject | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const found = (value as JsonObject)[key];
  return typeof found === 'object' && found !== null && !Array.isArray(found)
    ? (found as JsonObject)
    : undefined;
}

export function text(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const found = (value as JsonObject)[key];
  return typeof found === 'string' ? found : undefined;
}

/** The lines a JSON head holds as objects (for detection). */
export function jsonHead(head: readonly string[]): JsonObject[] {
  const objects: JsonObject[] = [];
  for (const line of head) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{')) continue;
    const parsed = jsonObject(trimmed);
    if (typeof parsed !== 'string') objects.push(parsed);
  }
  return objects;
}
