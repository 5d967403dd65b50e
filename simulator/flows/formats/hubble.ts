/**
 * Hubble flows as `hubble observe -o json` writes them: one `{"flow":{…}}` object a line (or
 * a bare flow object, as the Hubble exporter writes them). Read: `IP.source` and
 * `IP.destination`, the ports of `l4.TCP`/`l4.UDP` (`l4.ICMPv4`/`l4.ICMPv6` are icmp),
 * `destination_names` (the names Cilium's DNS proxy saw the pod resolve to this address),
 * `l7.http.method`/`url`, and `verdict`.
 *
 * - `is_reply: true`, an L7 response, or TCP flags with SYN and ACK are replies; TCP flags
 *   without SYN continue a connection already read, and so does a connection read again
 *   (Cilium reports one connection at several observation points).
 * - `FORWARDED` is allow, `DROPPED` deny, and `AUDIT` deny too: the policy in force would
 *   have dropped it (audit mode let it through). A `REDIRECTED` flow went to Cilium's L7
 *   proxy, whose own L7 events carry the request, so it is skipped.
 * - The host is the L7 request's URL host (`http-host`), else the first of
 *   `destination_names` (`dns`).
 * - The source is the pod's IP, or a topology node when the read context gives a label key
 *   (`sourceLabels`): the value of that label names the node, or a role of it.
 */
import type { Action, Protocol } from '../../core/model.js';
import type {
  FlowFormat,
  FlowLineOutcome,
  FlowLineParser,
  FlowReadContext,
  HostSource,
  SourceLabels,
} from '../flow-format.js';
import type { Destination, JsonObject } from './log-fields.js';
import { ConnectionMemory } from './connection-memory.js';
import {
  CONTINUATION,
  NOTHING,
  REPLY,
  address,
  child,
  destinationOf,
  emitted,
  httpMethod,
  jsonHead,
  jsonObject,
  jsonPort,
  makeFlow,
  malformed,
  observed,
  skipped,
  splitUrl,
  text,
  unsupportedProtocol,
} from './log-fields.js';

const REDIRECTED = 'redirected to the L7 proxy (its L7 events carry the request)';
const NOT_A_FLOW = 'not a flow (lost events, node status)';

/** The flow of a line: `{"flow":{…}}` or a bare flow object. */
function flowOf(record: JsonObject): JsonObject | undefined {
  const wrapped = child(record, 'flow');
  if (wrapped !== undefined) return wrapped;
  return typeof record.verdict === 'string' && child(record, 'IP') !== undefined
    ? record
    : undefined;
}

export const HUBBLE_FORMAT: FlowFormat = {
  name: 'hubble',
  description: 'Hubble flows (hubble observe -o json), with L7 HTTP and pod labels',
  detect(head) {
    const records = jsonHead(head);
    return (
      records.length > 0 &&
      records.some((r) => {
        const flow = flowOf(r);
        return flow !== undefined && typeof flow.verdict === 'string';
      }) &&
      records.every((r) => flowOf(r) !== undefined || 'lost_events' in r || 'node_status' in r)
    );
  },
  open(_file: string, context?: FlowReadContext): FlowLineParser {
    return new HubbleParser(context?.sourceLabels);
  },
};

/**
 * The label mapping for a topology: each node id names itself, and a role names the first
 * node (in file order) that has it.
 */
export function sourceLabelsFromTopology(
  key: string,
  topology: { nodes: readonly { id: string; roles?: readonly string[] }[] },
): SourceLabels {
  const nodes = new Map<string, string>();
  for (const node of topology.nodes) {
    for (const role of node.roles ?? []) if (!nodes.has(role)) nodes.set(role, node.id);
  }
  for (const node of topology.nodes) nodes.set(node.id, node.id);
  return { key, nodes };
}

/** The value of label `key` in Cilium's `source:key=value` spelling, if the list has it. */
export function labelValue(labels: unknown, key: string): string | undefined {
  if (!Array.isArray(labels)) return undefined;
  for (const label of labels) {
    if (typeof label !== 'string') continue;
    const eq = label.indexOf('=');
    const name = eq < 0 ? label : label.slice(0, eq);
    const colon = name.indexOf(':');
    if ((colon < 0 ? name : name.slice(colon + 1)) === key)
      return eq < 0 ? '' : label.slice(eq + 1);
  }
  return undefined;
}

class HubbleParser implements FlowLineParser {
  private readonly memory = new ConnectionMemory();

  constructor(private readonly labels: SourceLabels | undefined) {}

