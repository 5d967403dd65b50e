/**
 * The reference interpreter: docs/language.md "Resolution" and "Matching" written as plainly as
 * possible, with no indexes and no caches. It is the oracle the compiled matcher is tested
 * against (test/engine/differential.test.ts), and explain uses its clause checks, so that
 * what explain says is what docs/language.md says. Keep it obviously correct rather than fast.
 */
import type {
  DestinationItem,
  Flow,
  PathPattern,
  PolicyModel,
  Rule,
  ServiceItem,
  SourceItem,
  Topology,
  TopologyNode,
  Verdict,
  Zone,
} from '../core/model.js';
import { cidrContainsIp, parseCidr, parseIp } from '../net/ip.js';
import type { IpAddress } from '../net/ip.js';
import { normalizeDomain } from '../util/domain.js';
import { firstAddressOf } from './node-address.js';
import type { ResolvedFlow } from './resolve.js';
import { defaultVerdict, inboundVerdict, ruleVerdict } from './verdicts.js';

function inCidr(text: string, ip: IpAddress | null): boolean {
  const parsed = parseCidr(text);
  return ip !== null && parsed !== null && cidrContainsIp(parsed.cidr, ip);
}

/** Length of the longest of `cidrs` that contains `ip`, or -1. */
function longestContaining(cidrs: string[], ip: IpAddress): number {
  let best = -1;
  for (const text of cidrs) {
    const parsed = parseCidr(text);
    if (parsed && cidrContainsIp(parsed.cidr, ip) && parsed.cidr.prefix > best) {
      best = parsed.cidr.prefix;
    }
  }
  return best;
}

/** The node whose addresses contain `ip` with the longest prefix; ties: first in the file. */
function nodeByAddress(nodes: TopologyNode[], ip: IpAddress): TopologyNode | null {
  let found: TopologyNode | null = null;
  let bestPrefix = -1;
  for (const node of nodes) {
    const prefix = longestContaining(node.addresses, ip);
    if (prefix > bestPrefix) {
      found = node;
      bestPrefix = prefix;
    }
  }
  return found;
}

function zoneById(topology: Topology | undefined, id: string | null): Zone | undefined {
  return topology?.zones.find((z) => z.id === id);
}

/** docs/language.md "Resolution", steps 1–3 (see resolve.ts for the decisions the language leaves open). */
export function resolveReference(topology: Topology | undefined, flow: Flow): ResolvedFlow {
  const nodes = topology?.nodes ?? [];
  const zones = topology?.zones ?? [];

  // 1. Source: a node id or an IP.
  let name: string | null;
  let node: TopologyNode | null;
  let ip = parseIp(flow.src);
  if (ip !== null) {
    node = nodeByAddress(nodes, ip);
    name = node ? node.id : null;
  } else {
    name = flow.src;
    node = nodes.find((n) => n.id === flow.src) ?? null;
    ip = node ? firstAddressOf(node) : null;
  }
  let zone: string | null = null;
  if (node) {
    zone = node.zone;
  } else if (ip !== null) {
    let bestPrefix = -1;
    for (const z of zones) {
      const prefix = longestContaining(z.cidrs, ip);
      if (prefix > bestPrefix) {
        zone = z.id;
        bestPrefix = prefix;
      }
    }
  }

  // 2. Outbound-only guard.
  const internalZones = zones.filter((z) => z.kind === 'internal');
  let external = false;
  if (internalZones.length > 0) {
    if (zoneById(topology, zone)?.kind === 'external') {
      external = true;
    } else {
      const sourceIp = ip;
      const inInternalZone =
        sourceIp !== null && internalZones.some((z) => z.cidrs.some((c) => inCidr(c, sourceIp)));
      const namesInternalNode = node !== null && zoneById(topology, node.zone)?.kind === 'internal';
      external = !inInternalZone && !namesInternalNode;
    }
  }

  // 3. Destination.
  const host = flow.host === undefined || flow.host === '' ? null : normalizeDomain(flow.host);
  let dstIp = flow.ip === undefined || flow.ip === '' ? null : parseIp(flow.ip);
  let dstNode: TopologyNode | null = null;
  if (host !== null)
    dstNode = nodes.find((n) => n.hosts.some((h) => normalizeDomain(h) === host)) ?? null;
  if (dstNode === null && dstIp !== null) dstNode = nodeByAddress(nodes, dstIp);
  let ipImplied = false;
  if (dstIp === null && host !== null && dstNode !== null) {
    dstIp = firstAddressOf(dstNode);
    ipImplied = dstIp !== null;
  }

  return {
    flow,
    source: { name, node, ip, zone, external },
    destination: { node: dstNode, host, ip: dstIp, ipImplied },
  };
}

