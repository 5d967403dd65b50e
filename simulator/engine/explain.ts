/**
 * Explain a decision as data: how the flow resolved, what the outbound-only guard said,
 * every rule tried in file order with a verdict and a human reason per clause, the deciding
 * rule (or default / inbound), and which later rules would also have matched. The CLI and
 * the app render it; the clause checks are the reference interpreter's, so the explanation
 * says exactly what docs/language.md says.
 */
import type {
  Action,
  DestinationItem,
  Flow,
  PolicyModel,
  Rule,
  SourceItem,
  Topology,
  Verdict,
} from '../core/model.js';
import { cidrContainsIp, formatIp, parseCidr } from '../net/ip.js';
import type { IpAddress } from '../net/ip.js';
import { normalizeDomain } from '../util/domain.js';
import {
  flowServiceText,
  listText,
  pathPatternText,
  peerItemText,
  serviceItemText,
  viaText,
} from './item-text.js';
import {
  destinationItemMatches,
  pathMatches,
  serviceItemMatches,
  sourceItemMatches,
} from './reference.js';
import { indexTopology, resolveFlow, type ResolvedFlow, type TopologyIndex } from './resolve.js';
import { validateFlow } from './validate-flow.js';
import { defaultVerdict, inboundVerdict, ruleVerdict } from './verdicts.js';

export type ClauseName = 'from' | 'to' | 'on' | 'methods' | 'paths';

export interface ClauseTrace {
  clause: ClauseName;
  /** False when the rule has no such clause (absent `on`, `methods`, `paths` match anything). */
  present: boolean;
  matched: boolean;
  /** E.g. `source role trainer ∈ role:trainer`, `port 80 not in tcp/443`. */
  reason: string;
  /** The first item that matched, in policy notation, and the sets it came through. */
  item?: { text: string; via: string[] };
}

export interface RuleTrace {
  id: string;
  /** Position in file order. */
  index: number;
  action: Action;
  log: boolean;
  description: string | null;
  matched: boolean;
  clauses: ClauseTrace[];
}

export interface ExplainedSource {
  /** The name `node:` items compare with (src name, or the node an IP belongs to). */
  name: string | null;
  /** Topology node id, when the source is a node of the topology. */
  node: string | null;
  roles: string[];
  ip: string | null;
  /** True when the IP is the node's first address rather than the flow's src. */
  ipFromNode: boolean;
  zone: string | null;
  zoneKind: 'internal' | 'external' | null;
  external: boolean;
  summary: string;
}

export interface ExplainedDestination {
  node: string | null;
  zone: string | null;
  roles: string[];
  host: string | null;
  ip: string | null;
  /** True when the IP is the destination node's first address (topology as static DNS). */
  ipImplied: boolean;
  summary: string;
}

export type Decider =
  { kind: 'rule'; id: string; index: number } | { kind: 'default' } | { kind: 'inbound' };

export interface Explanation {
  flow: Flow;
  /** What `validateFlow` says is wrong with the flow; the rest is computed anyway. */
  problem?: string;
  source: ExplainedSource;
  guard: { external: boolean; reason: string };
  destination: ExplainedDestination;
  /** Rules tried in order; when a rule decides, it is the last entry. Empty for inbound. */
  rules: RuleTrace[];
  decidedBy: Decider;
  /** Ids of later rules that would also match (shadowed by the deciding rule). */
  shadowed: string[];
  /** The deciding rule's description, if any. */
  description: string | null;
  /** The deciding rule's owner, ticket and review date (docs/language.md "Review metadata"). */
  review?: ExplainedReview;
  verdict: Verdict;
}

export interface ExplainedReview {
  owner?: string;
  ticket?: string;
  reviewBy?: string;
}

function explainedReview(rule: Rule): { review?: ExplainedReview } {
  if (rule.review === undefined) return {};
  const { owner, ticket, reviewBy } = rule.review;
  return {
    review: {
      ...(owner !== undefined ? { owner } : {}),
      ...(ticket !== undefined ? { ticket } : {}),
      ...(reviewBy !== undefined ? { reviewBy } : {}),
    },
  };
}