  push(line: string, n: number): FlowLineOutcome[] {
    const record = jsonObject(line);
    if (typeof record === 'string') return malformed(n, record);
    const flow = flowOf(record);
    if (flow === undefined) {
      if ('lost_events' in record || 'node_status' in record) return skipped(NOT_A_FLOW);
      return malformed(
        n,
        'expected a Hubble flow: {"flow":{…}} or a flow object with "verdict" and "IP"',
      );
    }
    const verdict = text(flow, 'verdict');
    if (verdict === 'REDIRECTED') return skipped(REDIRECTED);
    if (verdict === 'ERROR') return skipped('verdict ERROR (Cilium could not process the packet)');
    const l7 = child(flow, 'l7');
    if (flow.is_reply === true || flow.reply === true || text(l7, 'type') === 'RESPONSE') {
      return skipped(REPLY);
    }

    const ip = child(flow, 'IP');
    const srcText = text(ip, 'source');
    const dstText = text(ip, 'destination');
    if (srcText === undefined || dstText === undefined) return skipped('no IP addresses');
    const srcIp = address(srcText);
    if (srcIp === null)
      return malformed(n, `IP.source "${srcText}" is not an IPv4 or IPv6 address`);
    const dstIp = address(dstText);
    if (dstIp === null)
      return malformed(n, `IP.destination "${dstText}" is not an IPv4 or IPv6 address`);

    const l4 = layer4(child(flow, 'l4'));
    if (typeof l4 === 'string') return l4.startsWith('l4 ') ? malformed(n, l4) : skipped(l4);

    let to: Destination = { ip: dstIp };
    let hostSource: HostSource | undefined;
    let method: string | undefined;
    let path: string | undefined;
    let port = l4.dstPort;
    const http = child(l7, 'http');
    if (http !== undefined) {
      const url = text(http, 'url');
      const parts = url !== undefined ? splitUrl(url) : undefined;
      const named = parts !== undefined ? destinationOf(parts.name) : undefined;
      if (named?.host !== undefined) {
        to = { host: named.host, ip: dstIp };
        hostSource = 'http-host';
      }
      if (parts !== undefined) {
        path = parts.path;
        if (port < 1) port = parts.port;
      }
      const m = text(http, 'method');
      if (m !== undefined) method = httpMethod(m);
    } else {
      const side = l4.flags === undefined ? 'attempt' : sideOf(l4.flags);
      if (side !== 'attempt') return skipped(side === 'reply' ? REPLY : CONTINUATION);
      const seen = this.memory.classify(l4.proto, srcIp, l4.srcPort, dstIp, l4.dstPort, false);
      if (seen !== 'attempt') return skipped(seen === 'reply' ? REPLY : CONTINUATION);
    }
    if (hostSource === undefined && Array.isArray(flow.destination_names)) {
      for (const name of flow.destination_names) {
        const named = typeof name === 'string' ? destinationOf(name) : undefined;
        if (named?.host !== undefined) {
          to = { host: named.host, ip: dstIp };
          hostSource = 'dns';
          break;
        }
      }
    }
    if (l4.proto !== 'icmp' && port < 1) return malformed(n, 'no destination port');

    let src = srcIp;
    if (this.labels !== undefined) {
      const value = labelValue(child(flow, 'source')?.labels, this.labels.key);
      const node = value !== undefined ? this.labels.nodes.get(value) : undefined;
      if (node !== undefined) src = node;
    }
    const logged: Action | undefined =
      verdict === 'FORWARDED'
        ? 'allow'
        : verdict === 'DROPPED' || verdict === 'AUDIT'
          ? 'deny'
          : undefined;
    return emitted(
      observed(makeFlow(src, to, l4.proto, port, method, path), n, logged, hostSource),
    );
  }

  finish(): FlowLineOutcome[] {
    return NOTHING;
  }
}

interface Layer4 {
  proto: Protocol;
  srcPort: number;
  dstPort: number;
  flags: JsonObject | undefined;
}

function layer4(l4: JsonObject | undefined): Layer4 | string {
  if (l4 === undefined) return 'no layer 4 (l4)';
  const tcp = child(l4, 'TCP');
  const udp = tcp === undefined ? child(l4, 'UDP') : undefined;
  const ports = tcp ?? udp;
  if (ports !== undefined) {
    const srcPort = ports.source_port === undefined ? 0 : jsonPort(ports.source_port);
    const dstPort = ports.destination_port === undefined ? 0 : jsonPort(ports.destination_port);
    if (srcPort < 0) return `l4 source_port ${JSON.stringify(ports.source_port)} is not a port`;
    if (dstPort < 0)
      return `l4 destination_port ${JSON.stringify(ports.destination_port)} is not a port`;
    return {
      proto: tcp ? 'tcp' : 'udp',
      srcPort,
      dstPort,
      flags: tcp ? child(tcp, 'flags') : undefined,
    };
  }
  if (child(l4, 'ICMPv4') !== undefined || child(l4, 'ICMPv6') !== undefined) {
    return { proto: 'icmp', srcPort: 0, dstPort: 0, flags: undefined };
  }
  const other = Object.keys(l4)[0];
  return unsupportedProtocol(other ?? '(none)');
}

function sideOf(flags: JsonObject): 'attempt' | 'reply' | 'continuation' {
  if (flags.SYN !== true) return 'continuation';
  return flags.ACK === true ? 'reply' : 'attempt';
}
