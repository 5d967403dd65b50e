/**
 * Terse builders for exporter tests: rules from the policy language's item notation
 * (`role:trainer`, `10.0.0.0/16`, `*.hf.co`, `tcp/8000-8100`, `/v1/*`; `set>item` for an
 * item reached through a named set), so tests do not depend on the parser.
 */
import type { Range } from '../../../simulator/core/diagnostic.js';
import type {
  Action,
  DestinationItem,
  PathPattern,
  PolicyModel,
  Rule,
  ServiceItem,
  SourceItem,
  Topology,
  TopologyNode,
  Zone,
} from '../../../simulator/core/model.js';
import { formatCidr, parseCidr } from '../../../simulator/net/ip.js';
import type { ExportInput } from '../../../simulator/export/types.js';

const R0: Range = {
  start: { line: 1, column: 1, offset: 0 },
  end: { line: 1, column: 1, offset: 0 },
};

function splitVia(text: string): { via: string[]; body: string } {
  const parts = text.split('>');
  return { via: parts.slice(0, -1), body: parts[parts.length - 1]! };
}

export function dst(text: string): DestinationItem {
  const { via, body } = splitVia(text);
  if (body === 'any') return { kind: 'any', via };
  const m = /^(role|node|zone):(.+)$/.exec(body);
  if (m) return { kind: m[1] as 'role' | 'node' | 'zone', name: m[2]!, via };
  const cidr = parseCidr(body);
  if (cidr) return { kind: 'cidr', cidr: formatCidr(cidr.cidr), via };
  if (body.startsWith('*.')) return { kind: 'wildcard', suffix: body.slice(2), via };
  return { kind: 'domain', domain: body, via };
}

export function src(text: string): SourceItem {
  const item = dst(text);
  if (item.kind === 'domain' || item.kind === 'wildcard') throw new Error(`not a source: ${text}`);
  return item;
}

export function svc(text: string): ServiceItem {
  const { via, body } = splitVia(text);
  if (body === 'any') return { kind: 'any', via };
  const m = /^(tcp|udp|icmp)(?:\/(\d+)(?:-(\d+))?)?$/.exec(body);
  if (!m) throw new Error(`not a service: ${text}`);
  const proto = m[1] as 'tcp' | 'udp' | 'icmp';
  if (m[2] === undefined) return { kind: 'proto', proto, via };
  const lo = Number(m[2]);
  return { kind: 'proto', proto, ports: { lo, hi: m[3] === undefined ? lo : Number(m[3]) }, via };
}

export function pathPattern(text: string): PathPattern {
  return text.endsWith('*')
    ? { path: text.slice(0, -1), prefix: true }
    : { path: text, prefix: false };
}

export interface RuleSpec {
  from: string[];
  to: string[];
  on?: string[];
  methods?: string[];
  paths?: string[];
  log?: boolean;
  description?: string;
}

export function rule(id: string, action: Action, spec: RuleSpec): Rule {
  return {
    id,
    action,
    index: 0,
    from: spec.from.map(src),
    to: spec.to.map(dst),
    services: spec.on ? spec.on.map(svc) : null,
    methods: spec.methods ?? null,
    paths: spec.paths ? spec.paths.map(pathPattern) : null,
    log: spec.log ?? false,
    description: spec.description ?? null,
    range: R0,
  };
}

export function policy(
  name: string,
  rules: Rule[],
  defaults: { action?: Action; log?: boolean } = {},
): PolicyModel {
  return {
    name,
    rules: rules.map((r, index) => ({ ...r, index })),
    sets: [],
    default: { action: defaults.action ?? 'deny', log: defaults.log ?? false },
    expectations: [],
  };
}

export function node(
  id: string,
  zone: string,
  fields: Partial<Omit<TopologyNode, 'id' | 'zone'>> = {},
): TopologyNode {
  return { id, kind: 'generic', zone, roles: [], addresses: [], hosts: [], ...fields };
}

export function zone(id: string, kind: Zone['kind'], cidrs: string[] = []): Zone {
  return { id, kind, cidrs };
}

export function topology(
  name: string,
  zones: Zone[],
  nodes: TopologyNode[],
  edges: Topology['edges'] = [],
): Topology {
  return { version: 1, name, zones, nodes, edges };
}

export function exportInput(policyModel: PolicyModel, topo?: Topology): ExportInput {
  return {
    policy: policyModel,
    ...(topo ? { topology: topo } : {}),
    project: { name: topo?.name ?? policyModel.name, policyFile: 'policy.egress' },
  };
}
