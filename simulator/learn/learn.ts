/**
 * `egress learn`: the policy that observed traffic implies (docs/traffic.md). Every attempt
 * the policy at hand leaves to its default is grouped by source (role, else node, else
 * address) and destination (topology node, else site, else raw addresses) into one allow rule,
 * appended after the policy's rules with a description of what was seen, review flags and
 * sampled `expect` lines. Attempts from sources the outbound-only guard calls external are
 * listed, never allowed. Pure: callers read the files.
 */
import { DEFAULT_RULE, INBOUND_RULE } from '../core/model.js';
import type { Flow, Topology } from '../core/model.js';
import { indexTopology, resolveFlow } from '../engine/index.js';
import type { TopologyIndex } from '../engine/index.js';
import { formatPolicy } from '../language/index.js';
import { formatIp, parseIp } from '../net/ip.js';
import type { IpAddress } from '../net/ip.js';
import { Project } from '../project/index.js';
import { isDomainProblem, parseDomainPattern } from '../util/domain.js';
import { exactCoverText } from './address-cover.js';
import type { LearnedFlowInput } from './flow-input.js';
import { collapseNames, compareNames, siteOf } from './names.js';
import { serviceItems, serviceKey, USUAL_SERVICES } from './services.js';

/** Addresses of the cloud instance metadata service (AWS, GCP, Azure; AWS Nitro over IPv6). */
export const METADATA_ADDRESSES: ReadonlySet<string> = new Set([
  '169.254.169.254',
  'fd00:ec2::254',
]);

/** `expect` lines written per learned rule. */
export const EXPECTS_PER_RULE = 2;

export interface LearnSource {
  policyText: string;
  policyFile: string;
  topology?: Topology;
}

export interface LearnOptions {
  /** Also learn the attempts the log shows the enforcing system denied. */
  includeDenied?: boolean;
}

export interface LearnedRule {
  id: string;
  /** The `from` item: `role:R`, `node:N` or an address. */
  source: string;
  /** What the rule's destinations are: `node:N`, a site such as `example.com`, or `addresses`. */
  group: string;
  destinations: string[];
  services: string[];
  connections: number;
  /** What a reviewer must look at; also in the rule's description. */
  flags: string[];
  /** The rule's text: its description and the rule. */
  text: string;
  /** `expect` lines sampled from its traffic, deciding by this rule in the proposal. */
  expects: string[];
}

export interface LearnedFlag {
  rule: string;
  reason: string;
}

export interface Proposal {
  rules: LearnedRule[];
  /** The learned block alone (formatted), as appended to the policy. */
  addedText: string;
  /** The whole proposed policy (formatted): the given policy with the learned block after it. */
  policyText: string;
  flags: LearnedFlag[];
  /** Sources the outbound-only guard calls external, with their attempts: listed, not allowed. */
  external: { src: string; connections: number }[];
  /** Attempts an explicit deny rule of the policy decides: an appended allow cannot change them. */
  deniedByRule: { rule: string; connections: number; example: Flow }[];
  /** Attempts that no rule can name (a host that is no DNS name, and no address). */
  unlearnable: { file: string; line: number; reason: string }[];
  /** Attempts the given policy allows already. */
  alreadyAllowed: number;
  /** Attempts the log shows as denied, left out (without `includeDenied`). */
  loggedDenied: number;
  /**
   * Of those, the attempts a learned rule allows all the same, because other attempts taught
   * it their destination and service; each such rule carries a flag saying so.
   */
  loggedDeniedAllowed: number;
  /** Attempts the learned rules allow. */
  learned: number;
}

interface Group {
  source: string;
  group: string;
  node: string | undefined;
  names: Set<string>;
  addresses: Map<string, IpAddress>;
  services: Set<string>;
  connections: number;
  lines: Map<string, { first: number; last: number }>;
  /** First attempt of each distinct expect line, by that line's text. */
  samples: Map<string, { src: string; target: string; service: string; flow: Flow }>;
  metadata: Set<string>;
}

const SAMPLES_KEPT = 64;