export interface ExplainOptions {
  /** A topology index built earlier with `indexTopology`, to skip rebuilding it. */
  index?: TopologyIndex;
}

function ipText(ip: IpAddress | null): string {
  return ip === null ? '—' : formatIp(ip);
}

function withVia(text: string, via: string[]): string {
  return text + viaText(via);
}

// ---------------------------------------------------------------------------------------
// Resolution and the guard
// ---------------------------------------------------------------------------------------

function explainSource(r: ResolvedFlow, topology: Topology | undefined): ExplainedSource {
  const s = r.source;
  const zoneRecord = topology?.zones.find((z) => z.id === s.zone);
  const ipFromNode = s.node !== null && s.ip !== null && r.flow.src === s.name;
  const parts: string[] = [];
  if (s.node) parts.push(`roles ${s.node.roles.length > 0 ? s.node.roles.join(', ') : '—'}`);
  parts.push(`zone ${s.zone ?? '—'}`);
  parts.push(`ip ${ipText(s.ip)}${ipFromNode ? ' (first address of the node)' : ''}`);
  let who: string;
  if (s.node) who = `node ${s.node.id}`;
  else if (s.name !== null) who = `"${s.name}" (not a node of the topology)`;
  else who = `ip ${ipText(s.ip)} (no node has this address)`;
  return {
    name: s.name,
    node: s.node?.id ?? null,
    roles: s.node ? [...s.node.roles] : [],
    ip: s.ip === null ? null : formatIp(s.ip),
    ipFromNode,
    zone: s.zone,
    zoneKind: zoneRecord?.kind ?? null,
    external: s.external,
    summary: `${who}; ${parts.join('; ')}`,
  };
}

function guardReason(r: ResolvedFlow, topology: Topology | undefined): string {
  const s = r.source;
  if (topology === undefined) return 'no topology: every source is internal';
  const internal = topology.zones.filter((z) => z.kind === 'internal');
  if (internal.length === 0) {
    return 'the topology declares no internal zone: every source is internal';
  }
  const zoneRecord = topology.zones.find((z) => z.id === s.zone);
  if (zoneRecord?.kind === 'external') {
    return `source zone ${s.zone} is external: nothing outside may open a connection inward`;
  }
  if (s.node && topology.zones.find((z) => z.id === s.node!.zone)?.kind === 'internal') {
    return `source node ${s.node.id} is in internal zone ${s.node.zone}`;
  }
  const ip = s.ip;
  const home =
    ip === null
      ? undefined
      : internal.find((z) =>
          z.cidrs.some((c) => {
            const parsed = parseCidr(c);
            return parsed !== null && cidrContainsIp(parsed.cidr, ip);
          }),
        );
  if (home) return `source ip ${ipText(ip)} lies in internal zone ${home.id}`;
  const where = ip === null ? 'has no address' : `its ip ${ipText(ip)} lies in no internal zone`;
  let what: string;
  if (s.node)
    what = `source node ${s.node.id} (zone ${s.node.zone}) is not in an internal zone and ${where}`;
  else if (s.name !== null) what = `source "${s.name}" is not a node of the topology and ${where}`;
  else what = `source ip ${ipText(ip)} belongs to no node and lies in no internal zone`;
  return `${what}: treated as external`;
}

function explainDestination(r: ResolvedFlow): ExplainedDestination {
  const d = r.destination;
  const parts: string[] = [];
  parts.push(`host ${d.host ?? '—'}`);
  parts.push(`ip ${ipText(d.ip)}${d.ipImplied ? ' (first address of the node)' : ''}`);
  if (d.node) {
    const via = d.host !== null && d.node.hosts.some((h) => normalizeDomain(h) === d.host);
    parts.push(
      `node ${d.node.id} (${via ? 'lists the host' : 'owns the ip'}; zone ${d.node.zone}` +
        `${d.node.roles.length > 0 ? `; roles ${d.node.roles.join(', ')}` : ''})`,
    );
  } else {
    parts.push('no node of the topology');
  }
  return {
    node: d.node?.id ?? null,
    zone: d.node?.zone ?? null,
    roles: d.node ? [...d.node.roles] : [],
    host: d.host,
    ip: d.ip === null ? null : formatIp(d.ip),
    ipImplied: d.ipImplied,
    summary: parts.join('; '),
  };
}

