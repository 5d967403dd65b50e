/**
 * Flow resolution (docs/language.md "Resolution"): who is the source (node, IP, zone), is it
 * external (the outbound-only guard), and what is the destination (node, host, IP).
 *
 * The pieces work in numbers (interned ids, int32 addresses) over the indexes of
 * `indexTopology`: `resolveSource` (steps 1–2), `resolveAddress` (an IP and the node owning
 * it), `normalizeHost` and the host → node map (step 3). The compiled matcher caches their
 * results per distinct text; `resolveFlow` composes them into readable data for explain,
 * the CLI and the app.
 *
 * Decisions the language leaves open, applied identically by the reference interpreter:
 * - `src` is an IP when it parses as one; otherwise it is a node name. A name that is not a
 *   node of the topology (or any name when there is no topology) still matches `node:NAME`,
 *   but has no roles, zone or address (`validateFlow` reports it when a topology is present).
 * - An empty `host` or `ip` counts as absent, and so does an `ip` that does not parse.
 * - Hosts are compared lower-case without a trailing dot.
 */
import type { Flow, TopologyNode } from '../core/model.js';
import type { IpAddress } from '../net/ip.js';
import { normalizeDomain } from '../util/domain.js';
import { ipAddressFromFast, parseIpInto } from './tuned/fast-ip.js';
import { ZONE_EXTERNAL, ZONE_INTERNAL, type TopologyIndex } from './topology-index.js';

export { indexTopology } from './topology-index.js';
export type { TopologyIndex, IndexedNode } from './topology-index.js';

/** An address in numbers: family 0 (none), 4 (`v4` as int32) or 6 (`v6` words). */
export class AddressResolution {
  family = 0;
  v4 = 0;
  readonly v6 = new Int32Array(4);
  /** The node whose addresses contain the IP (longest prefix, first in file), or -1. */
  node = -1;
}

/** docs/language.md steps 1 and 2 in numbers. */
export class SourceResolution extends AddressResolution {
  /** The name `node:` items compare with: the src name, or the id of the node an IP belongs to. */
  name: string | null = null;
  /** True when the IP is the source node's first address (src named the node). */
  ipFromNode = false;
  /** Interned source zone name, or -1. */
  zone = -1;
  /** True when the outbound-only guard denies the flow as inbound. */
  external = false;
}

/** Parses `text` and finds the node owning the address (longest prefix). */
export function resolveAddress(index: TopologyIndex, text: string, out: AddressResolution): void {
  const family = parseIpInto(text, out.v6);
  out.family = family;
  if (family === 4) {
    resolveIpv4(index, out.v6[0]!, out);
  } else if (family === 6) {
    resolveIpv6(index, out.v6, out);
  } else {
    out.v4 = 0;
    out.v6.fill(0);
    out.node = -1;
  }
}

/** `resolveAddress` of an IPv4 address given as a number (int32). */
export function resolveIpv4(index: TopologyIndex, v4: number, out: AddressResolution): void {
  out.family = 4;
  out.v4 = v4;
  // Four stores, not `fill` (a call): this runs for every IPv4 address of a flow file.
  const v6 = out.v6;
  v6[0] = 0;
  v6[1] = 0;
  v6[2] = 0;
  v6[3] = 0;
  out.node = index.nodeTrieV4.longestV4(v4);
}

/** `resolveAddress` of an IPv6 address given as its four words (`out.v6` itself may be given). */
export function resolveIpv6(index: TopologyIndex, words: Int32Array, out: AddressResolution): void {
  out.family = 6;
  out.v4 = 0;
  if (words !== out.v6) out.v6.set(words);
  out.node = index.nodeTrieV6.longestV6(out.v6);
}

/** `resolveSource` of a src that is an IP address, once `out` holds its `resolveAddress`. */
export function resolveSourceAddress(index: TopologyIndex, out: SourceResolution): void {
  out.ipFromNode = false;
  out.name = out.node >= 0 ? index.nodes[out.node]!.record.id : null;
  resolveSourceZone(index, out);
}

