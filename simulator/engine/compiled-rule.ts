/**
 * Rules pre-parsed into numbers (interned names, int32 CIDRs, port pairs) and packed into
 * two flat Int32Arrays, with the exact check of all clauses against a probe (the flow in
 * numbers). Packing matters at 10,000+ rules: one rule's data sits in one or two cache
 * lines instead of a dozen small objects. The matcher's indexes only propose candidate
 * rules; this check decides, so an index may over-approximate but never miss. Running it
 * over every rule in order is the linear scan used as a baseline.
 *
 * Layout: all rules in one Int32Array `code`, rule after rule in file order, so that a rule's
 * offset grows with its index and candidate lists can hold offsets directly. At offset o:
 *   o+0 rule index   o+1 from flags   o+2 to flags   o+3 service flags
 *   o+4 offset of the to runs   o+5 offset of the service runs   o+6 offset of the methods run
 *   (-1: no `methods` clause), then the runs: one `[count, items…]` run per kind whose flag
 *   is set, in the order the flags are declared below. The service word also says whether
 *   the rule has a `paths` clause, so that a rule without one is checked without touching
 *   `paths` (at 100,000 rules, one cache miss less per decision).
 */
import type { PathPattern } from '../core/model.js';

// Peer kinds (from and to), in data order.
export const K_ANY = 1;
export const K_DOMAIN = 2;
export const K_WILDCARD = 4;
export const K_NODE = 8;
export const K_NAME = 16; // `node:` names the topology does not have (from only; in `names`)
export const K_ZONE = 32;
export const K_ROLE = 64;
export const K_V4 = 128; // (net, mask) pairs
export const K_V6 = 256; // four network words then four mask words

// Service flags: bit 0 any; bits 1–3 whole protocols; bits 4–6 ranges per protocol.
export const S_ANY = 1;
/** In the service word: the rule has a `paths` clause. */
const H_PATHS = 1 << 16;

export const PROTO_TCP = 0;
export const PROTO_UDP = 1;
export const PROTO_ICMP = 2;
/** Any other protocol text: only `any` services match it. */
export const PROTO_OTHER = 3;

export function protoCode(proto: string): number {
  return proto === 'tcp'
    ? PROTO_TCP
    : proto === 'udp'
      ? PROTO_UDP
      : proto === 'icmp'
        ? PROTO_ICMP
        : PROTO_OTHER;
}

/** One rule before packing. */
export interface RuleParts {
  fromAny: boolean;
  fromNodes: number[];
  fromNames: string[];
  fromZones: number[];
  fromRoles: number[];
  fromV4: number[];
  fromV6: number[];
  toAny: boolean;
  toDomains: number[];
  toWildcards: number[];
  toNodes: number[];
  toZones: number[];
  toRoles: number[];
  toV4: number[];
  toV6: number[];
  serviceAny: boolean;
  /** Bit per protocol code allowed on every port. */
  protoMask: number;
  /** (lo, hi) pairs per protocol code. */
  ranges: number[][];
  /** Interned methods, or null when the rule has no `methods` clause. */
  methods: number[] | null;
  paths: PathPattern[] | null;
}

export function emptyRuleParts(): RuleParts {
  return {
    fromAny: false,
    fromNodes: [],
    fromNames: [],
    fromZones: [],
    fromRoles: [],
    fromV4: [],
    fromV6: [],
    toAny: false,
    toDomains: [],
    toWildcards: [],
    toNodes: [],
    toZones: [],
    toRoles: [],
    toV4: [],
    toV6: [],
    serviceAny: false,
    protoMask: 0,
    ranges: [[], [], []],
    methods: null,
    paths: null,
  };
}

export interface PackedRules {
  count: number;
  code: Int32Array;
  /** Offset of each rule in `code`, and `code.length` at the end (one past the last rule). */
  offsets: Int32Array;
  /** Per rule, the `node:` source names the topology does not have (null if none). */
  names: (string[] | null)[];
  paths: (PathPattern[] | null)[];
}

const HEADER = 7;

