/**
 * Benchmark workloads: a generated platform (topology), a policy of N rules with a realistic
 * mix, and flows spread evenly over the rules with 20 % falling through to the default.
 * `benchMatcher` uses the models directly; `writeFlowCsv` writes them as a project folder
 * (topology.yaml, policy.egress) plus a large CSV flow file for the CLI benchmark.
 *
 * Mix of rules (by position modulo 20): 9 exact domains (some with methods and paths),
 * 4 wildcards, 3 IPv4 CIDRs (/24, /28, /32), 2 IPv6 /64s, 1 zone-wide rule to a hosts list,
 * 1 rule to a destination node. Sources are mostly roles, then nodes, zones and CIDRs;
 * services mostly tcp/443, then port ranges, udp/53 and no `on` clause; 1 in 10 is a deny.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type {
  DestinationItem,
  Flow,
  PolicyModel,
  Rule,
  ServiceItem,
  SourceItem,
  Topology,
  TopologyNode,
} from '../simulator/core/model.js';
import { csvCell, FLOW_CSV_COLUMNS, parseFlowCsvRow } from '../simulator/flows/flow-record.js';
import { formatIp } from '../simulator/net/ip.js';

/** Deterministic PRNG (mulberry32): the same seed gives the same workload. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RANGE = {
  start: { line: 1, column: 1, offset: 0 },
  end: { line: 1, column: 1, offset: 0 },
};

function v4(value: number): string {
  return formatIp({ family: 4, value: BigInt(value >>> 0) });
}

function hex(n: number): string {
  return n.toString(16);
}

export interface Workload {
  topology: Topology;
  policy: PolicyModel;
  /** Flows spread evenly over the rules; every fifth one matches no rule. */
  flows: Flow[];
}

interface Plan {
  rules: Rule[];
  /** For each rule, a function drawing one flow the rule matches (unless shadowed). */
  flowFor: ((rnd: () => number) => Flow)[];
}

const SOURCE_NODES_PER_ROLE = 2;

function roleCount(rules: number): number {
  return Math.min(2000, Math.max(10, Math.round(rules / 50)));
}

/** Internal node `k`: role `role-(k / 2)`, address block 10.x.y.0/24. */
function sourceNode(k: number): TopologyNode {
  return {
    id: `node-${k}`,
    kind: k % 3 === 0 ? 'training-job' : k % 3 === 1 ? 'notebook' : 'inference-service',
    zone: 'vpc',
    roles: [`role-${Math.floor(k / SOURCE_NODES_PER_ROLE)}`],
    addresses: [`${v4((10 << 24) | (k << 8))}/24`],
    hosts: [],
  };
}

function exactHost(i: number): string {
  return `svc-${i}.vendor-${i % 997}.example.com`;
}

function wildcardSuffix(i: number): string {
  return `tenant-${i}.cloud-${i % 89}.example.net`;
}

/** IPv4 destination of rule i: a /24, /28 or /32 in disjoint blocks. */
function v4Destination(i: number): { net: number; prefix: number } {
  switch (i % 3) {
    case 0:
      return { net: (12 << 24) | ((i & 0xffff) << 8), prefix: 24 };
    case 1:
      return { net: (11 << 24) | ((i & 0xfffff) << 4), prefix: 28 };
    default:
      return { net: (13 << 24) | (i & 0xffffff), prefix: 32 };
  }
}

function v6Destination(i: number): string {
  return `2600:1f18:${hex((i >>> 16) & 0xffff)}:${hex(i & 0xffff)}`;
}

