/**
 * Zeek's `conn.log` (one record a connection, TSV or JSON), with the host names of its
 * companion logs joined in:
 *
 * - `ssl.log`: `server_name` (the TLS SNI) of the connection with the same `uid` (`sni`);
 * - `http.log`: `host`, `method` and `uri` of the connection's first request (`http-host`);
 * - `dns.log`: a name whose `answers` held the connection's server address, asked by the
 *   same client (`id.orig_h`) — the latest such answer before the connection, else the
 *   first one (`dns`).
 *
 * The SNI is preferred to the HTTP Host, and both to a DNS answer. The companion logs are
 * read before `conn.log` (see `FlowFormat.companion`) and held in memory; `conn.log`
 * streams.
 *
 * A conn.log record is one connection, so it has no replies. Zeek orients it from the
 * originator (`id.orig_h`) to the responder; the record is turned around when its
 * `history` says the originator answered (`H`, its SYN-ACK, without an `S`), and, for a
 * connection seen mid-stream (no handshake), when the originator's port is the service's
 * and the responder's an ephemeral one, or when the ports do not tell and only the responder
 * is local (`local_resp` T, `local_orig` F): an egress log's unknown direction is taken as
 * the local host's. Zeek records no decision.
 */
import type { Protocol } from '../../core/model.js';
import type {
  CompanionCollector,
  CompanionFormat,
  FlowFormat,
  FlowLineOutcome,
  FlowLineParser,
  FlowReadContext,
  HostSource,
} from '../flow-format.js';
import type { Destination } from './log-fields.js';
import {
  NOTHING,
  SKIP,
  address,
  emitted,
  hostName,
  httpMethod,
  makeFlow,
  malformed,
  observed,
  pathOf,
  portNumber,
  protocolFromName,
  sideByPorts,
  skipped,
  splitAuthority,
  splitUrl,
  unsupportedProtocol,
} from './log-fields.js';
import type { ZeekRecord } from './zeek-log.js';
import { ZeekLogReader, zeekHeadFields, zeekTime } from './zeek-log.js';

type CompanionKind = 'ssl' | 'http' | 'dns';

function companionKind(path: string | undefined, fields: Set<string>): CompanionKind | undefined {
  if (path === 'ssl' || path === 'http' || path === 'dns') return path;
  if (!fields.has('uid')) return undefined;
  if (fields.has('server_name') && (fields.has('cipher') || fields.has('version'))) return 'ssl';
  if (fields.has('host') && fields.has('method') && fields.has('uri')) return 'http';
  if (fields.has('query') && fields.has('answers')) return 'dns';
  return undefined;
}

function isConnLog(path: string | undefined, fields: Set<string>): boolean {
  if (path !== undefined) return path === 'conn';
  return fields.has('uid') && fields.has('id.orig_h') && fields.has('conn_state');
}

interface HttpRequest {
  name: string | undefined;
  method: string | undefined;
  path: string | undefined;
}

interface DnsAnswer {
  ts: number;
  name: string;
}

/** What the companion logs say about connections: SNI and HTTP by uid, DNS by client and address. */
export class ZeekCompanions implements CompanionCollector {
  readonly sni = new Map<string, string>();
  readonly http = new Map<string, HttpRequest>();
  readonly dns = new Map<string, DnsAnswer[]>();

  open(): FlowLineParser {
    const reader = new ZeekLogReader();
    return {
      push: (text, line) => {
        const record = reader.read(text);
        if (record === 'header') return SKIP;
        if (typeof record === 'string') return malformed(line, record);
        const kind =
          reader.path !== undefined ? companionKind(reader.path, new Set()) : jsonKind(record);
        if (kind === undefined) return skipped('not an ssl.log, http.log or dns.log record');
        this.add(kind, record);
        return SKIP;
      },
      finish: () => NOTHING,
    };
  }

  /** The host of a connection, and where it came from. */
  hostOf(
    uid: string | undefined,
    client: string,
    server: string,
    ts: number,
  ): { host: string; source: HostSource } | undefined {
    if (uid !== undefined) {
      const sni = this.sni.get(uid);
      if (sni !== undefined) return { host: sni, source: 'sni' };
      const http = this.http.get(uid)?.name;
      if (http !== undefined) return { host: http, source: 'http-host' };
    }
    const answers = this.dns.get(`${client} ${server}`);
    if (answers === undefined) return undefined;
    let chosen = answers[0]!;
    for (const answer of answers) if (answer.ts <= ts) chosen = answer;
    return { host: chosen.name, source: 'dns' };
  }

  private add(kind: CompanionKind, record: ZeekRecord): void {
    const uid = record.get('uid');
    if (kind === 'ssl') {
      const name = record.get('server_name');
      const host = name !== undefined ? hostName(name) : undefined;
      if (uid !== undefined && host !== undefined && !this.sni.has(uid)) this.sni.set(uid, host);
      return;
    }
    if (kind === 'http') {
      if (uid === undefined || this.http.has(uid)) return;
      const uri = record.get('uri');
      const absolute = uri !== undefined && !uri.startsWith('/') ? splitUrl(uri) : undefined;
      const hostField = record.get('host');
      const name = hostField !== undefined ? splitAuthority(hostField).name : absolute?.name;
      const host = name !== undefined ? hostName(name) : undefined;
      const method = record.get('method');
      this.http.set(uid, {
        name: host,
        method: method !== undefined ? httpMethod(method) : undefined,
        path:
          absolute !== undefined
            ? absolute.path
            : uri !== undefined && uri.startsWith('/')
              ? pathOf(uri)
              : undefined,
      });
      return;
    }
    const client = record.get('id.orig_h');
    const query = record.get('query');
    const name = query !== undefined ? hostName(query) : undefined;
    const clientIp = client !== undefined ? address(client) : null;
    if (name === undefined || clientIp === null) return;
    const ts = zeekTime(record.get('ts'));
    for (const answer of record.items('answers')) {
      const ip = address(answer);
      if (ip === null) continue;
      const key = `${clientIp} ${ip}`;
      const list = this.dns.get(key);
      if (list === undefined) this.dns.set(key, [{ ts, name }]);
      else list.push({ ts, name });
    }
  }
}

