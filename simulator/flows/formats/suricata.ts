/**
 * Suricata EVE JSON, one event a line, also inside the AWS Network Firewall wrapper
 * (`{"firewall_name":…,"availability_zone":…,"event_timestamp":…,"event":{…EVE…}}`).
 *
 * One connection gives several events that share a `flow_id`: `tls` (the SNI), `http` (Host,
 * method, URL), `alert` and `drop` (what the engine did), and at its end one `flow` event
 * (both directions, oriented client to server) or, in AWS Network Firewall's flow logs, two
 * `netflow` events (one a direction, the client's first). They become one attempt:
 *
 * - events are gathered by `flow_id` until the connection's `flow` event, or its first
 *   `netflow` event, emits the attempt (the line is the connection's first event); the
 *   second `netflow` event of a connection is its reply;
 * - what is still gathered at the end of the file is emitted then, in first-line order, and
 *   so is the oldest connection when more than 65,536 are open at once (memory stays flat);
 * - an event without `flow_id` is an attempt of its own (a `netflow` one unless it is the
 *   reverse of a connection already read, or answers from the service's port).
 *
 * The host is the TLS SNI, else the HTTP Host; method and path are the connection's first
 * HTTP request's (later requests on a kept-alive connection are not separate attempts). An
 * alert whose action is `blocked`, or a `drop` event, makes the logged action deny; an
 * `allowed` alert, or a flow without alerts, allow (the engine let it through). Alerts are
 * oriented like the packet that raised them: `to_client` ones are turned around.
 */
import type { Action, Protocol } from '../../core/model.js';
import type { FlowFormat, FlowLineOutcome, FlowLineParser, HostSource } from '../flow-format.js';
import type { Destination, JsonObject } from './log-fields.js';
import { ConnectionMemory } from './connection-memory.js';
import {
  NOTHING,
  REPLY,
  CONTINUATION,
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
  pathOf,
  protocolFromName,
  skipped,
  splitUrl,
  text,
  unsupportedProtocol,
} from './log-fields.js';

const EVENT_TYPES = new Set([
  'flow',
  'netflow',
  'tls',
  'http',
  'alert',
  'drop',
  'dns',
  'fileinfo',
  'anomaly',
  'stats',
  'ssh',
  'smb',
  'quic',
]);
const GATHERED = new Set(['tls', 'http', 'alert', 'drop']);
const PENDING_LIMIT = 1 << 16;

/** The EVE event of a line: the line itself, or the AWS Network Firewall wrapper's `event`. */
function eventOf(record: JsonObject): JsonObject {
  const wrapped = child(record, 'event');
  return wrapped !== undefined && typeof record.firewall_name === 'string' ? wrapped : record;
}

export const SURICATA_FORMAT: FlowFormat = {
  name: 'suricata',
  description:
    'Suricata EVE JSON (flow, tls, http, alert events), also as AWS Network Firewall logs',
  detect(head) {
    const events = jsonHead(head).map(eventOf);
    return (
      events.length > 0 &&
      events.every((e) => typeof e.event_type === 'string') &&
      events.some((e) => EVENT_TYPES.has(e.event_type as string) && typeof e.src_ip === 'string')
    );
  },
  open(): FlowLineParser {
    return new SuricataParser();
  },
};

interface Tuple {
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  proto: Protocol;
}

/** What the events of one connection said so far. */
interface Gathered {
  line: number;
  tuple: Tuple | undefined;
  to: Destination | undefined;
  hostSource: HostSource | undefined;
  method: string | undefined;
  path: string | undefined;
  logged: Action | undefined;
}

class SuricataParser implements FlowLineParser {
  private readonly open = new Map<number | string, Gathered>();
  /** Connections whose attempt was emitted, by flow_id (their later events are not new). */
  private done = new Map<number | string, true>();
  private doneBefore = new Map<number | string, true>();
  private readonly memory = new ConnectionMemory();

  push(line: string, n: number): FlowLineOutcome[] {
    const record = jsonObject(line);
    if (typeof record === 'string') return malformed(n, record);
    const event = eventOf(record);
    const type = event.event_type;
    if (typeof type !== 'string') return malformed(n, 'no "event_type": not a Suricata EVE event');
    if (type !== 'flow' && type !== 'netflow' && !GATHERED.has(type))
      return skipped(`${type} event`);

    const tuple = tupleOf(event, type === 'alert');
    if (typeof tuple === 'string') {
      return tuple.startsWith('protocol ') ? skipped(tuple) : malformed(n, tuple);
    }
    const id = flowId(event);
    if (id === undefined) {
      const gathered = this.gather(newGathered(n), event, type);
      if (type === 'netflow') {
        const side = this.memory.classify(
          tuple.proto,
          tuple.src,
          tuple.srcPort,
          tuple.dst,
          tuple.dstPort,
          true,
        );
        if (side === 'reply') return skipped(REPLY);
        if (side === 'continuation') return skipped(CONTINUATION);
      }
      gathered.tuple = tuple;
      return this.emit(gathered);
    }
    if (this.isDone(id)) return type === 'netflow' ? skipped(REPLY) : skipped(CONTINUATION);

    let gathered = this.open.get(id);
    if (gathered === undefined && (type === 'flow' || type === 'netflow')) {
      // A connection's only event (the common case in flow logs): no need to gather it.
      this.markDone(id);
      const alone = this.gather(newGathered(n), event, type);
      alone.tuple = tuple;
      return this.emit(alone);
    }
    const evicted: FlowLineOutcome[] = [];
    if (gathered === undefined) {
      if (this.open.size >= PENDING_LIMIT) evicted.push(...this.emitOldest());
      gathered = newGathered(n);
      this.open.set(id, gathered);
    }
    this.gather(gathered, event, type);
    // The flow and netflow events carry the client-to-server tuple; others the packet's.
    if (type === 'flow' || type === 'netflow' || gathered.tuple === undefined)
      gathered.tuple = tuple;
    if (type !== 'flow' && type !== 'netflow') return evicted.length > 0 ? evicted : NOTHING;
    this.open.delete(id);
    this.markDone(id);
    return evicted.concat(this.emit(gathered));
  }