function planRules(count: number, topology: Topology): Plan {
  const roles = roleCount(count);
  const internal = roles * SOURCE_NODES_PER_ROLE;
  const externalNodes = topology.nodes.filter((n) => n.zone === 'internet');
  const rules: Rule[] = [];
  const flowFor: Plan['flowFor'] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 20;
    const role = (i * 7) % roles;
    // Source: mostly a role; some nodes, the whole VPC zone, or a CIDR of one node.
    let from: SourceItem[];
    let pickSource: (rnd: () => number) => string;
    const sourceKind = i % 10;
    const anyNodeOfRole = (rnd: () => number): number =>
      role * SOURCE_NODES_PER_ROLE + Math.floor(rnd() * SOURCE_NODES_PER_ROLE);
    const nodeOrIp = (k: number, rnd: () => number): string =>
      rnd() < 0.3 ? v4((10 << 24) | (k << 8) | (1 + Math.floor(rnd() * 250))) : `node-${k}`;
    if (sourceKind < 7) {
      from = [{ kind: 'role', name: `role-${role}`, via: [] }];
      pickSource = (rnd) => nodeOrIp(anyNodeOfRole(rnd), rnd);
    } else if (sourceKind === 7) {
      const k = (i * 13) % internal;
      from = [{ kind: 'node', name: `node-${k}`, via: [] }];
      pickSource = () => `node-${k}`;
    } else if (sourceKind === 8) {
      from = [{ kind: 'zone', name: 'vpc', via: [] }];
      pickSource = (rnd) => nodeOrIp(Math.floor(rnd() * internal), rnd);
    } else {
      const k = (i * 17) % internal;
      from = [{ kind: 'cidr', cidr: `${v4((10 << 24) | (k << 8))}/24`, via: [] }];
      pickSource = (rnd) => nodeOrIp(k, rnd);
    }

    // Service.
    let services: ServiceItem[] | null;
    let pickPort: (rnd: () => number) => { proto: 'tcp' | 'udp'; port: number };
    const serviceKind = i % 10;
    if (serviceKind < 7) {
      services = [{ kind: 'proto', proto: 'tcp', ports: { lo: 443, hi: 443 }, via: [] }];
      pickPort = () => ({ proto: 'tcp', port: 443 });
    } else if (serviceKind === 7) {
      const lo = 8000 + (i % 50) * 10;
      services = [{ kind: 'proto', proto: 'tcp', ports: { lo, hi: lo + 99 }, via: [] }];
      pickPort = (rnd) => ({ proto: 'tcp', port: lo + Math.floor(rnd() * 100) });
    } else if (serviceKind === 8) {
      services = [
        { kind: 'proto', proto: 'udp', ports: { lo: 53, hi: 53 }, via: ['dns'] },
        { kind: 'proto', proto: 'tcp', ports: { lo: 53, hi: 53 }, via: ['dns'] },
      ];
      pickPort = (rnd) => ({ proto: rnd() < 0.5 ? 'udp' : 'tcp', port: 53 });
    } else {
      services = null;
      pickPort = () => ({ proto: 'tcp', port: 443 });
    }

    // Destination.
    let to: DestinationItem[];
    let pickTarget: (rnd: () => number) => { host?: string; ip?: string };
    let methods: string[] | null = null;
    let paths: Rule['paths'] = null;
    let pickHttp: (rnd: () => number) => { method?: string; path?: string } = (rnd) =>
      rnd() < 0.5 ? { method: 'GET', path: `/api/${Math.floor(rnd() * 100)}` } : {};
    if (kind < 9) {
      const host = exactHost(i);
      to = [{ kind: 'domain', domain: host, via: [] }];
      pickTarget = () => ({ host });
      if (kind === 3) {
        methods = ['POST'];
        paths = [
          { path: '/v1/chat/', prefix: true },
          { path: '/v1/embeddings', prefix: false },
        ];
        pickHttp = (rnd) =>
          rnd() < 0.5
            ? { method: 'POST', path: '/v1/embeddings' }
            : { method: 'POST', path: `/v1/chat/completions/${Math.floor(rnd() * 10)}` };
      }
    } else if (kind < 13) {
      const suffix = wildcardSuffix(i);
      to = [{ kind: 'wildcard', suffix, via: [] }];
      pickTarget = (rnd) => ({
        host: rnd() < 0.5 ? `api.${suffix}` : `eu.storage.${suffix}`,
      });
    } else if (kind < 16) {
      const { net, prefix } = v4Destination(i);
      to = [{ kind: 'cidr', cidr: `${v4(net)}/${prefix}`, via: [] }];
      const size = 2 ** (32 - prefix);
      pickTarget = (rnd) => ({ ip: v4(net + Math.floor(rnd() * size)) });
    } else if (kind < 18) {
      const prefix = v6Destination(i);
      to = [{ kind: 'cidr', cidr: `${prefix}::/64`, via: [] }];
      pickTarget = (rnd) => ({ ip: `${prefix}::${hex(1 + Math.floor(rnd() * 0xfffe))}` });
    } else if (kind === 18) {
      const a = exactHost(i);
      const b = `mirror-${i}.pkg.example.org`;
      to = [
        { kind: 'domain', domain: a, via: ['mirrors'] },
        { kind: 'domain', domain: b, via: ['mirrors'] },
        { kind: 'wildcard', suffix: `cdn-${i}.example.org`, via: ['mirrors'] },
      ];
      pickTarget = (rnd) => ({ host: rnd() < 0.5 ? a : `x.cdn-${i}.example.org` });
    } else {
      const target = externalNodes[i % externalNodes.length]!;
      to = [{ kind: 'node', name: target.id, via: [] }];
      pickTarget = () => ({ host: target.hosts[0]! });
    }

    rules.push({
      id: `r${i}`,
      action: i % 10 === 4 ? 'deny' : 'allow',
      index: i,
      from,
      to,
      services,
      methods,
      paths,
      log: i % 20 === 5,
      description: null,
      range: RANGE,
    });
    flowFor.push((rnd) => {
      const { proto, port } = pickPort(rnd);
      const flow: Flow = { src: pickSource(rnd), ...pickTarget(rnd), proto, port };
      const http = methods === null && paths === null && proto === 'tcp' ? pickHttp(rnd) : {};
      if (methods !== null) Object.assign(flow, pickHttp(rnd));
      return { ...flow, ...http };
    });
  }
  return { rules, flowFor };
}