// ---------------------------------------------------------------------------------------
// Clauses
// ---------------------------------------------------------------------------------------

function sourceMatchReason(item: SourceItem, r: ResolvedFlow): string {
  const s = r.source;
  const text = peerItemText(item);
  switch (item.kind) {
    case 'any':
      return 'any source';
    case 'role':
      return `source role ${item.name} ∈ ${text}`;
    case 'node':
      return `source node ${s.name} = ${text}`;
    case 'zone':
      return `source zone ${s.zone} = ${text}`;
    case 'cidr':
      return `source ip ${ipText(s.ip)} ∈ ${text}`;
  }
}

function sourceMissReason(item: SourceItem, r: ResolvedFlow): string {
  const s = r.source;
  const text = peerItemText(item);
  switch (item.kind) {
    case 'any':
      return 'any source';
    case 'role':
      return s.node
        ? `source node ${s.node.id} has ${s.node.roles.length > 0 ? `roles ${s.node.roles.join(', ')}` : 'no role'}, not ${text}`
        : `the source is no topology node, so it has no role (${text})`;
    case 'node':
      return s.name === null
        ? `the source ip belongs to no node (${text})`
        : `source node ${s.name} ≠ ${text}`;
    case 'zone':
      return `source zone ${s.zone ?? '—'} ≠ ${text}`;
    case 'cidr':
      return s.ip === null
        ? `the source has no ip (${text})`
        : `source ip ${ipText(s.ip)} ∉ ${text}`;
  }
}

function destinationMatchReason(
  item: DestinationItem,
  r: ResolvedFlow,
  topology: Topology | undefined,
): string {
  const d = r.destination;
  const text = peerItemText(item);
  const ip = `ip ${ipText(d.ip)}${d.ipImplied ? ' (of the node)' : ''}`;
  switch (item.kind) {
    case 'any':
      return 'any destination';
    case 'domain':
      return `host ${d.host} = ${text}`;
    case 'wildcard':
      return `host ${d.host} matches ${text}`;
    case 'cidr':
      return `${ip} ∈ ${text}`;
    case 'node':
      return `destination node ${d.node?.id} = ${text}`;
    case 'role':
      return `destination role ${item.name} ∈ ${text}`;
    case 'zone': {
      if (d.node !== null && d.node.zone === item.name) {
        return `destination node ${d.node.id} is in ${text}`;
      }
      const zone = topology?.zones.find((z) => z.id === item.name);
      const cidr = zone?.cidrs.find((c) => {
        const parsed = parseCidr(c);
        return parsed !== null && d.ip !== null && cidrContainsIp(parsed.cidr, d.ip);
      });
      return `${ip} ∈ ${cidr ?? '?'} of ${text}`;
    }
  }
}

function destinationMissReason(item: DestinationItem, r: ResolvedFlow): string {
  const d = r.destination;
  const text = peerItemText(item);
  const noNode = `the destination is no topology node (${text})`;
  switch (item.kind) {
    case 'any':
      return 'any destination';
    case 'domain':
      return d.host === null ? `the flow has no host (${text})` : `host ${d.host} ≠ ${text}`;
    case 'wildcard':
      if (d.host === null) return `the flow has no host (${text})`;
      return d.host === normalizeDomain(item.suffix)
        ? `host ${d.host} does not match ${text} (a wildcard does not match its apex)`
        : `host ${d.host} does not match ${text}`;
    case 'cidr':
      return d.ip === null ? `the flow has no ip (${text})` : `ip ${ipText(d.ip)} ∉ ${text}`;
    case 'node':
      return d.node === null ? noNode : `destination node ${d.node.id} ≠ ${text}`;
    case 'role':
      return d.node === null
        ? noNode
        : `destination node ${d.node.id} has ${d.node.roles.length > 0 ? `roles ${d.node.roles.join(', ')}` : 'no role'}, not ${text}`;
    case 'zone':
      return `destination ${d.node ? `node ${d.node.id} is in zone ${d.node.zone}` : 'is no topology node'} and ip ${ipText(d.ip)} is outside ${text}`;
  }
}

