/**
 * Which flows an engine test may hold to the simulator's verdict (docs/exporters.md: "for every flow
 * where the fidelity is exact").
 *
 * The deciding rule must be exact — and so must every rule the target tried before it: a
 * widened or narrowed rule earlier in the file is in the target in a different shape, and can
 * catch a flow the simulator gives to a later rule. Rules that are not in the target at all
 * (unsupported, or delegated) and exact ones cannot. The inbound guard comes before every
 * rule and is exact.
 */
import { DEFAULT_RULE, INBOUND_RULE } from '../../../simulator/core/model.js';
import type { FirewallPlan, L3Rule } from '../../../simulator/export/firewall-plan.js';
import { CONNECT_ACL, type SquidPlan } from '../../../simulator/export/squid-plan.js';
import type { FidelityEntry } from '../../../simulator/export/types.js';
import { parseIp } from '../../../simulator/net/ip.js';

export function isComparable(fidelity: readonly FidelityEntry[], decidedBy: string): boolean {
  if (decidedBy === INBOUND_RULE) return true;
  for (const entry of fidelity) {
    if (entry.rule === decidedBy) return entry.fidelity === 'exact';
    if (entry.fidelity === 'widened' || entry.fidelity === 'narrowed') return false;
  }
  // Only the default is left; it is not in the list when an exporter omits it.
  return decidedBy === DEFAULT_RULE;
}

/** True when every rule (and the default) is exact: then every flow is comparable. */
export function allExact(fidelity: readonly FidelityEntry[]): boolean {
  return fidelity.every((e) => e.fidelity === 'exact');
}

/** Does a planned firewall rule's own address image cover this packet? */
export function planCoversPacket(rule: L3Rule, packet: L3Packet): boolean {
  const src = parseIp(packet.src);
  const dst = parseIp(packet.dst);
  if (src === null || dst === null) return false;
  return rule.matches.some((m) => {
    if (m.family !== null && m.family !== src.family) return false;
    if (m.src && !m.src.set.contains(src.family, src.value)) return false;
    if (m.dst && !m.dst.set.contains(dst.family, dst.value)) return false;
    switch (m.proto.proto) {
      case 'any':
        return true;
      case 'icmp':
        return false;
      default:
        return (
          m.proto.proto === packet.proto &&
          (m.proto.ports === 'all' ||
            m.proto.ports.some((r) => r.lo <= packet.port && packet.port <= r.hi))
        );
    }
  });
}

export interface L3Packet {
  src: string;
  dst: string;
  proto: 'tcp' | 'udp';
  port: number;
}

/**
 * The firewall version of `isComparable`, less conservative: an earlier widened or narrowed
 * rule only spoils the comparison when its own address image covers the packet (otherwise
 * the engine cannot have decided by it).
 */
export function isComparablePacket(
  plan: FirewallPlan,
  decidedBy: string,
  packet: L3Packet,
): boolean {
  if (decidedBy === INBOUND_RULE) return true;
  for (const [i, entry] of plan.fidelity.entries()) {
    if (entry.rule === decidedBy) return entry.fidelity === 'exact';
    if (entry.fidelity !== 'widened' && entry.fidelity !== 'narrowed') continue;
    const rule = plan.rules[i];
    if (!rule || rule.id !== entry.rule) throw new Error(`plan and fidelity out of step at ${i}`);
    if (planCoversPacket(rule, packet)) return false;
  }
  return decidedBy === DEFAULT_RULE;
}

/**
 * Squid version: the proxy's only inexactness a request can meet is the CONNECT line that a
 * rule with methods or paths gets on port 443 (UDP parts and address-less nodes never show up
 * in a proxied request from an address). So a request is comparable unless it is a CONNECT
 * to port 443 and some rule up to the deciding one has such a line.
 */
export function isComparableRequest(
  plan: SquidPlan,
  decidedBy: string,
  request: { kind: 'http' | 'connect'; port: number },
): boolean {
  const tunnel = request.kind === 'connect' && request.port === 443;
  for (const block of plan.blocks) {
    const hasTunnelLine = block.lines.some((l) => l.acls.includes(CONNECT_ACL));
    if (tunnel && hasTunnelLine) return false;
    if (block.id === decidedBy) return true;
  }
  return false;
}