export function learnPolicy(
  source: LearnSource,
  flows: Iterable<LearnedFlowInput>,
  options: LearnOptions = {},
): Proposal {
  const base = new Project({
    policyText: source.policyText,
    policyFile: source.policyFile,
    ...(source.topology ? { topology: { model: source.topology } } : {}),
  });
  const matcher = base.matcher();
  const index = indexTopology(source.topology);
  const groups = new Map<string, Group>();
  const external = new Map<string, number>();
  const deniedByRule = new Map<string, { connections: number; example: Flow }>();
  const unlearnable: Proposal['unlearnable'] = [];
  let alreadyAllowed = 0;
  let loggedDenied = 0;
  let learned = 0;
  // Left-out attempts the policy leaves to its default, by flow: a learned rule may allow them.
  const leftOut = new Map<string, { flow: Flow; connections: number }>();

  for (const { file, observed } of flows) {
    const { flow } = observed;
    const verdict = matcher.evaluate(flow);
    if (observed.logged === 'deny' && !options.includeDenied) {
      loggedDenied++;
      if (verdict.rule === DEFAULT_RULE && verdict.verdict === 'deny') {
        const key = flowKey(flow);
        const seen = leftOut.get(key);
        if (seen) seen.connections++;
        else leftOut.set(key, { flow, connections: 1 });
      }
      continue;
    }
    if (verdict.rule === INBOUND_RULE) {
      external.set(flow.src, (external.get(flow.src) ?? 0) + 1);
      continue;
    }
    if (verdict.verdict === 'allow') {
      alreadyAllowed++;
      continue;
    }
    if (verdict.rule !== DEFAULT_RULE) {
      const seen = deniedByRule.get(verdict.rule);
      if (seen) seen.connections++;
      else deniedByRule.set(verdict.rule, { connections: 1, example: flow });
      continue;
    }
    const placed = place(index, flow);
    if (typeof placed === 'string') {
      unlearnable.push({ file, line: observed.line, reason: placed });
      continue;
    }
    learned++;
    const key = `${placed.source}\u0000${placed.group}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        source: placed.source,
        group: placed.group,
        node: placed.node,
        names: new Set(),
        addresses: new Map(),
        services: new Set(),
        connections: 0,
        lines: new Map(),
        samples: new Map(),
        metadata: new Set(),
      };
      groups.set(key, g);
    }
    g.connections++;
    if (placed.name !== undefined) g.names.add(placed.name);
    if (placed.address !== undefined) g.addresses.set(formatIp(placed.address), placed.address);
    const service = serviceKey(flow.proto, flow.port);
    g.services.add(service);
    const ip = flow.ip === undefined ? undefined : parseIp(flow.ip);
    if (ip && METADATA_ADDRESSES.has(formatIp(ip))) g.metadata.add(formatIp(ip));
    const span = g.lines.get(file);
    if (span) {
      span.first = Math.min(span.first, observed.line);
      span.last = Math.max(span.last, observed.line);
    } else g.lines.set(file, { first: observed.line, last: observed.line });
    const src = flow.src.includes('.') || flow.src.includes(':') ? flow.src : `node:${flow.src}`;
    const sample = `${src} -> ${placed.target} on ${service}`;
    if (g.samples.size < SAMPLES_KEPT && !g.samples.has(sample)) {
      g.samples.set(sample, { src, target: placed.target, service, flow });
    }
  }

  const used = new Set([
    ...base.policy.rules.map((r) => r.id),
    ...base.policy.sets.map((s) => s.name),
  ]);
  const ordered = [...groups.values()].sort(
    (a, b) => compareSource(a.source, b.source) || compareGroup(a.group, b.group),
  );
  const ids = ordered.map((g) => uniqueId(ruleId(g), used));
  let rules = ordered.map((g, i) => ruleOf(g, ids[i]!));

  // Expect lines name the rule that decides them in the proposal itself.
  const withRules = appendBlock(source.policyText, rules.map((r) => r.text).join('\n\n'), '');
  const proposed = new Project({
    policyText: withRules,
    policyFile: source.policyFile,
    ...(source.topology ? { topology: { model: source.topology } } : {}),
  });
  if (proposed.errors.length > 0) {
    const first = proposed.errors[0]!;
    throw new Error(
      `learn wrote a policy that does not check (line ${first.range?.start.line ?? '?'}: ${first.message}): a bug in egress learn`,
    );
  }
  const decide = proposed.matcher();

  // A rule learned from some attempts may allow others the log shows denied (same destination
  // and service, another method or path): never silently; the rule says so for review.
  const allowedAnyway = new Map<string, { connections: number; example: Flow; key: string }>();
  let loggedDeniedAllowed = 0;
  for (const [key, { flow, connections }] of leftOut) {
    const v = decide.evaluate(flow);
    if (v.verdict !== 'allow') continue;
    loggedDeniedAllowed += connections;
    const seen = allowedAnyway.get(v.rule);
    if (!seen) allowedAnyway.set(v.rule, { connections, example: flow, key });
    else {
      seen.connections += connections;
      // The smallest flow as the example, whatever the order of the input.
      if (key < seen.key) Object.assign(seen, { example: flow, key });
    }
  }
  if (allowedAnyway.size > 0) {
    rules = ordered.map((g, i) => {
      const anyway = allowedAnyway.get(ids[i]!);
      if (anyway === undefined) return rules[i]!;
      const count = `${anyway.connections} attempt${anyway.connections === 1 ? '' : 's'}`;
      return ruleOf(g, ids[i]!, [
        `also allows ${count} the log shows denied (e.g. ${JSON.stringify(anyway.example)}): other attempts taught it the same destination and service; narrow or drop it if that denial is intended`,
      ]);
    });
  }
  const rulesText = rules.map((r) => r.text).join('\n\n');
  const flags = rules.flatMap((r) => r.flags.map((reason) => ({ rule: r.id, reason })));
  const expects: string[] = [];
  ordered.forEach((g, i) => {
    const picked = [...g.samples.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [text, sample] of picked.slice(0, EXPECTS_PER_RULE)) {
      const v = decide.evaluate(expectFlow(sample));
      if (v.verdict !== 'allow') continue;
      const line = `expect allow ${text} by ${v.rule}`;
      expects.push(line);
      rules[i]!.expects.push(line);
    }
  });
  const policyText = formatPolicy(
    appendBlock(source.policyText, rulesText, expects.join('\n')),
  ).text;
  // The given policy, formatted, is the proposal's prefix: what follows it is the learned block.
  const kept = formatPolicy(source.policyText).text.trimEnd();
  const addedText = rules.length === 0 ? '' : policyText.slice(kept.length).replace(/^\n+/, '');

  return {
    rules,
    addedText,
    policyText,
    flags,
    external: [...external]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([src, connections]) => ({ src, connections })),
    deniedByRule: [...deniedByRule].map(([rule, d]) => ({ rule, ...d })),
    unlearnable,
    alreadyAllowed,
    loggedDenied,
    loggedDeniedAllowed,
    learned,
  };
}

/** The flow's fields in a fixed order: equal flows give equal keys. */
function flowKey(flow: Flow): string {
  return JSON.stringify([
    flow.src,
    flow.host,
    flow.ip,
    flow.proto,
    flow.port,
    flow.method,
    flow.path,
  ]);
}

const BLOCK_HEADER =
  '# Learned from observed traffic by `egress learn`: review every rule (and each "review:"\n' +
  '# line) before enforcing.';

function appendBlock(policyText: string, rules: string, expects: string): string {
  if (rules === '') return policyText;
  return `${policyText.trimEnd()}\n\n${BLOCK_HEADER}\n\n${rules}\n${expects === '' ? '' : `\n${expects}\n`}`;
}

interface Placement {
  source: string;
  group: string;
  node: string | undefined;
  /** The host name this attempt adds to the rule (domain groups). */
  name?: string;
  /** The address this attempt adds to the rule (address groups). */
  address?: IpAddress;
  /** The `expect` target that reaches the same rule: a host or an address. */
  target: string;
}

/** Where an attempt goes, or why it cannot be named. */
function place(index: TopologyIndex, flow: Flow): Placement | string {
  const resolved = resolveFlow(index, flow);
  const node = resolved.source.node;
  const source = node
    ? node.roles.length > 0
      ? `role:${node.roles[0]}`
      : `node:${node.id}`
    : resolved.source.ip
      ? formatIp(resolved.source.ip)
      : `node:${flow.src}`;
  const dst = resolved.destination;
  const host = dst.host !== null && isDnsName(dst.host) ? dst.host : undefined;
  const ip = flow.ip === undefined ? null : parseIp(flow.ip);
  if (dst.node) {
    const target =
      host !== undefined && dst.node.hosts.includes(host) ? host : ip ? formatIp(ip) : host;
    if (target !== undefined)
      return { source, group: `node:${dst.node.id}`, node: dst.node.id, target };
  }
  if (host !== undefined)
    return { source, group: siteOf(host), node: undefined, name: host, target: host };
  if (ip) return { source, group: 'addresses', node: undefined, address: ip, target: formatIp(ip) };
  return `host "${flow.host ?? ''}" is not a DNS name a rule can allow, and the attempt has no address`;
}

function isDnsName(host: string): boolean {
  const parsed = parseDomainPattern(host);
  return !isDomainProblem(parsed) && !parsed.wildcard;
}

function expectFlow(sample: { src: string; target: string; flow: Flow }): Flow {
  const src = sample.src.startsWith('node:') ? sample.src.slice(5) : sample.src;
  const isIp = parseIp(sample.target) !== null;
  return {
    src,
    ...(isIp ? { ip: sample.target } : { host: sample.target }),
    proto: sample.flow.proto,
    ...(sample.flow.port !== undefined ? { port: sample.flow.port } : {}),
  };
}

function ruleOf(g: Group, id: string, more: readonly string[] = []): LearnedRule {
  const destinations =
    g.node !== undefined
      ? [`node:${g.node}`]
      : [...collapseNames(g.names), ...exactCoverText(g.addresses.values())];
  const services = serviceItems(g.services);
  const flags: string[] = [];
  if (g.metadata.size > 0) {
    flags.push(
      `the cloud metadata service (${[...g.metadata].sort().join(', ')}) hands out the instance's credentials`,
    );
  }
  if (g.group === 'addresses') {
    flags.push(
      `raw IP addresses that no name or topology node explains: ${destinations.join(', ')}`,
    );
  }
  const unusual = [...g.services].filter((s) => s !== 'icmp' && !USUAL_SERVICES.has(s));
  if (unusual.length > 0) {
    flags.push(`ports other than web, DNS and NTP: ${serviceItems(unusual).join(', ')}`);
  }
  flags.push(...more);
  const spans = [...g.lines]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, s]) =>
      s.first === s.last ? `${file} line ${s.first}` : `${file} lines ${s.first}-${s.last}`,
    );
  const what = g.group === 'addresses' ? 'IP addresses' : g.group;
  const description = [
    `Learned: observed ${g.connections} connection${g.connections === 1 ? '' : 's'} from ${g.source} to ${what}`,
    `in ${spans.join(', ')}.`,
    ...flags.map((f) => `review: ${f}`),
  ];
  const text =
    description.map((d) => `# ${d}`).join('\n') +
    `\nallow ${id} from ${g.source} to ${destinations.join(', ')} on ${services.join(', ')}`;
  return {
    id,
    source: g.source,
    group: g.group,
    destinations,
    services,
    connections: g.connections,
    flags,
    text,
    expects: [],
  };
}

