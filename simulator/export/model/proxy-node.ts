/**
 * The forward proxy of a deployment (docs/exporters.md "Domain rules on L3/L4 targets"): the first
 * topology node of kind `proxy`. Firewalls admit internal sources to it and leave domain
 * rules to it; the Squid exporter listens on the same port, so both halves of the deployment
 * agree.
 */
import type { Topology, TopologyNode } from '../../core/model.js';
import type { PortRange } from './service-groups.js';
import { mergePortRanges } from './service-groups.js';

/** Squid's customary port, used when no topology edge says which port the proxy serves. */
export const DEFAULT_PROXY_PORT = 3128;

export interface ProxyNode {
  node: TopologyNode;
  /** TCP ports clients reach the proxy on: from edges drawn to it, else 3128. */
  ports: PortRange[];
}

export function findProxyNode(topology: Topology | undefined): ProxyNode | null {
  const node = topology?.nodes.find((n) => n.kind === 'proxy');
  if (!node) return null;
  const ranges: PortRange[] = [];
  for (const edge of topology?.edges ?? []) {
    if (edge.to !== node.id) continue;
    const m = /^tcp\/(\d+)(?:-(\d+))?$/.exec(edge.service.trim());
    if (!m) continue;
    const lo = Number(m[1]);
    ranges.push({ lo, hi: m[2] === undefined ? lo : Number(m[2]) });
  }
  const ports = ranges.length > 0 ? mergePortRanges(ranges) : [];
  return {
    node,
    ports: ports.length > 0 ? ports : [{ lo: DEFAULT_PROXY_PORT, hi: DEFAULT_PROXY_PORT }],
  };
}

/** The one port Squid listens on: the lowest port clients are admitted on. */
export function proxyListenPort(proxy: ProxyNode | null): number {
  return proxy?.ports[0]?.lo ?? DEFAULT_PROXY_PORT;
}