function peerClause<I extends DestinationItem>(
  clause: 'from' | 'to',
  items: I[],
  matches: (item: I) => boolean,
  matchReason: (item: I) => string,
  missReason: (item: I) => string,
  subject: string,
  hint = '',
): ClauseTrace {
  const hit = items.find(matches);
  if (hit) {
    const text = peerItemText(hit);
    return {
      clause,
      present: true,
      matched: true,
      reason: withVia(matchReason(hit), hit.via),
      item: { text, via: hit.via },
    };
  }
  const only = items.length === 1 ? items[0] : undefined;
  const reason =
    only !== undefined
      ? withVia(missReason(only), only.via)
      : items.length === 0
        ? `the rule lists no ${clause === 'from' ? 'source' : 'destination'}`
        : `${subject} matches none of ${listText(items.map(peerItemText))}${hint}`;
  return { clause, present: true, matched: false, reason };
}

function onClause(rule: Rule, flow: Flow): ClauseTrace {
  if (rule.services === null) {
    return { clause: 'on', present: false, matched: true, reason: 'no `on` clause: any service' };
  }
  const service = flowServiceText(flow);
  const hit = rule.services.find((s) => serviceItemMatches(s, flow));
  if (hit) {
    const text = serviceItemText(hit);
    const reason =
      hit.kind === 'any'
        ? 'any service'
        : hit.ports === undefined
          ? `${service} ∈ ${text} (any port)`
          : `${service} ∈ ${text}`;
    return {
      clause: 'on',
      present: true,
      matched: true,
      reason: withVia(reason, hit.via),
      item: { text, via: hit.via },
    };
  }
  const only = rule.services.length === 1 ? rule.services[0] : undefined;
  let reason: string;
  if (only && only.kind === 'proto' && only.proto === flow.proto && flow.port !== undefined) {
    reason = withVia(`port ${flow.port} not in ${serviceItemText(only)}`, only.via);
  } else if (only && only.kind === 'proto' && only.proto === flow.proto) {
    reason = withVia(`${service} has no port, ${serviceItemText(only)} needs one`, only.via);
  } else if (only) {
    reason = withVia(`${service} is not ${serviceItemText(only)}`, only.via);
  } else {
    reason = `${service} matches none of ${listText(rule.services.map(serviceItemText))}`;
  }
  return { clause: 'on', present: true, matched: false, reason };
}

function methodsClause(rule: Rule, flow: Flow): ClauseTrace {
  const methods = rule.methods;
  if (methods === null) {
    return {
      clause: 'methods',
      present: false,
      matched: true,
      reason: 'no `methods` clause: any method',
    };
  }
  const listed = listText(methods);
  if (flow.method === undefined) {
    return {
      clause: 'methods',
      present: true,
      matched: false,
      reason: `the flow has no method; the rule requires ${listed}`,
    };
  }
  const matched = methods.includes(flow.method);
  return {
    clause: 'methods',
    present: true,
    matched,
    reason: `method ${flow.method} ${matched ? '∈' : 'not in'} ${listed}`,
    ...(matched ? { item: { text: flow.method, via: [] } } : {}),
  };
}

function pathsClause(rule: Rule, flow: Flow): ClauseTrace {
  const paths = rule.paths;
  if (paths === null) {
    return {
      clause: 'paths',
      present: false,
      matched: true,
      reason: 'no `paths` clause: any path',
    };
  }
  const listed = listText(paths.map(pathPatternText));
  const path = flow.path;
  if (path === undefined) {
    return {
      clause: 'paths',
      present: true,
      matched: false,
      reason: `the flow has no path; the rule requires ${listed}`,
    };
  }
  const hit = paths.find((p) => pathMatches(p, path));
  if (!hit) {
    return {
      clause: 'paths',
      present: true,
      matched: false,
      reason:
        paths.length === 1
          ? `path ${path} does not match ${listed}`
          : `path ${path} matches none of ${listed}`,
    };
  }
  const text = pathPatternText(hit);
  return {
    clause: 'paths',
    present: true,
    matched: true,
    reason: hit.prefix
      ? `path ${path} starts with ${hit.path} (${text})`
      : `path ${path} = ${text}`,
    item: { text, via: [] },
  };
}