/** Does a `from` item match the resolved source? */
export function sourceItemMatches(item: SourceItem, r: ResolvedFlow): boolean {
  const s = r.source;
  switch (item.kind) {
    case 'any':
      return true;
    case 'role':
      return s.node !== null && s.node.roles.includes(item.name);
    case 'node':
      return s.name === item.name;
    case 'zone':
      return s.zone === item.name;
    case 'cidr':
      return inCidr(item.cidr, s.ip);
  }
}

/** Does a `to` item match the resolved destination? */
export function destinationItemMatches(
  item: DestinationItem,
  r: ResolvedFlow,
  topology: Topology | undefined,
): boolean {
  const d = r.destination;
  switch (item.kind) {
    case 'any':
      return true;
    case 'domain':
      return d.host !== null && d.host === normalizeDomain(item.domain);
    case 'wildcard':
      return d.host !== null && d.host.endsWith('.' + normalizeDomain(item.suffix));
    case 'cidr':
      return inCidr(item.cidr, d.ip);
    case 'node':
      return d.node !== null && d.node.id === item.name;
    case 'zone': {
      if (d.node !== null && d.node.zone === item.name) return true;
      const zone = zoneById(topology, item.name);
      return zone !== undefined && zone.cidrs.some((c) => inCidr(c, d.ip));
    }
    case 'role':
      return d.node !== null && d.node.roles.includes(item.name);
  }
}

/** Does a service item match the flow's protocol and port? */
export function serviceItemMatches(item: ServiceItem, flow: Flow): boolean {
  if (item.kind === 'any') return true;
  if (flow.proto !== item.proto) return false;
  if (item.ports === undefined) return true;
  return flow.port !== undefined && item.ports.lo <= flow.port && flow.port <= item.ports.hi;
}

export function pathMatches(pattern: PathPattern, path: string): boolean {
  return pattern.prefix ? path.startsWith(pattern.path) : path === pattern.path;
}

export function servicesMatch(services: ServiceItem[] | null, flow: Flow): boolean {
  return services === null || services.some((s) => serviceItemMatches(s, flow));
}

export function methodsMatch(methods: string[] | null, flow: Flow): boolean {
  return methods === null || (flow.method !== undefined && methods.includes(flow.method));
}

export function pathsMatch(paths: PathPattern[] | null, flow: Flow): boolean {
  const path = flow.path;
  return paths === null || (path !== undefined && paths.some((p) => pathMatches(p, path)));
}

/** docs/language.md "Matching": all clauses of the rule hold. */
export function ruleMatchesReference(
  rule: Rule,
  r: ResolvedFlow,
  topology: Topology | undefined,
): boolean {
  return (
    rule.from.some((item) => sourceItemMatches(item, r)) &&
    rule.to.some((item) => destinationItemMatches(item, r, topology)) &&
    servicesMatch(rule.services, r.flow) &&
    methodsMatch(rule.methods, r.flow) &&
    pathsMatch(rule.paths, r.flow)
  );
}

/** The verdict of docs/language.md: the guard first, then the first matching rule, else the default. */
export function evaluateReference(
  policy: PolicyModel,
  topology: Topology | undefined,
  flow: Flow,
): Verdict {
  const resolved = resolveReference(topology, flow);
  if (resolved.source.external) return inboundVerdict(policy);
  for (const rule of policy.rules) {
    if (ruleMatchesReference(rule, resolved, topology)) return ruleVerdict(rule);
  }
  return defaultVerdict(policy);
}