  finish(): FlowLineOutcome[] {
    const out: FlowLineOutcome[] = [];
    for (const gathered of this.open.values()) out.push(...this.emit(gathered));
    this.open.clear();
    return out;
  }

  private emitOldest(): FlowLineOutcome[] {
    const oldest = this.open.entries().next();
    if (oldest.done) return NOTHING;
    const [id, gathered] = oldest.value;
    this.open.delete(id);
    this.markDone(id);
    return this.emit(gathered);
  }

  /** Two generations, as in ConnectionMemory: the old one is dropped whole. */
  private markDone(id: number | string): void {
    if (this.done.size >= PENDING_LIMIT) {
      this.doneBefore = this.done;
      this.done = new Map();
    }
    this.done.set(id, true);
  }

  private isDone(id: number | string): boolean {
    return this.done.has(id) || this.doneBefore.has(id);
  }

  private gather(g: Gathered, event: JsonObject, type: string): Gathered {
    const sni = text(child(event, 'tls'), 'sni');
    if (sni !== undefined && g.hostSource !== 'sni') {
      const to = destinationOf(sni);
      if (to?.host !== undefined) {
        g.to = to;
        g.hostSource = 'sni';
      }
    }
    const http = child(event, 'http');
    if (http !== undefined && g.method === undefined) {
      const hostname = text(http, 'hostname');
      const url = text(http, 'url');
      const absolute = url !== undefined && !url.startsWith('/') ? splitUrl(url) : undefined;
      const name = hostname ?? absolute?.name;
      if (name !== undefined && g.hostSource !== 'sni') {
        const to = destinationOf(name);
        if (to !== undefined) {
          g.to = to;
          g.hostSource = to.host !== undefined ? 'http-host' : undefined;
        }
      }
      const method = text(http, 'http_method');
      if (method !== undefined) g.method = httpMethod(method);
      if (url !== undefined)
        g.path =
          absolute !== undefined ? absolute.path : url.startsWith('/') ? pathOf(url) : undefined;
    }
    if (type === 'drop') g.logged = 'deny';
    const action = text(child(event, 'alert'), 'action');
    if (action === 'blocked') g.logged = 'deny';
    else if (action === 'allowed' && g.logged === undefined) g.logged = 'allow';
    return g;
  }

  private emit(g: Gathered): FlowLineOutcome[] {
    const t = g.tuple!;
    // A destination name with an address different from the tuple's is another host's name.
    const to: Destination = { host: g.to?.host, ip: t.dst };
    const flow = makeFlow(t.src, to, t.proto, t.dstPort, g.method, g.path);
    return emitted(observed(flow, g.line, g.logged ?? 'allow', g.hostSource));
  }
}

function newGathered(line: number): Gathered {
  return {
    line,
    tuple: undefined,
    to: undefined,
    hostSource: undefined,
    method: undefined,
    path: undefined,
    logged: undefined,
  };
}

function flowId(event: JsonObject): number | string | undefined {
  const id = event.flow_id;
  return typeof id === 'number' || typeof id === 'string' ? id : undefined;
}

/** The client-to-server tuple of an event, or why there is none. */
function tupleOf(event: JsonObject, packetOriented: boolean): Tuple | string {
  const protoName = event.proto;
  const proto =
    typeof protoName === 'string'
      ? protocolFromName(protoName)
      : typeof protoName === 'number'
        ? undefined
        : null;
  if (proto === null) return 'no "proto"';
  if (proto === undefined) return unsupportedProtocol(String(protoName));
  let srcText = text(event, 'src_ip');
  let dstText = text(event, 'dest_ip');
  let srcPort = jsonPort(event.src_port);
  let dstPort = jsonPort(event.dest_port);
  if (packetOriented) {
    const flow = child(event, 'flow');
    if (typeof flow?.src_ip === 'string' && typeof flow.dest_ip === 'string') {
      srcText = flow.src_ip;
      dstText = flow.dest_ip;
      srcPort = jsonPort(flow.src_port);
      dstPort = jsonPort(flow.dest_port);
    } else if (event.direction === 'to_client') {
      [srcText, dstText, srcPort, dstPort] = [dstText, srcText, dstPort, srcPort];
    }
  }
  if (srcText === undefined) return 'no "src_ip"';
  if (dstText === undefined) return 'no "dest_ip"';
  const src = address(srcText);
  if (src === null) return `src_ip "${srcText}" is not an IPv4 or IPv6 address`;
  const dst = address(dstText);
  if (dst === null) return `dest_ip "${dstText}" is not an IPv4 or IPv6 address`;
  if (proto !== 'icmp' && dstPort < 1)
    return `dest_port ${JSON.stringify(event.dest_port)} is not a port from 1 to 65535`;
  return { src, srcPort: srcPort < 0 ? 0 : srcPort, dst, dstPort, proto };
}