/** Resolves a flow's `src` (docs/language.md steps 1–2). */
export function resolveSource(index: TopologyIndex, src: string, out: SourceResolution): void {
  const nodes = index.nodes;
  const named = index.nodeById.get(src);
  // A node id, unless the text is an IP (valid ids never are; see `idIsIp`).
  if (named !== undefined && !nodes[named]!.idIsIp) {
    const node = nodes[named]!;
    out.node = named;
    out.name = src;
    const ip = node.firstIp;
    out.family = ip === null ? 0 : ip.family;
    out.v4 = ip === null ? 0 : ip.v4;
    if (ip === null) out.v6.fill(0);
    else out.v6.set(ip.v6);
    out.ipFromNode = ip !== null;
  } else {
    resolveAddress(index, src, out);
    if (out.family !== 0) {
      resolveSourceAddress(index, out);
      return;
    }
    out.ipFromNode = false;
    out.name = src;
  }
  resolveSourceZone(index, out);
}

/** The zone of a source whose node and address are resolved, and the outbound-only guard. */
function resolveSourceZone(index: TopologyIndex, out: SourceResolution): void {
  const nodes = index.nodes;
  let zone = -1;
  if (out.node >= 0) zone = nodes[out.node]!.zone;
  else if (out.family === 4) zone = index.zoneTrieV4.longestV4(out.v4);
  else if (out.family === 6) zone = index.zoneTrieV6.longestV6(out.v6);
  out.zone = zone;

  // Outbound-only guard.
  let external = false;
  if (index.hasInternalZone) {
    if (zone >= 0 && index.zoneKind[zone] === ZONE_EXTERNAL) {
      external = true;
    } else if (out.node < 0 || index.zoneKind[nodes[out.node]!.zone] !== ZONE_INTERNAL) {
      // Names no internal node: internal only if the IP lies in an internal zone.
      external =
        out.family === 4
          ? index.internalTrieV4.longestV4(out.v4) < 0
          : out.family === 6
            ? index.internalTrieV6.longestV6(out.v6) < 0
            : true;
    }
  }
  out.external = external;
}

/** Lower case without a trailing dot; returns the text itself when it already is. */
export function normalizeHost(host: string): string {
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return normalizeDomain(host);
  }
  return host.charCodeAt(host.length - 1) === 46 ? normalizeDomain(host) : host;
}

/** The first node listing the (normalised) host, or -1. */
export function hostNode(index: TopologyIndex, host: string): number {
  return index.nodeByHost.get(host) ?? -1;
}

export interface ResolvedSource {
  /** What `node:` items compare with: the src name, or the id of the node an IP belongs to. */
  name: string | null;
  /** The topology node, when the source is (or resolves to) one. */
  node: TopologyNode | null;
  ip: IpAddress | null;
  zone: string | null;
  /** True when the outbound-only guard denies the flow as inbound. */
  external: boolean;
}

export interface ResolvedDestination {
  node: TopologyNode | null;
  host: string | null;
  ip: IpAddress | null;
  /** True when `ip` is the destination node's first address, not the flow's own. */
  ipImplied: boolean;
}

export interface ResolvedFlow {
  flow: Flow;
  source: ResolvedSource;
  destination: ResolvedDestination;
}

function readableIp(a: { family: number; v4: number; v6: Int32Array }): IpAddress | null {
  return a.family === 4 || a.family === 6 ? ipAddressFromFast(a.family, a.v4, a.v6) : null;
}

/** Resolves a flow into readable data (explain, app, CLI). */
export function resolveFlow(index: TopologyIndex, flow: Flow): ResolvedFlow {
  const nodes = index.nodes;
  const source = new SourceResolution();
  resolveSource(index, flow.src, source);

  // Step 3: the node listing the host, else the node owning the ip; the node's first
  // address stands in for a missing ip when the host named the node.
  const host = flow.host === undefined || flow.host === '' ? null : normalizeHost(flow.host);
  const address = new AddressResolution();
  if (flow.ip !== undefined && flow.ip !== '') resolveAddress(index, flow.ip, address);
  const listed = host === null ? -1 : hostNode(index, host);
  const dstNode = listed >= 0 ? listed : address.node;
  let ip = readableIp(address);
  let ipImplied = false;
  const firstIp = dstNode >= 0 ? nodes[dstNode]!.firstIp : null;
  if (ip === null && host !== null && firstIp !== null) {
    ip = readableIp(firstIp);
    ipImplied = true;
  }
  return {
    flow,
    source: {
      name: source.name,
      node: source.node >= 0 ? nodes[source.node]!.record : null,
      ip: readableIp(source),
      zone: source.zone >= 0 ? index.zoneNames[source.zone]! : null,
      external: source.external,
    },
    destination: {
      node: dstNode >= 0 ? nodes[dstNode]!.record : null,
      host,
      ip,
      ipImplied,
    },
  };
}

export { validateFlow } from './validate-flow.js';