/** The log a JSON record comes from, by the fields only that log has. */
function jsonKind(record: ZeekRecord): CompanionKind | undefined {
  const has = (name: string): boolean =>
    record.get(name) !== undefined || record.items(name).length > 0;
  if (has('server_name') || has('cipher')) return 'ssl';
  if (has('method') || has('uri')) return 'http';
  if (has('query') || has('answers')) return 'dns';
  return undefined;
}

const ZEEK_COMPANION: CompanionFormat = {
  detect(head) {
    const { path, fields } = zeekHeadFields(head);
    return companionKind(path, fields) !== undefined;
  },
  collector: () => new ZeekCompanions(),
};

export const ZEEK_FORMAT: FlowFormat = {
  name: 'zeek',
  description: "Zeek's conn.log (TSV or JSON), with ssl.log, http.log and dns.log for host names",
  detect(head) {
    const { path, fields } = zeekHeadFields(head);
    return isConnLog(path, fields);
  },
  open(_file: string, context?: FlowReadContext): FlowLineParser {
    const companions =
      context?.companions instanceof ZeekCompanions ? context.companions : undefined;
    return new ZeekConnParser(companions);
  },
  companion: ZEEK_COMPANION,
};

class ZeekConnParser implements FlowLineParser {
  private readonly reader = new ZeekLogReader();

  constructor(private readonly companions: ZeekCompanions | undefined) {}

  push(text: string, line: number): FlowLineOutcome[] {
    const record = this.reader.read(text);
    if (record === 'header') return SKIP;
    if (typeof record === 'string') return malformed(line, record);
    const protoName = record.get('proto');
    if (protoName === undefined) return malformed(line, 'no "proto"');
    const proto = protocolFromName(protoName);
    if (proto === undefined) return skipped(unsupportedProtocol(protoName));
    const ends = this.endpoints(record, proto);
    if (typeof ends === 'string') return malformed(line, ends);
    const { client, server, serverPort } = ends;

    let to: Destination = { ip: server };
    let hostSource: HostSource | undefined;
    let method: string | undefined;
    let path: string | undefined;
    const uid = record.get('uid');
    const named = this.companions?.hostOf(uid, client, server, zeekTime(record.get('ts')));
    if (named !== undefined) {
      to = { host: named.host, ip: server };
      hostSource = named.source;
    }
    const http = uid !== undefined ? this.companions?.http.get(uid) : undefined;
    if (http !== undefined) {
      method = http.method;
      path = http.path;
    }
    return emitted(
      observed(makeFlow(client, to, proto, serverPort, method, path), line, undefined, hostSource),
    );
  }

  finish(): FlowLineOutcome[] {
    return NOTHING;
  }

  /** Client and server of a connection, turned around when the record says the originator answered. */
  private endpoints(
    record: ZeekRecord,
    proto: Protocol,
  ): { client: string; clientPort: number; server: string; serverPort: number } | string {
    const origText = record.get('id.orig_h');
    const respText = record.get('id.resp_h');
    const orig = origText !== undefined ? address(origText) : null;
    if (orig === null) return `id.orig_h "${origText ?? '-'}" is not an IPv4 or IPv6 address`;
    const resp = respText !== undefined ? address(respText) : null;
    if (resp === null) return `id.resp_h "${respText ?? '-'}" is not an IPv4 or IPv6 address`;
    if (proto === 'icmp') return { client: orig, clientPort: 0, server: resp, serverPort: 0 };
    const origPort = portNumber(record.get('id.orig_p') ?? '');
    const respPort = portNumber(record.get('id.resp_p') ?? '');
    if (origPort < 0) return `id.orig_p "${record.get('id.orig_p') ?? '-'}" is not a port`;
    if (respPort < 0) return `id.resp_p "${record.get('id.resp_p') ?? '-'}" is not a port`;
    const forward = { client: orig, clientPort: origPort, server: resp, serverPort: respPort };
    const reverse = { client: resp, clientPort: respPort, server: orig, serverPort: origPort };
    const history = record.get('history') ?? '';
    const handshake = /[SsHh]/.test(history);
    let turned: boolean;
    if (proto === 'tcp' && handshake) {
      turned = !history.includes('S') && history.includes('H');
    } else {
      const side = sideByPorts(origPort, respPort);
      turned =
        side === 'reply' ||
        (side === 'unknown' &&
          record.get('local_orig') === 'F' &&
          record.get('local_resp') === 'T');
    }
    const chosen = turned ? reverse : forward;
    if (chosen.serverPort < 1) return `the responder's port is 0`;
    return chosen;
  }
}
