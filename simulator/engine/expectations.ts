/**
 * Policy tests (docs/language.md, last paragraph): every `expect` line, and every topology edge as
 * an implied `expect allow` (edge conformance). Each builds one flow exactly as docs/language.md
 * says — a `node:` endpoint is the node (src = its id); a `node:` target gives the node's
 * first host and first address — and compares the matcher's verdict with the expectation.
 * Quantified expectations (`expect all allowed from …`) are judged over their whole class by
 * the analysis (analysis/class-expectations.ts); a violation carries a witness flow.
 * A test whose flow cannot be built (unknown node, a target node with neither host nor
 * address, an edge service that is not concrete) fails with a `problem` instead.
 */
import type {
  Action,
  Expectation,
  ExpectEndpoint,
  ExpectTarget,
  Flow,
  PolicyModel,
  Protocol,
  Topology,
  TopologyEdge,
  Verdict,
} from '../core/model.js';
import type { Range } from '../core/diagnostic.js';
import { canonicalIp, formatIp } from '../net/ip.js';
import { parseEdgeService } from '../topology/edge-service.js';
import { didYouMean } from '../util/suggest.js';
import { checkClassExpectations } from '../analysis/class-expectations.js';
import { compileMatcher, type CompiledMatcher } from './compile.js';
import { firstAddressOf } from './node-address.js';

export interface TestResult {
  kind: 'expect' | 'edge';
  /**
   * Set for a quantified expectation (`expect all|none allowed|denied from …`): `flow` is then
   * a witness of the class that gets the other verdict, or null when the expectation holds.
   */
  quantifier?: 'all' | 'none';
  /** `expect allow node:trainer -> pypi.org on tcp/443 by train-deps`, `edge trainer -> pypi on tcp/443`. */
  label: string;
  /** The flow the test evaluated; null when it could not be built (see `problem`). */
  flow: Flow | null;
  expected: { verdict: Action; by?: string };
  actual: Verdict | null;
  passed: boolean;
  /** Why no flow could be built. */
  problem?: string;
  /** The `expect` line's range. */
  range?: Range;
  /** The edge's position in `topology.edges`. */
  edge?: number;
}

export interface TestReport {
  results: TestResult[];
  passed: number;
  failed: number;
}

export type FlowBuild = { ok: true; flow: Flow } | { ok: false; problem: string };

function unknownNode(name: string, topology: Topology | undefined): string {
  if (topology === undefined) return `node:${name} needs a topology, and this policy has none`;
  return `unknown node "${name}"${didYouMean(
    name,
    topology.nodes.map((n) => n.id),
  )}`;
}

/** The flow of an `expect` line (or of `egress explain "node:a -> b on tcp/443"`). */
export function buildExpectFlow(
  endpoint: ExpectEndpoint,
  target: ExpectTarget,
  service: { proto: Protocol; port?: number; method?: string; path?: string },
  topology: Topology | undefined,
): FlowBuild {
  let src: string;
  if (endpoint.kind === 'node') {
    if (topology !== undefined && !topology.nodes.some((n) => n.id === endpoint.name)) {
      return { ok: false, problem: unknownNode(endpoint.name, topology) };
    }
    src = endpoint.name;
  } else {
    src = canonicalIp(endpoint.ip) ?? endpoint.ip;
  }
  const flow: Flow = { src, proto: service.proto };
  if (target.kind === 'domain') {
    flow.host = target.domain;
  } else if (target.kind === 'ip') {
    flow.ip = canonicalIp(target.ip) ?? target.ip;
  } else {
    const node = topology?.nodes.find((n) => n.id === target.name);
    if (node === undefined) return { ok: false, problem: unknownNode(target.name, topology) };
    const host = node.hosts[0];
    const ip = firstAddressOf(node);
    if (host === undefined && ip === null) {
      return {
        ok: false,
        problem: `node ${node.id} has no host and no address, so no flow can name it; give it an address or a host`,
      };
    }
    if (host !== undefined) flow.host = host;
    if (ip !== null) flow.ip = formatIp(ip);
  }
  if (service.port !== undefined) flow.port = service.port;
  if (service.method !== undefined) flow.method = service.method;
  if (service.path !== undefined) flow.path = service.path;
  return { ok: true, flow };
}

