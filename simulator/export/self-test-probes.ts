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
 * the proxy). Probes are TCP connects and UDP sends, what every host can try; ICMP flows are
 * left out. A UDP send proves something only when an answer comes back (a DNS query on port
 * 53, which any resolver answers).
 */
import type { Flow, PolicyModel, Topology, TopologyNode } from '../core/model.js';
import { compileMatcher, indexTopology, resolveFlow, runPolicyTests } from '../engine/index.js';
import { firstAddressOf } from '../engine/node-address.js';
import { formatIp, parseIp, type IpAddress } from '../net/ip.js';
import { buildInventory } from '../analysis/index.js';
import { findProxyNode } from './model/proxy-node.js';
import type { FirewallPlan, L3Rule } from './firewall-plan.js';

export type ProbeProto = 'tcp' | 'udp';

export interface SelfTestProbe {
  src: string;
  dst: string;
  proto: ProbeProto;
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

/** Does a planned rule's address image cover this packet? */
function covers(
  rule: L3Rule,
  src: IpAddress,
  dst: IpAddress,
  proto: ProbeProto,
  port: number,
): boolean {
  return rule.matches.some((m) => {
    if (m.family !== null && m.family !== src.family) return false;
    if (m.src && !m.src.set.contains(src.family, src.value)) return false;
    if (m.dst && !m.dst.set.contains(dst.family, dst.value)) return false;
    const p = m.proto;
    if (p.proto === 'any') return true;
    if (p.proto !== proto) return false;
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
  proto: ProbeProto,
  port: number,
): boolean {
  if (rule === 'inbound') return true;
  for (const [i, planned] of plan.rules.entries()) {
    const grade = plan.fidelity[i]?.fidelity ?? 'exact';
    if (planned.id === rule) return grade === 'exact';
    if ((grade === 'widened' || grade === 'narrowed') && covers(planned, src, dst, proto, port))
      return false;
  }
  return false;
}

/** A TCP or UDP flow to one port, without method or path: what a firewall probe can send. */
function probeable(flow: Flow): flow is Flow & { proto: ProbeProto; port: number } {
  if (flow.proto !== 'tcp' && flow.proto !== 'udp') return false;
  return flow.port !== undefined && flow.method === undefined && flow.path === undefined;
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
  const add = (src: string, dst: string, proto: ProbeProto, port: number, why: string): void => {
    const key = `${src}|${dst}|${proto}|${port}`;
    if (out.has(key) || out.size >= MAX_PROBES) return;
    const s = parseIp(src);
    const d = parseIp(dst);
    if (s === null || d === null || s.family !== d.family) return;
    if (proxy.has(src) || proxy.has(dst)) return;
    const v = matcher.evaluate({ src, ip: dst, proto, port });
    if (!provable(plan, v.rule, s, d, proto, port)) return;
    out.set(key, { src, dst, proto, port, expected: v.verdict, rule: v.rule, why });
  };
  const addFlow = (flow: Flow | null, why: string): void => {
    if (flow === null || !probeable(flow)) return;
    const src = addressOf(flow.src, topology);
    const dst = addressOf(flow.ip, topology);
    if (src !== null && dst !== null) add(src, dst, flow.proto, flow.port, why);
  };
  for (const t of runPolicyTests(policy, topology, matcher).results) addFlow(t.flow, t.label);
  // One probe per class of allowed flows of the exact inventory (its witness), and its denied
  // neighbours.
  const index = indexTopology(topology);
  const sources = new Map<string, Set<ProbeProto>>();
  for (const c of buildInventory(policy, topology).allowed) {
    const w = c.witness;
    if (!probeable(w)) continue;
    const resolved = resolveFlow(index, w);
    const src = resolved.source.ip;
    const dst = resolved.destination.ip;
    if (src === null || dst === null) continue;
    const s = formatIp(src);
    sources.set(s, (sources.get(s) ?? new Set()).add(w.proto));
    const label = w.host ?? formatIp(dst);
    add(s, formatIp(dst), w.proto, w.port, `allowed class of ${c.rule}: ${w.src} -> ${label}`);
    add(s, formatIp(dst), w.proto, CLOSED_PORT, `denied neighbour: ${label} on another port`);
  }
  for (const [s, protos] of sources) {
    add(s, UNNAMED_DESTINATION, 'tcp', 443, 'denied neighbour: an unnamed address');
    // The way out that DNS tunnels take: a resolver nothing names.
    if (protos.has('udp')) {
      add(s, UNNAMED_DESTINATION, 'udp', 53, 'denied neighbour: DNS to an unnamed address');
    }
  }
  return [...out.values()];
}

/**
 * A DNS query for the root's name servers (id 0x4567, recursion desired): what a resolver on
 * port 53 answers, with an answer or an error, whatever its configuration.
 */
const DNS_QUERY = [
  0x45, 0x67, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00,
  0x01,
];
/** Elsewhere a line of text: a service that echoes answers it, most services stay silent. */
const PLAIN_DATAGRAM = [...'egress self-test\n'].map((c) => c.charCodeAt(0));

/** The datagram a UDP probe sends; neither begins with a NUL or a newline (see the script). */
export function udpPayload(port: number): readonly number[] {
  return port === 53 ? DNS_QUERY : PLAIN_DATAGRAM;
}
