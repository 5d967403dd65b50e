/**
 * Terse builders for exporter tests: rules from the policy language's own item notation
 * (`role:trainer`, `10.0.0.0/16`, `*.huggingface.co`, `tcp/8000-8100`), without the parser.
 */
import type {
  Action,
  DestinationItem,
  PolicyModel,
  Rule,
  ServiceItem,
  SourceItem,
  Topology,
  TopologyEdge,
  TopologyNode,
  Zone,
} from '../../simulator/core/model.js';
import type { Range } from '../../simulator/core/diagnostic.js';
import { formatCidr, parseCidr } from '../../simulator/net/ip.js';
import type { ExportInput } from '../../simulator/export/types.js';

const R0: Range = {
  start: { line: 1, column: 1, offset: 0 },
  end: { line: 1, column: 1, offset: 0 },
};

export function dst(text: string): DestinationItem {
  if (text === 'any') return { kind: 'any', via: [] };
  const m = /^(role|node|zone):(.+)$/.exec(text);
  if (m) return { kind: m[1] as 'role' | 'node' | 'zone', name: m[2]!, via: [] };
  const cidr = parseCidr(text);
  if (cidr) return { kind: 'cidr', cidr: formatCidr(cidr.cidr), via: [] };
  if (text.startsWith('*.')) return { kind: 'wildcard', suffix: text.slice(2), via: [] };
  return { kind: 'domain', domain: text, via: [] };
}

export function src(text: string): SourceItem {
  const item = dst(text);
  if (item.kind === 'domain' || item.kind === 'wildcard') throw new Error(`not a source: ${text}`);
  return item;
}

export function svc(text: string): ServiceItem {
  if (text === 'any') return { kind: 'any', via: [] };
  const m = /^(tcp|udp|icmp)(?:\/(\d+)(?:-(\d+))?)?$/.exec(text);
  if (!m) throw new Error(`not a service: ${text}`);
  const proto = m[1] as 'tcp' | 'udp' | 'icmp';
  if (m[2] === undefined) return { kind: 'proto', proto, via: [] };
  const lo = Number(m[2]);
  return {
    kind: 'proto',
    proto,
    ports: { lo, hi: m[3] === undefined ? lo : Number(m[3]) },
    via: [],
  };
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
    paths: spec.paths
      ? spec.paths.map((p) =>
          p.endsWith('*') ? { path: p.slice(0, -1), prefix: true } : { path: p, prefix: false },
        )
      : null,
    log: spec.log ?? false,
    description: spec.description ?? null,
    range: R0,
  };
}

export function policy(rules: Rule[], defaultAction: Action = 'deny', name = 'test'): PolicyModel {
  return {
    name,
    rules: rules.map((r, index) => ({ ...r, index })),
    sets: [],
    default: { action: defaultAction, log: false },
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
  zones: Zone[],
  nodes: TopologyNode[],
  edges: TopologyEdge[] = [],
): Topology {
  return { version: 1, name: 'test', zones, nodes, edges };
}

export function input(p: PolicyModel, t?: Topology): ExportInput {
  return {
    policy: p,
    ...(t ? { topology: t } : {}),
    project: { name: t?.name ?? p.name, policyFile: 'policy.egress' },
  };
}

/** The platform of docs/topology.md and docs/language.md, with a vector database inside the cluster. */
export function mlTopology(): Topology {
  return {
    ...topology(
      [
        zone('vpc', 'internal', ['10.0.0.0/16', 'fd00:10::/32']),
        zone('internet', 'external'),
        zone('aws', 'external', ['52.0.0.0/8']),
      ],
      [
        node('trainer', 'vpc', {
          kind: 'training-job',
          roles: ['trainer'],
          addresses: ['10.0.1.0/24'],
        }),
        node('notebook', 'vpc', {
          kind: 'notebook',
          roles: ['notebook'],
          addresses: ['10.0.2.15', 'fd00:10::15'],
        }),
        node('gateway', 'vpc', {
          kind: 'agent',
          roles: ['llm-gateway'],
          addresses: ['10.0.3.0/24'],
        }),
        node('vectors', 'vpc', {
          kind: 'vector-db',
          roles: ['vector-db'],
          addresses: ['10.0.5.0/24'],
        }),
        node('dns', 'vpc', { addresses: ['10.0.0.2'] }),
        node('pypi', 'internet', {
          kind: 'package-index',
          hosts: ['pypi.org', 'files.pythonhosted.org'],
          addresses: ['151.101.0.223'],
        }),
        node('hf', 'internet', {
          kind: 'model-hub',
          hosts: ['huggingface.co', 'cdn-lfs.huggingface.co'],
        }),
        node('openai', 'internet', { kind: 'llm-api', hosts: ['api.openai.com'] }),
        node('s3', 'aws', {
          kind: 'object-store',
          hosts: ['s3.amazonaws.com'],
          addresses: ['52.216.0.0/15'],
        }),
      ],
      [
        { from: 'trainer', to: 'pypi', service: 'tcp/443', note: 'install dependencies' },
        { from: 'trainer', to: 'hf', service: 'tcp/443', note: 'download base models' },
        { from: 'gateway', to: 'openai', service: 'tcp/443', note: 'chat completions' },
        { from: 'notebook', to: 'vectors', service: 'tcp/6333', note: 'similarity search' },
        { from: 'notebook', to: 'openai', service: 'tcp/443', note: 'experiments' },
      ],
    ),
    name: 'ml-platform',
  };
}

/** The policy of docs/language.md, adapted to mlTopology. */
export function mlPolicy(): PolicyModel {
  return policy(
    [
      rule('no-metadata', 'deny', {
        from: ['any'],
        to: ['169.254.169.254', 'fd00:ec2::254'],
        log: true,
        description: 'Instance metadata holds cloud credentials.',
      }),
      rule('train-deps', 'allow', {
        from: ['role:trainer'],
        to: ['pypi.org', 'files.pythonhosted.org', 'huggingface.co', '*.huggingface.co'],
        on: ['tcp/443'],
        description: 'Training jobs install packages and download base models.',
      }),
      rule('train-data', 'allow', {
        from: ['role:trainer'],
        to: ['*.s3.amazonaws.com', 'node:s3'],
        on: ['tcp/80', 'tcp/443'],
        log: true,
      }),
      rule('llm-calls', 'allow', {
        from: ['node:gateway'],
        to: ['api.openai.com'],
        on: ['tcp/443'],
        methods: ['POST'],
        paths: ['/v1/chat/*', '/v1/embeddings'],
      }),
      rule('vector-search', 'allow', {
        from: ['role:notebook', 'role:llm-gateway'],
        to: ['role:vector-db'],
        on: ['tcp/6333-6334'],
        description: 'Retrieval for notebooks and the gateway.',
      }),
      rule('dns', 'allow', { from: ['zone:vpc'], to: ['10.0.0.2'], on: ['udp/53', 'tcp/53'] }),
      rule('no-private', 'deny', { from: ['any'], to: ['10.0.0.0/8'], on: ['tcp', 'udp'] }),
      rule('ping', 'allow', { from: ['any'], to: ['any'], on: ['icmp'] }),
    ],
    'deny',
    'ml-platform',
  );
}