export function packRules(rules: RuleParts[]): PackedRules {
  const code: number[] = [];
  const offsets = new Int32Array(rules.length + 1);
  /** Appends `[count, items…]` when there are items (`per` numbers per item); the flag or 0. */
  const run = (flag: number, items: number[], per = 1): number => {
    if (items.length === 0) return 0;
    code.push(items.length / per);
    for (const item of items) code.push(item);
    return flag;
  };
  rules.forEach((r, j) => {
    const o = code.length;
    offsets[j] = o;
    for (let k = 0; k < HEADER; k++) code.push(0);
    code[o] = j;

    let flags = r.fromAny ? K_ANY : 0;
    flags |= run(K_NODE, r.fromNodes);
    if (r.fromNames.length > 0) flags |= K_NAME;
    flags |= run(K_ZONE, r.fromZones);
    flags |= run(K_ROLE, r.fromRoles);
    flags |= run(K_V4, r.fromV4, 2);
    flags |= run(K_V6, r.fromV6, 8);
    code[o + 1] = flags;

    code[o + 4] = code.length;
    flags = r.toAny ? K_ANY : 0;
    flags |= run(K_DOMAIN, r.toDomains);
    flags |= run(K_WILDCARD, r.toWildcards);
    flags |= run(K_NODE, r.toNodes);
    flags |= run(K_ZONE, r.toZones);
    flags |= run(K_ROLE, r.toRoles);
    flags |= run(K_V4, r.toV4, 2);
    flags |= run(K_V6, r.toV6, 8);
    code[o + 2] = flags;

    code[o + 5] = code.length;
    flags = (r.serviceAny ? S_ANY : 0) | (r.protoMask << 1);
    for (let proto = 0; proto < 3; proto++) flags |= run(16 << proto, r.ranges[proto]!, 2);
    code[o + 3] = r.paths === null ? flags : flags | H_PATHS;
    code[o + 6] = r.methods === null ? -1 : code.length;
    if (r.methods !== null) {
      code.push(r.methods.length);
      for (const m of r.methods) code.push(m);
    }
  });
  offsets[rules.length] = code.length;
  return {
    count: rules.length,
    code: Int32Array.from(code),
    offsets,
    names: rules.map((r) => (r.fromNames.length > 0 ? r.fromNames : null)),
    paths: rules.map((r) => r.paths),
  };
}

const EMPTY = new Int32Array(0);

/** The flow in numbers, as the clause checks read it. Reused across decisions. */
export class Probe {
  /** Name id of the source node (first node with its id), or -1. */
  srcNameId = -1;
  /**
   * The name `node:` items compare with when the topology has no node of that name (the
   * `src` text itself), else null: names of topology nodes compare by `srcNameId`.
   */
  srcName: string | null = null;
  srcZone = -1;
  /** The source roles: `srcRoleCount` ids at `srcRoleData[srcRoleFrom…]`. */
  srcRoleData: Int32Array = EMPTY;
  srcRoleFrom = 0;
  srcRoleCount = 0;
  srcFamily = 0;
  srcV4 = 0;
  readonly srcV6 = new Int32Array(4);
  /** Name id of the destination node, or -1; its zone and roles. */
  dstNameId = -1;
  dstZone = -1;
  dstRoles: Int32Array = EMPTY;
  dstFamily = 0;
  dstV4 = 0;
  dstV6: Int32Array = new Int32Array(4);
  /** Id of the exact domain equal to the host, or -1. */
  domainId = -1;
  /**
   * The wildcard ids the host matches: `wildCount` ids at `wildData[wildFrom…]` (the host's
   * record, already in cache: scanning it costs less than marking a table per decision).
   */
  wildData: Int32Array = EMPTY;
  wildFrom = 0;
  wildCount = 0;
  proto = PROTO_OTHER;
  /** NaN when the flow has no port: no range contains it. */
  port = NaN;
  /** Interned method; -1 when absent or named by no rule. */
  method = -1;
  path: string | undefined = undefined;
}

/** Is `value` among the `count` items at data[at…]? */
function has(data: Int32Array, at: number, count: number, value: number): boolean {
  for (let i = at; i < at + count; i++) if (data[i] === value) return true;
  return false;
}

/** Is any of the `n` values at values[from…] among the `count` items at data[at…]? */
function hasAny(
  data: Int32Array,
  at: number,
  count: number,
  values: Int32Array,
  from = 0,
  n = values.length,
): boolean {
  for (let i = from; i < from + n; i++) if (has(data, at, count, values[i]!)) return true;
  return false;
}

function v4In(data: Int32Array, at: number, count: number, ip: number): boolean {
  for (let i = at; i < at + 2 * count; i += 2) if ((ip & data[i + 1]!) === data[i]) return true;
  return false;
}

function v6In(data: Int32Array, at: number, count: number, ip: Int32Array): boolean {
  const w0 = ip[0]!;
  const w1 = ip[1]!;
  const w2 = ip[2]!;
  const w3 = ip[3]!;
  for (let i = at; i < at + 8 * count; i += 8) {
    if (
      (w0 & data[i + 4]!) === data[i] &&
      (w1 & data[i + 5]!) === data[i + 1] &&
      (w2 & data[i + 6]!) === data[i + 2] &&
      (w3 & data[i + 7]!) === data[i + 3]
    ) {
      return true;
    }
  }
  return false;
}