function ruleId(g: Group): string {
  const part = (s: string): string =>
    s
      .replace(/^(role|node):/, '')
      .replace(/[^a-z0-9_-]+/gi, '-')
      .toLowerCase();
  const from = /^(role|node):/.test(g.source) ? part(g.source) : `host-${part(g.source)}`;
  const to = g.group === 'addresses' ? 'addresses' : part(g.group);
  const id = `${from}-to-${to}`.replace(/-+/g, '-');
  return /^[a-z]/.test(id) ? id : `r-${id}`;
}

function uniqueId(id: string, used: Set<string>): string {
  let candidate = id;
  for (let n = 2; used.has(candidate); n++) candidate = `${id}-${n}`;
  used.add(candidate);
  return candidate;
}

function rank(item: string): number {
  return item.startsWith('role:') ? 0 : item.startsWith('node:') ? 1 : 2;
}

function compareSource(a: string, b: string): number {
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function compareGroup(a: string, b: string): number {
  const ra = a.startsWith('node:') ? 0 : a === 'addresses' ? 2 : 1;
  const rb = b.startsWith('node:') ? 0 : b === 'addresses' ? 2 : 1;
  return ra - rb || (ra === 1 ? compareNames(a, b) : a < b ? -1 : a > b ? 1 : 0);
}
