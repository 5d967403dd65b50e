/**
 * The requests a deployed Squid is checked with (docs/exporters.md "Self-test and verify"):
 * the policy's `expect` lines and the topology's edges, one witness per class of allowed
 * flows of the exact inventory, and denied neighbours (the same source and destination on a
 * port nothing opens, and an address nothing names) — each sent through the proxy from its
 * source address, as plain HTTP with its method and path, or as a CONNECT tunnel. Each
 * carries the simulator's verdict for that very request and its deciding rule.
 *
 * Squid sees the client's address, the name or address asked for, the port, and for plain
 * HTTP the method and path, so a request is provable wherever the rule that decides it is
 * in the proxy as it is in the policy. The one exception is the CONNECT line a rule with
 * methods or paths gets on port 443 (a tunnel hides them): a CONNECT to 443 that meets such
 * a line on its way to the deciding rule is left out.
 */
import type { Flow, PolicyModel, Topology } from '../core/model.js';
import { buildInventory } from '../analysis/index.js';
import { compileMatcher, indexTopology, resolveFlow, runPolicyTests } from '../engine/index.js';
import { formatIp, parseIp } from '../net/ip.js';
import { findProxyNode } from './model/proxy-node.js';
import { CONNECT_ACL, type SquidPlan } from './squid-plan.js';
import { MAX_PROBES } from './self-test-probes.js';

export interface SquidProbe {
  /** The client address the request is sent from. */
  src: string;
  kind: 'http' | 'connect';
  /** `CONNECT` for a tunnel. */
  method: string;
  /** A name or an IP literal, as the client asks for it. */
  host: string;
  /** The address the simulator decided with (the name's address, or the literal). */
  ip: string;
  port: number;
  /** `/` for a tunnel. */
  path: string;
  expected: 'allow' | 'deny';
  rule: string;
  why: string;
}

const HTTPS_PORT = 443;
const CLOSED_PORT = 9;
const UNNAMED_DESTINATION = '198.18.0.1';

function provable(plan: SquidPlan, rule: string, kind: SquidProbe['kind'], port: number): boolean {
  const tunnel = kind === 'connect' && port === HTTPS_PORT;
  for (const block of plan.blocks) {
    if (tunnel && block.lines.some((l) => l.acls.includes(CONNECT_ACL))) return false;
    if (block.id === rule) return true;
  }
  return false;
}

/** The request a flow stands for: a CONNECT unless it names a plain-HTTP method or a path. */
function kindOf(flow: Flow): SquidProbe['kind'] {
  if (flow.method === 'CONNECT') return 'connect';
  if (flow.method !== undefined || flow.path !== undefined) return 'http';
  return flow.port === HTTPS_PORT ? 'connect' : 'http';
}

export function squidSelfTestProbes(
  policy: PolicyModel,
  topology: Topology | undefined,
  plan: SquidPlan,
): SquidProbe[] {
  const matcher = compileMatcher(policy, topology);
  const index = indexTopology(topology);
  const proxy = new Set(findProxyNode(topology)?.node.addresses ?? []);
  const out = new Map<string, SquidProbe>();
  const add = (flow: Flow, why: string): void => {
    if (out.size >= MAX_PROBES || flow.proto !== 'tcp' || flow.port === undefined) return;
    const resolved = resolveFlow(index, flow);
    if (resolved.source.ip === null || resolved.destination.ip === null) return;
    const src = formatIp(resolved.source.ip);
    const ip = formatIp(resolved.destination.ip);
    if (proxy.has(src) || proxy.has(ip)) return;
    const kind = kindOf(flow);
    const host = flow.host ?? ip;
    const method = kind === 'connect' ? 'CONNECT' : (flow.method ?? 'GET');
    const path = kind === 'connect' ? '/' : (flow.path ?? '/');
    const request: Flow = {
      src,
      ...(parseIp(host) === null ? { host } : {}),
      ip,
      proto: 'tcp',
      port: flow.port,
      method,
      ...(kind === 'http' ? { path } : {}),
    };
    const key = `${src}|${kind}|${method}|${host}|${flow.port}|${path}`;
    if (out.has(key)) return;
    const v = matcher.evaluate(request);
    if (!provable(plan, v.rule, kind, flow.port)) return;
    out.set(key, {
      src,
      kind,
      method,
      host,
      ip,
      port: flow.port,
      path,
      expected: v.verdict,
      rule: v.rule,
      why,
    });
  };
  for (const t of runPolicyTests(policy, topology, matcher).results) {
    if (t.flow) add(t.flow, t.label);
  }
  const sources = new Set<string>();
  for (const c of buildInventory(policy, topology).allowed) {
    const w = c.witness;
    const label = w.host ?? w.ip ?? '?';
    add(w, `allowed class of ${c.rule}: ${w.src} -> ${label}`);
    if (w.proto === 'tcp' && w.port !== undefined) {
      add({ ...w, port: CLOSED_PORT }, `denied neighbour: ${label} on another port`);
      sources.add(w.src);
    }
  }
  for (const src of sources) {
    const flow: Flow = { src, ip: UNNAMED_DESTINATION, proto: 'tcp', port: HTTPS_PORT };
    add(flow, 'denied neighbour: an unnamed address');
  }
  return [...out.values()];
}