/** The most common surprise: `*.example.com` does not match `example.com` itself. */
function apexHint(items: DestinationItem[], host: string | null): string {
  const apex = items.find((i) => i.kind === 'wildcard' && normalizeDomain(i.suffix) === host);
  return apex ? ` (${peerItemText(apex)} does not match its apex ${host})` : '';
}

/** Every clause of one rule against the resolved flow (all clauses, not just the first miss). */
export function traceRule(rule: Rule, r: ResolvedFlow, topology: Topology | undefined): RuleTrace {
  const sourceSubject = `source ${r.source.node?.id ?? r.source.name ?? ipText(r.source.ip)}`;
  const d = r.destination;
  const destinationSubject =
    `destination (host ${d.host ?? '—'}; ip ${ipText(d.ip)}` +
    `${d.node ? `; node ${d.node.id}` : ''})`;
  const clauses: ClauseTrace[] = [
    peerClause<SourceItem>(
      'from',
      rule.from,
      (item) => sourceItemMatches(item, r),
      (item) => sourceMatchReason(item, r),
      (item) => sourceMissReason(item, r),
      sourceSubject,
    ),
    peerClause<DestinationItem>(
      'to',
      rule.to,
      (item) => destinationItemMatches(item, r, topology),
      (item) => destinationMatchReason(item, r, topology),
      (item) => destinationMissReason(item, r),
      destinationSubject,
      apexHint(rule.to, d.host),
    ),
    onClause(rule, r.flow),
    methodsClause(rule, r.flow),
    pathsClause(rule, r.flow),
  ];
  return {
    id: rule.id,
    index: rule.index,
    action: rule.action,
    log: rule.log,
    description: rule.description,
    matched: clauses.every((c) => c.matched),
    clauses,
  };
}

/** Explains the decision for one flow (docs/language.md resolution, guard, first matching rule). */
export function explainFlow(
  policy: PolicyModel,
  topology: Topology | undefined,
  flow: Flow,
  options: ExplainOptions = {},
): Explanation {
  const index = options.index ?? indexTopology(topology);
  const resolved = resolveFlow(index, flow);
  const problem = validateFlow(flow, topology);
  const base = {
    flow,
    ...(problem !== undefined ? { problem } : {}),
    source: explainSource(resolved, topology),
    guard: { external: resolved.source.external, reason: guardReason(resolved, topology) },
    destination: explainDestination(resolved),
  };
  if (resolved.source.external) {
    return {
      ...base,
      rules: [],
      decidedBy: { kind: 'inbound' },
      shadowed: [],
      description: null,
      verdict: inboundVerdict(policy),
    };
  }
  const rules: RuleTrace[] = [];
  let decider: Rule | undefined;
  const shadowed: string[] = [];
  policy.rules.forEach((rule, position) => {
    if (decider === undefined) {
      const trace = traceRule(rule, resolved, topology);
      rules.push({ ...trace, index: position });
      if (trace.matched) decider = rule;
    } else if (traceRule(rule, resolved, topology).matched) {
      shadowed.push(rule.id);
    }
  });
  if (decider === undefined) {
    return {
      ...base,
      rules,
      decidedBy: { kind: 'default' },
      shadowed,
      description: null,
      verdict: defaultVerdict(policy),
    };
  }
  const deciding: Rule = decider;
  return {
    ...base,
    rules,
    decidedBy: { kind: 'rule', id: deciding.id, index: rules.length - 1 },
    shadowed,
    description: deciding.description,
    ...explainedReview(deciding),
    verdict: ruleVerdict(deciding),
  };
}
