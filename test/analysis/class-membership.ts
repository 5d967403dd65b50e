/**
 * Whether a concrete flow lies in an inventory class, read from the class's JSON alone and
 * the reference interpreter's resolution of the flow: a second reading of the inventory's
 * meaning (docs/exporters.md "The audit inventory"), independent of the atoms that built it.
 */
import type { Flow, PolicyModel, Topology } from '../../simulator/core/model.js';
import type {
  InventoryClass,
  InventoryDestination,
  InventorySources,
} from '../../simulator/analysis/inventory.js';
import { resolveReference } from '../../simulator/engine/index.js';
import { familyBits, parseIp, type IpAddress } from '../../simulator/net/ip.js';
import { normalizeDomain } from '../../simulator/util/domain.js';

/** `a`, `a/p` or `a-b` contains the address. */
export function rangeContains(range: string, ip: IpAddress): boolean {
  const dash = range.indexOf('-');
  const slash = range.indexOf('/');
  let lo: IpAddress;
  let hi: bigint;
  if (dash > 0) {
    lo = parseIp(range.slice(0, dash))!;
    hi = parseIp(range.slice(dash + 1))!.value;
  } else if (slash > 0) {
    lo = parseIp(range.slice(0, slash))!;
    const span = (1n << BigInt(familyBits(lo.family) - Number(range.slice(slash + 1)))) - 1n;
    hi = lo.value | span;
  } else {
    lo = parseIp(range)!;
    hi = lo.value;
  }
  return lo.family === ip.family && lo.value <= ip.value && ip.value <= hi;
}

/** What a policy and topology mention: the vocabulary the name classes are relative to. */
export interface Vocabulary {
  names: Set<string>;
  wildcards: string[];
  listed: Set<string>;
  sourceNames: Set<string>;
  methods: Set<string>;
  patterns: { text: string; path: string; prefix: boolean }[];
}

export function vocabularyOf(policy: PolicyModel, topology: Topology | undefined): Vocabulary {
  const names = new Set<string>();
  const wildcards = new Set<string>();
  const listed = new Set<string>();
  const sourceNames = new Set<string>();
  const methods = new Set<string>();
  const patterns = new Map<string, { text: string; path: string; prefix: boolean }>();
  for (const n of topology?.nodes ?? []) {
    for (const h of n.hosts) {
      names.add(normalizeDomain(h));
      listed.add(normalizeDomain(h));
    }
  }
  for (const r of policy.rules) {
    for (const i of r.from) if (i.kind === 'node') sourceNames.add(i.name);
    for (const i of r.to) {
      if (i.kind === 'domain') names.add(normalizeDomain(i.domain));
      if (i.kind === 'wildcard') {
        names.add(normalizeDomain(i.suffix));
        wildcards.add(normalizeDomain(i.suffix));
      }
    }
    r.methods?.forEach((m) => methods.add(m));
    for (const p of r.paths ?? []) {
      const text = p.prefix ? `${p.path}*` : p.path;
      patterns.set(text, { text, ...p });
    }
  }
  return {
    names,
    wildcards: [...wildcards],
    listed,
    sourceNames,
    methods,
    patterns: [...patterns.values()],
  };
}

function sourcesContain(
  s: InventorySources,
  flow: Flow,
  topology: Topology | undefined,
  v: Vocabulary,
): boolean {
  const r = resolveReference(topology, flow).source;
  for (const label of s.labels) {
    const [kind, name] = label.split(':') as [string, string | undefined];
    if (kind === 'internal' && !r.external) return true;
    if (kind === 'zone' && r.zone === name) return true;
    if (kind === 'role' && r.node?.roles.includes(name!) === true) return true;
    if (kind === 'node' && r.node?.id === name) return true;
  }
  if (s.nodes.includes(flow.src)) return true;
  const ip = parseIp(flow.src);
  if (ip !== null) return s.addresses.some((a) => rangeContains(a, ip));
  return s.otherNames === true && topology === undefined && !v.sourceNames.has(flow.src);
}

/** `pypi.org`, `*.S` (the deepest wildcard over an unmentioned name) or `*`. */
export function nameClass(host: string, v: Vocabulary): string {
  if (v.names.has(host)) return host;
  let best: string | undefined;
  for (const w of v.wildcards) {
    if (host.endsWith(`.${w}`) && (best === undefined || w.length > best.length)) best = w;
  }
  return best === undefined ? '*' : `*.${best}`;
}

function destinationContains(d: InventoryDestination, flow: Flow, v: Vocabulary): boolean {
  const host = flow.host === undefined || flow.host === '' ? null : normalizeDomain(flow.host);
  const nameOk =
    host === null
      ? d.noName === true
      : d.anyName === true ||
        (d.unlistedNames === true && !v.listed.has(host)) ||
        d.names.includes(nameClass(host, v));
  if (!nameOk) return false;
  if (flow.ip === undefined || flow.ip === '') return d.noIp === true;
  const ip = parseIp(flow.ip)!;
  if (d.ips !== undefined) return d.ips.some((r) => rangeContains(r, ip));
  return !d.ipsExcept!.some((r) => rangeContains(r, ip));
}

function serviceContains(service: string, flow: Flow): boolean {
  if (service === 'any') return true;
  const [proto, ports] = service.split('/') as [string, string | undefined];
  if (proto !== flow.proto) return false;
  if (ports === undefined) return true;
  const [lo, hi] = ports.split('-').map(Number) as [number, number | undefined];
  return flow.port !== undefined && lo <= flow.port && flow.port <= (hi ?? lo);
}

export function classContains(
  c: InventoryClass,
  flow: Flow,
  topology: Topology | undefined,
  v: Vocabulary,
): boolean {
  if (!sourcesContain(c.sources, flow, topology, v)) return false;
  if (!c.destinations.some((d) => destinationContains(d, flow, v))) return false;
  if (!c.services.some((s) => serviceContains(s, flow))) return false;
  if (c.methods !== undefined) {
    const m =
      flow.method === undefined ? '(none)' : v.methods.has(flow.method) ? flow.method : '(other)';
    if (!c.methods.includes(m)) return false;
  }
  if (c.paths !== undefined) {
    const path = flow.path;
    if (path === undefined) return c.paths.includes('(none)');
    const matched = v.patterns
      .filter((p) => (p.prefix ? path.startsWith(p.path) : path === p.path))
      .map((p) => p.text)
      .sort()
      .join('\n');
    return c.paths.some((p) => Array.isArray(p) && [...p].sort().join('\n') === matched);
  }
  return true;
}