function generateTopology(rules: number): Topology {
  const roles = roleCount(rules);
  const nodes: TopologyNode[] = [];
  for (let k = 0; k < roles * SOURCE_NODES_PER_ROLE; k++) nodes.push(sourceNode(k));
  const external = Math.max(5, Math.min(2000, Math.round(rules / 50)));
  for (let e = 0; e < external; e++) {
    nodes.push({
      id: `ext-${e}`,
      kind: e % 2 === 0 ? 'llm-api' : 'package-index',
      zone: 'internet',
      roles: [],
      addresses: e % 2 === 0 ? [v4((198 << 24) | (51 << 16) | (e << 4) | 1)] : [],
      hosts: [`api-${e}.partner.example`, `cdn-${e}.partner.example`],
    });
  }
  return {
    version: 1,
    name: `bench-${rules}`,
    zones: [
      { id: 'vpc', kind: 'internal', cidrs: ['10.0.0.0/8', 'fd00::/8'] },
      { id: 'internet', kind: 'external', cidrs: [] },
    ],
    nodes,
    edges: [
      { from: 'node-0', to: 'ext-0', service: 'tcp/443', note: 'partner API' },
      { from: 'node-1', to: 'ext-1', service: 'tcp/443' },
    ],
  };
}

/** A flow no rule matches: unknown host or address, from a random internal node. */
function fallThrough(rnd: () => number, internal: number): Flow {
  const src = `node-${Math.floor(rnd() * internal)}`;
  const pick = rnd();
  if (pick < 0.4)
    return { src, host: `nomatch-${Math.floor(rnd() * 1e6)}.unknown.org`, proto: 'tcp', port: 443 };
  if (pick < 0.7) {
    return {
      src,
      ip: v4((203 << 24) | (Math.floor(rnd() * 0xffff) << 4)),
      proto: 'tcp',
      port: 443,
    };
  }
  if (pick < 0.85) {
    return { src, host: `deep.nomatch.example.net`, proto: 'udp', port: 123 };
  }
  return { src, ip: `2a00:1450::${hex(Math.floor(rnd() * 0xffff))}`, proto: 'tcp', port: 443 };
}

/** One CSV line (`src,host,ip,proto,port,method,path`). */
export function flowCsvLine(f: Flow): string {
  return [f.src, f.host, f.ip, f.proto, f.port, f.method, f.path].map(csvCell).join(',');
}

/**
 * A policy of `rules` rules, its topology, and `flows` flows (deterministic for a seed), in
 * random order as traffic interleaves. With `asRead` (the default) the flows have been
 * through the CLI's CSV reader, exactly as `egress simulate` sees them.
 */
