/**
 * The flows a deployed firewall is checked with (docs/exporters.md "Self-test and verify"):
 * the policy's `expect` lines and the topology's edges, every allowed connection path of the
 * exact inventory (one witness per class of allowed flows), and, for each of them, a denied
 * neighbour — the same source and destination on a port the policy does not open, and a
 * destination nothing names. Each probe carries the simulator's verdict and deciding rule:
 * what the firewall must do is what the simulator says.
 *
 * A firewall sees addresses, so a probe needs a source address and a destination address;
 * flows known only by name are left out, and so are flows the firewall cannot be held to
 * (decided by a rule that is not exact there or caught first by one that is not, or touching
 * the proxy). Probes are TCP
 * connects: what every host can try.
 */
import type { Flow, PolicyModel, Topology, TopologyNode } from '../core/model.js';
import { compileMatcher, indexTopology, resolveFlow, runPolicyTests } from '../engine/index.js';
import { firstAddressOf } from '../engine/node-address.js';
import { formatIp, parseIp, type IpAddress } from '../net/ip.js';
import { buildInventory } from '../analysis/index.js';
import { findProxyNode } from './model/proxy-node.js';
import type { FirewallPlan, L3Rule } from './firewall-plan.js';

export interface SelfTestProbe {
  src: string;
  dst: string;
  proto: 'tcp';
  port: number;
  expected: 'allow' | 'deny';
  /** The deciding rule (`default`, `inbound` or a rule id). */
  rule: string;
  /** Where the probe comes from: an expect line, an edge, an allowed path, a denied neighbour. */
  why: string;
}

/** At most this many probes: a self-test runs in seconds, not minutes. */
export const MAX_PROBES = 60;
/** A port nothing in the examples opens: the "same destination, another port" neighbour. */
const CLOSED_PORT = 9;
/** A destination outside every example's names: the "anything else" neighbour. */
const UNNAMED_DESTINATION = '198.18.0.1';

function addressOf(text: string | undefined, topology: Topology | undefined): string | null {
  if (text === undefined) return null;
  const ip = parseIp(text);
  if (ip !== null) return formatIp(ip);
  const node = topology?.nodes.find((n: TopologyNode) => n.id === text);
  const first = node ? firstAddressOf(node) : null;
  return first === null ? null : formatIp(first);
}

/** Does a planned rule's address image cover this TCP packet? */
function covers(rule: L3Rule, src: IpAddress, dst: IpAddress, port: number): boolean {
  return rule.matches.some((m) => {
    if (m.family !== null && m.family !== src.family) return false;
    if (m.src && !m.src.set.contains(src.family, src.value)) return false;
    if (m.dst && !m.dst.set.contains(dst.family, dst.value)) return false;
    const p = m.proto;
    if (p.proto === 'any') return true;
    if (p.proto !== 'tcp') return false;
    return p.ports === 'all' || p.ports.some((r) => r.lo <= port && port <= r.hi);
  });
}

/**
 * Can the firewall be held to the simulator's verdict for this packet? Only when the deciding
 * rule is exact there and no widened or narrowed rule before it covers the packet.
 */
function provable(
  plan: FirewallPlan,
  rule: string,
  src: IpAddress,
  dst: IpAddress,
  port: number,
): boolean {
  if (rule === 'inbound') return true;
  for (const [i, planned] of plan.rules.entries()) {
    const grade = plan.fidelity[i]?.fidelity ?? 'exact';
    if (planned.id === rule) return grade === 'exact';
    if ((grade === 'widened' || grade === 'narrowed') && covers(planned, src, dst, port))
      return false;
  }
  return false;
}

export function selfTestProbes(
  policy: PolicyModel,
  topology: Topology | undefined,
  plan: FirewallPlan,
): SelfTestProbe[] {
  const matcher = compileMatcher(policy, topology);
  // Traffic to and from the proxy meets the lines that admit clients to it, which no rule owns.
  const proxy = new Set(findProxyNode(topology)?.node.addresses ?? []);
  const out = new Map<string, SelfTestProbe>();
  const add = (src: string, dst: string, port: number, why: string): void => {
    const key = `${src}|${dst}|${port}`;
    if (out.has(key) || out.size >= MAX_PROBES) return;
    const s = parseIp(src);
    const d = parseIp(dst);
    if (s === null || d === null || s.family !== d.family) return;
    if (proxy.has(src) || proxy.has(dst)) return;
    const v = matcher.evaluate({ src, ip: dst, proto: 'tcp', port });
    if (!provable(plan, v.rule, s, d, port)) return;
    out.set(key, { src, dst, proto: 'tcp', port, expected: v.verdict, rule: v.rule, why });
  };
  const addFlow = (flow: Flow | null, why: string): void => {
    if (flow === null || flow.proto !== 'tcp' || flow.port === undefined) return;
    if (flow.method !== undefined || flow.path !== undefined) return;
    const src = addressOf(flow.src, topology);
    const dst = addressOf(flow.ip, topology);
    if (src !== null && dst !== null) add(src, dst, flow.port, why);
  };
  for (const t of runPolicyTests(policy, topology, matcher).results) addFlow(t.flow, t.label);
  // One probe per class of allowed flows of the exact inventory (its witness), and its denied
  // neighbours.
  const index = indexTopology(topology);
  const sources = new Set<string>();
  for (const c of buildInventory(policy, topology).allowed) {
    const w = c.witness;
    if (w.proto !== 'tcp' || w.port === undefined || w.method !== undefined || w.path !== undefined)
      continue;
    const resolved = resolveFlow(index, w);
    const src = resolved.source.ip;
    const dst = resolved.destination.ip;
    if (src === null || dst === null) continue;
    const s = formatIp(src);
    sources.add(s);
    const label = w.host ?? formatIp(dst);
    add(s, formatIp(dst), w.port, `allowed class of ${c.rule}: ${w.src} -> ${label}`);
    add(s, formatIp(dst), CLOSED_PORT, `denied neighbour: ${label} on another port`);
  }
  for (const s of sources) add(s, UNNAMED_DESTINATION, 443, 'denied neighbour: an unnamed address');
  return [...out.values()];
}
