/**
 * A rule's `on` clause regrouped by protocol, the way packet filters match it: one port list
 * per transport protocol (merged, so that no two ranges overlap — nft rejects overlapping
 * elements in an anonymous set), ICMP as a flag, or "any protocol".
 */
import type { ServiceItem } from '../../core/model.js';

export interface PortRange {
  lo: number;
  hi: number;
}

export interface ServiceGroups {
  /** True when the rule matches every protocol (no `on`, or `on any`). */
  any: boolean;
  /** `null`: the protocol is not matched; `'all'`: every port; else merged ranges. */
  tcp: PortRange[] | 'all' | null;
  udp: PortRange[] | 'all' | null;
  icmp: boolean;
}

export function mergePortRanges(ranges: readonly PortRange[]): PortRange[] {
  const sorted = [...ranges].sort((a, b) => a.lo - b.lo || a.hi - b.hi);
  const out: PortRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.lo <= last.hi + 1) last.hi = Math.max(last.hi, r.hi);
    else out.push({ lo: r.lo, hi: r.hi });
  }
  return out;
}

export function groupServices(services: readonly ServiceItem[] | null): ServiceGroups {
  const groups: ServiceGroups = { any: false, tcp: null, udp: null, icmp: false };
  if (services === null) return { ...groups, any: true };
  const ranges: Record<'tcp' | 'udp', PortRange[]> = { tcp: [], udp: [] };
  for (const s of services) {
    if (s.kind === 'any') return { ...groups, any: true };
    if (s.proto === 'icmp') {
      groups.icmp = true;
    } else if (s.ports === undefined || groups[s.proto] === 'all') {
      groups[s.proto] = 'all';
    } else {
      ranges[s.proto].push(s.ports);
      groups[s.proto] = [];
    }
  }
  for (const proto of ['tcp', 'udp'] as const) {
    if (Array.isArray(groups[proto])) groups[proto] = mergePortRanges(ranges[proto]);
  }
  return groups;
}

/** `80`, `8000-8100` (`sep` is `-` for nft and Squid, `:` for iptables). */
export function portRangeText(r: PortRange, sep: string): string {
  return r.lo === r.hi ? String(r.lo) : `${r.lo}${sep}${r.hi}`;
}

/** Does the service set admit `port` over TCP? */
export function admitsTcpPort(groups: ServiceGroups, port: number): boolean {
  if (groups.any || groups.tcp === 'all') return true;
  return groups.tcp !== null && groups.tcp.some((r) => r.lo <= port && port <= r.hi);
}