export function generateWorkload(rules: number, flows: number, seed = 42, asRead = true): Workload {
  const topology = generateTopology(rules);
  const plan = planRules(rules, topology);
  const rnd = random(seed);
  const internal = roleCount(rules) * SOURCE_NODES_PER_ROLE;
  const out: Flow[] = [];
  const matching = Math.round(flows * 0.8);
  let m = 0;
  for (let f = 0; f < flows; f++) {
    // Every fifth flow falls through; the others walk the rules evenly.
    if (f % 5 === 4 || m >= matching || rules === 0) {
      out.push(fallThrough(rnd, internal));
    } else {
      const target = Math.floor((m * rules) / matching);
      out.push(plan.flowFor[target]!(rnd));
      m++;
    }
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  // Round-trip through the CLI's own flow reader, so the benchmark sees flows exactly as
  // `egress simulate` does (field order, normalised values, flat strings from a parsed line).
  const flowsAsRead = !asRead
    ? out
    : out.map((flow) => {
        const parsed = parseFlowCsvRow(flowCsvLine(flow), FLOW_CSV_COLUMNS);
        if (!parsed.ok) throw new Error(`generated flow ${JSON.stringify(flow)}: ${parsed.reason}`);
        return parsed.flow;
      });
  const policy: PolicyModel = {
    name: `bench-${rules}`,
    rules: plan.rules,
    sets: [],
    default: { action: 'deny', log: true },
    expectations: [],
  };
  return { topology, policy, flows: flowsAsRead };
}

// ---------------------------------------------------------------------------------------
// A project folder on disk, for the CLI benchmark
// ---------------------------------------------------------------------------------------

function itemText(item: DestinationItem): string {
  switch (item.kind) {
    case 'any':
      return 'any';
    case 'role':
    case 'node':
    case 'zone':
      return `${item.kind}:${item.name}`;
    case 'cidr':
      return item.cidr;
    case 'domain':
      return item.domain;
    case 'wildcard':
      return `*.${item.suffix}`;
  }
}

function serviceText(item: ServiceItem): string {
  if (item.kind === 'any' || item.ports === undefined)
    return item.kind === 'any' ? 'any' : item.proto;
  const { lo, hi } = item.ports;
  return lo === hi ? `${item.proto}/${lo}` : `${item.proto}/${lo}-${hi}`;
}

/** The policy in the language of docs/language.md, one statement per line. */
export function policyText(policy: PolicyModel): string {
  const lines = [`policy ${policy.name}`, ''];
  for (const r of policy.rules) {
    let line = `${r.action} ${r.id} from ${r.from.map(itemText).join(', ')} to ${r.to.map(itemText).join(', ')}`;
    if (r.services) line += ` on ${r.services.map(serviceText).join(', ')}`;
    if (r.methods) line += ` methods ${r.methods.join(', ')}`;
    if (r.paths) line += ` paths ${r.paths.map((p) => p.path + (p.prefix ? '*' : '')).join(', ')}`;
    if (r.log) line += ' log';
    lines.push(line);
  }
  lines.push('', `default ${policy.default.action}${policy.default.log ? ' log' : ''}`, '');
  return lines.join('\n');
}

export function topologyYaml(topology: Topology): string {
  return stringify({
    version: topology.version,
    name: topology.name,
    zones: topology.zones.map((z) => ({
      id: z.id,
      kind: z.kind,
      ...(z.cidrs.length ? { cidrs: z.cidrs } : {}),
    })),
    nodes: topology.nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      zone: n.zone,
      ...(n.roles.length ? { roles: n.roles } : {}),
      ...(n.addresses.length ? { addresses: n.addresses } : {}),
      ...(n.hosts.length ? { hosts: n.hosts } : {}),
    })),
    edges: topology.edges,
  });
}

/**
 * Writes a project folder (topology.yaml, policy.egress with `rules` rules) at `projectDir`
 * and a CSV flow file of `lines` flows (header `src,host,ip,proto,port,method,path`) at
 * `flowsPath`, streaming so that a million lines need little memory.
 */
export async function writeFlowCsv(
  projectDir: string,
  flowsPath: string,
  lines: number,
  rules = 1000,
): Promise<void> {
  const chunk = 20_000;
  const { topology, policy } = generateWorkload(rules, 0);
  await mkdir(projectDir, { recursive: true });
  await writeFile(join(projectDir, 'topology.yaml'), topologyYaml(topology));
  await writeFile(join(projectDir, 'policy.egress'), policyText(policy));
  const out = createWriteStream(flowsPath);
  out.write('src,host,ip,proto,port,method,path\n');
  for (let start = 0; start < lines; start += chunk) {
    const count = Math.min(chunk, lines - start);
    const { flows } = generateWorkload(rules, count, 1000 + start, false);
    const text = flows.map(flowCsvLine).join('\n');
    if (!out.write(text + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