export { parseEdgeService };

export function buildEdgeFlow(edge: TopologyEdge, topology: Topology): FlowBuild {
  const service = parseEdgeService(edge.service);
  if (service === null) {
    return {
      ok: false,
      problem: `edge service "${edge.service}" is not tcp/PORT, udp/PORT, a port range or icmp`,
    };
  }
  return buildExpectFlow(
    { kind: 'node', name: edge.from },
    { kind: 'node', name: edge.to },
    service,
    topology,
  );
}

function targetText(target: ExpectTarget): string {
  return target.kind === 'node'
    ? `node:${target.name}`
    : target.kind === 'ip'
      ? target.ip
      : target.domain;
}

export function expectationLabel(e: Expectation): string {
  const endpoint = e.endpoint.kind === 'node' ? `node:${e.endpoint.name}` : e.endpoint.ip;
  const service = e.port === undefined ? e.proto : `${e.proto}/${e.port}`;
  return (
    `expect ${e.verdict} ${endpoint} -> ${targetText(e.target)} on ${service}` +
    (e.method !== undefined ? ` method ${e.method}` : '') +
    (e.path !== undefined ? ` path ${e.path}` : '') +
    (e.by !== undefined ? ` by ${e.by}` : '')
  );
}

export function edgeLabel(edge: TopologyEdge): string {
  return `edge ${edge.from} -> ${edge.to} on ${edge.service}${edge.note ? ` (${edge.note})` : ''}`;
}

function judge(
  build: FlowBuild,
  expected: { verdict: Action; by?: string },
  matcher: CompiledMatcher,
): Pick<TestResult, 'flow' | 'actual' | 'passed' | 'problem'> {
  if (!build.ok) return { flow: null, actual: null, passed: false, problem: build.problem };
  const actual = matcher.evaluate(build.flow);
  const passed =
    actual.verdict === expected.verdict &&
    (expected.by === undefined || actual.rule === expected.by);
  return { flow: build.flow, actual, passed };
}

/** Runs every expectation and every edge. Pass a matcher compiled earlier to reuse it. */
export function runPolicyTests(
  policy: PolicyModel,
  topology?: Topology,
  matcher: CompiledMatcher = compileMatcher(policy, topology),
): TestReport {
  const results: TestResult[] = [];
  for (const e of policy.expectations) {
    const expected = { verdict: e.verdict, ...(e.by !== undefined ? { by: e.by } : {}) };
    const build = buildExpectFlow(
      e.endpoint,
      e.target,
      {
        proto: e.proto,
        ...(e.port !== undefined ? { port: e.port } : {}),
        ...(e.method !== undefined ? { method: e.method } : {}),
        ...(e.path !== undefined ? { path: e.path } : {}),
      },
      topology,
    );
    results.push({
      kind: 'expect',
      label: expectationLabel(e),
      expected,
      ...judge(build, expected, matcher),
      range: e.range,
    });
  }
  for (const c of checkClassExpectations(policy, topology)) {
    // The witness replays through the matcher, so what is reported is what `simulate` says.
    const actual = c.witness === null ? null : matcher.evaluate(c.witness);
    results.push({
      kind: 'expect',
      quantifier: c.expectation.quantifier,
      label: c.expectation.text,
      flow: c.witness,
      expected: { verdict: c.wanted },
      actual,
      passed: c.holds,
      range: c.expectation.range,
    });
  }
  topology?.edges.forEach((edge, position) => {
    const expected = { verdict: 'allow' as const };
    results.push({
      kind: 'edge',
      label: edgeLabel(edge),
      expected,
      ...judge(buildEdgeFlow(edge, topology), expected, matcher),
      edge: position,
    });
  });
  const passed = results.filter((r) => r.passed).length;
  return { results, passed, failed: results.length - passed };
}