export function fromMatches(rules: PackedRules, o: number, p: Probe): boolean {
  const data = rules.code;
  const flags = data[o + 1]!;
  if ((flags & K_ANY) !== 0) return true;
  let at = o + HEADER;
  let n: number;
  if ((flags & K_NODE) !== 0) {
    n = data[at++]!;
    if (p.srcNameId >= 0 && has(data, at, n, p.srcNameId)) return true;
    at += n;
  }
  if ((flags & K_NAME) !== 0 && p.srcName !== null) {
    if (rules.names[data[o]!]!.includes(p.srcName)) return true;
  }
  if ((flags & K_ZONE) !== 0) {
    n = data[at++]!;
    if (p.srcZone >= 0 && has(data, at, n, p.srcZone)) return true;
    at += n;
  }
  if ((flags & K_ROLE) !== 0) {
    n = data[at++]!;
    if (hasAny(data, at, n, p.srcRoleData, p.srcRoleFrom, p.srcRoleCount)) return true;
    at += n;
  }
  if ((flags & K_V4) !== 0) {
    n = data[at++]!;
    if (p.srcFamily === 4 && v4In(data, at, n, p.srcV4)) return true;
    at += 2 * n;
  }
  if ((flags & K_V6) !== 0) {
    n = data[at++]!;
    if (p.srcFamily === 6 && v6In(data, at, n, p.srcV6)) return true;
  }
  return false;
}

export function toMatches(rules: PackedRules, o: number, p: Probe): boolean {
  const data = rules.code;
  const flags = data[o + 2]!;
  if ((flags & K_ANY) !== 0) return true;
  let at = data[o + 4]!;
  let n: number;
  if ((flags & K_DOMAIN) !== 0) {
    n = data[at++]!;
    if (p.domainId >= 0 && has(data, at, n, p.domainId)) return true;
    at += n;
  }
  if ((flags & K_WILDCARD) !== 0) {
    n = data[at++]!;
    const count = p.wildCount;
    if (count > 0) {
      for (let i = at; i < at + n; i++)
        if (has(p.wildData, p.wildFrom, count, data[i]!)) return true;
    }
    at += n;
  }
  if ((flags & K_NODE) !== 0) {
    n = data[at++]!;
    if (p.dstNameId >= 0 && has(data, at, n, p.dstNameId)) return true;
    at += n;
  }
  if ((flags & K_ZONE) !== 0) {
    n = data[at++]!;
    if (p.dstZone >= 0 && has(data, at, n, p.dstZone)) return true;
    at += n;
  }
  if ((flags & K_ROLE) !== 0) {
    n = data[at++]!;
    if (hasAny(data, at, n, p.dstRoles)) return true;
    at += n;
  }
  if ((flags & K_V4) !== 0) {
    n = data[at++]!;
    if (p.dstFamily === 4 && v4In(data, at, n, p.dstV4)) return true;
    at += 2 * n;
  }
  if ((flags & K_V6) !== 0) {
    n = data[at++]!;
    if (p.dstFamily === 6 && v6In(data, at, n, p.dstV6)) return true;
  }
  return false;
}

export function serviceMatches(rules: PackedRules, o: number, p: Probe): boolean {
  const data = rules.code;
  const flags = data[o + 3]!;
  if ((flags & S_ANY) !== 0) return true;
  const proto = p.proto;
  if (proto === PROTO_OTHER) return false;
  if ((flags & (2 << proto)) !== 0) return true;
  if ((flags & (16 << proto)) === 0) return false;
  let at = data[o + 5]!;
  // Skip the range runs of lower protocol codes.
  for (let q = 0; q < proto; q++) if ((flags & (16 << q)) !== 0) at += 1 + 2 * data[at]!;
  const n = data[at++]!;
  const port = p.port;
  for (let i = at; i < at + 2 * n; i += 2) {
    if (data[i]! <= port && port <= data[i + 1]!) return true;
  }
  return false;
}

function httpMatches(rules: PackedRules, o: number, p: Probe): boolean {
  const data = rules.code;
  const methodsAt = data[o + 6]!;
  if (methodsAt >= 0 && !has(data, methodsAt + 1, data[methodsAt]!, p.method)) return false;
  if ((data[o + 3]! & H_PATHS) === 0) return true;
  const paths = rules.paths[data[o]!]!;
  if (paths === null) return true;
  const path = p.path;
  if (path === undefined) return false;
  for (let i = 0; i < paths.length; i++) {
    const pattern = paths[i]!;
    if (pattern.prefix ? path.startsWith(pattern.path) : path === pattern.path) return true;
  }
  return false;
}

/** All clauses of the rule at offset `o` hold for the probe (docs/language.md "Matching"). */
export function ruleMatches(rules: PackedRules, o: number, p: Probe): boolean {
  return (
    toMatches(rules, o, p) &&
    fromMatches(rules, o, p) &&
    serviceMatches(rules, o, p) &&
    httpMatches(rules, o, p)
  );
}
