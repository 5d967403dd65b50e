/**
 * Terse builders for hand-written engine tests: rules from the policy language's own item
 * notation (`role:trainer`, `10.0.0.0/16`, `*.huggingface.co`, `tcp/8000-8100`, `/v1/*`),
 * without depending on the parser.
 */
import type {
  Action,
  DestinationItem,
  Flow,
  PathPattern,
  PolicyModel,
  Rule,
  ServiceItem,
  SourceItem,
  Topology,
  TopologyNode,
  Zone,
} from '../../simulator/core/model.js';
import type { Range } from '../../simulator/core/diagnostic.js';
import { formatCidr, parseCidr } from '../../simulator/net/ip.js';
import { evaluateReference } from '../../simulator/engine/index.js';
import { compileWithLinearScan } from '../../simulator/engine/linear-scan.js';

export const R0: Range = {
  start: { line: 1, column: 1, offset: 0 },
  end: { line: 1, column: 1, offset: 0 },
};

/** `text` or `set1>set2>text` (the sets the item came through). */
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

export function rule(id: string, action: Action, spec: RuleSpec, index = 0): Rule {
  return {
    id,
    action,
    index,
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
  rules: Rule[],
  defaults: { action?: Action; log?: boolean } = {},
  rest: Partial<PolicyModel> = {},
): PolicyModel {
  return {
    name: 'test',
    rules: rules.map((r, index) => ({ ...r, index })),
    sets: [],
    default: { action: defaults.action ?? 'deny', log: defaults.log ?? false },
    expectations: [],
    ...rest,
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
  zones: Zone[],
  nodes: TopologyNode[],
  edges: Topology['edges'] = [],
): Topology {
  return { version: 1, name: 'test', zones, nodes, edges };
}

/** The ml-platform example of docs/topology.md and docs/language.md as a topology. */
export function mlPlatform(): Topology {
  return topology(
    [
      zone('vpc', 'internal', ['10.0.0.0/16', 'fd00:10::/32']),
      zone('internet', 'external'),
      zone('aws', 'external', ['52.0.0.0/8']),
    ],
    [
      node('trainer', 'vpc', { roles: ['trainer'], addresses: ['10.0.1.0/24'] }),
      node('notebook', 'vpc', { roles: ['notebook'], addresses: ['10.0.2.15', 'fd00:10::15'] }),
      node('gateway', 'vpc', { roles: ['llm-gateway'], addresses: ['10.0.3.0/24'] }),
      node('dns', 'vpc', { roles: ['resolver'], addresses: ['10.0.0.2'] }),
      node('pypi', 'internet', {
        hosts: ['pypi.org', 'files.pythonhosted.org'],
        addresses: ['151.101.0.223'],
      }),
      node('hf', 'internet', { hosts: ['huggingface.co', 'cdn-lfs.huggingface.co'] }),
      node('openai', 'internet', { roles: ['llm'], hosts: ['api.openai.com'] }),
      node('s3', 'aws', { hosts: ['s3.amazonaws.com'], addresses: ['52.216.0.0/15'] }),
    ],
  );
}

/**
 * The deciding rule for `flow` — checked to be the same from the reference interpreter,
 * the compiled matcher and its linear scan, so every hand-written case tests all three.
 */
export function decidingRule(
  policyModel: PolicyModel,
  topologyModel: Topology | undefined,
  flow: Flow,
): string {
  const reference = evaluateReference(policyModel, topologyModel, flow);
  const { matcher, decideLinear } = compileWithLinearScan(policyModel, topologyModel);
  const compiled = matcher.evaluate(flow);
  if (compiled.rule !== reference.rule || compiled.verdict !== reference.verdict) {
    throw new Error(
      `compiled ${compiled.rule} ≠ reference ${reference.rule} on ${JSON.stringify(flow)}`,
    );
  }
  const linear = matcher.verdictFor(decideLinear(flow));
  if (linear.rule !== reference.rule) {
    throw new Error(
      `linear ${linear.rule} ≠ reference ${reference.rule} on ${JSON.stringify(flow)}`,
    );
  }
  return reference.rule;
}
