/**
 * Squid's native `access.log` (`logformat squid`): fields separated by spaces (the elapsed
 * time is space-padded), `-` for a field without a value:
 *
 *   time elapsed client code/status bytes method URL user hierarchy/from type
 *
 * The client address is the source. A CONNECT line's URL is the tunnel's `host:port`: a
 * flow to that host and port, with neither method nor path (the tunnel hides them). Any
 * other line is an HTTP request: method, host and port from the URL (80 for http, 443 for
 * a bumped https request), and the path without its query. The server address Squid went
 * to (`HIER_DIRECT/203.0.113.5`) is the flow's ip. `TCP_DENIED` is the proxy's deny; a
 * `TCP_DENIED/407` is an authentication challenge, which the client answers with a new
 * request, so it is skipped. Every line is one request: a proxy log has no replies.
 */
import type { Action } from '../../core/model.js';
import type { FlowFormat, FlowLineOutcome, FlowLineParser, HostSource } from '../flow-format.js';
import type { Destination } from './log-fields.js';
import {
  NOTHING,
  address,
  destinationOf,
  emitted,
  httpMethod,
  makeFlow,
  malformed,
  observed,
  skipped,
  spaceFields,
  splitAuthority,
  splitUrl,
} from './log-fields.js';

const NO_REQUEST = 'no request (the client sent none, or an unparsable one)';
const AUTH_CHALLENGE = 'proxy authentication challenge (TCP_DENIED/407)';

/** Hierarchy codes whose address is the origin server itself, not a parent proxy. */
const DIRECT_CODES = new Set(['HIER_DIRECT', 'DIRECT', 'ORIGINAL_DST', 'PINNED']);

/** `1286536309.450`: seconds, a dot, milliseconds. */
function isTimestamp(text: string): boolean {
  const dot = text.indexOf('.');
  if (dot <= 0 || dot === text.length - 1) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (i !== dot && (c < 48 || c > 57)) return false;
  }
  return true;
}

function isResultCode(text: string): boolean {
  const slash = text.indexOf('/');
  return slash > 0 && text.length - slash - 1 === 3 && /^[A-Z_]+\/\d{3}$/.test(text);
}

export const SQUID_ACCESS_FORMAT: FlowFormat = {
  name: 'squid',
  description: "Squid's native access.log (CONNECT tunnels and HTTP requests through the proxy)",
  detect(head) {
    const records = head.filter((line) => line.trim() !== '');
    const isRecord = (line: string): boolean => {
      const f = spaceFields(line);
      return f.length >= 7 && isTimestamp(f[0]!) && isResultCode(f[3]!);
    };
    // The first line, and most of the others (one garbled line does not hide the format).
    return (
      records.length > 0 &&
      isRecord(records[0]!) &&
      records.filter(isRecord).length * 2 > records.length
    );
  },
  open(): FlowLineParser {
    return { push: readSquidLine, finish: () => NOTHING };
  },
};

function readSquidLine(text: string, line: number): FlowLineOutcome[] {
  const f = spaceFields(text);
  if (f.length < 7) {
    return malformed(
      line,
      `expected at least 7 fields (time elapsed client code/status bytes method URL), found ${f.length}`,
    );
  }
  const [time, , client, result, , method, url] = f as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!isTimestamp(time)) return malformed(line, `time "${time}" is not seconds.milliseconds`);
  const slash = result.indexOf('/');
  if (slash < 0) return malformed(line, `result "${result}" is not code/status`);
  const code = result.slice(0, slash);
  const status = result.slice(slash + 1);
  if (method === '-' || method === 'NONE') return skipped(NO_REQUEST);
  const denied = code.startsWith('TCP_DENIED');
  if (denied && status === '407') return skipped(AUTH_CHALLENGE);
  const src = address(client);
  if (src === null) return malformed(line, `client "${client}" is not an IPv4 or IPv6 address`);
  const logged: Action = denied ? 'deny' : 'allow';

  let to: Destination | undefined;
  let port: number;
  let hostSource: HostSource;
  let requestMethod: string | undefined;
  let path: string | undefined;
  if (method === 'CONNECT') {
    const authority = splitAuthority(url);
    to = destinationOf(authority.name);
    if (to === undefined) return malformed(line, `CONNECT target "${url}" has no valid host`);
    if (authority.port < 1) return malformed(line, `CONNECT target "${url}" has no port`);
    port = authority.port;
    hostSource = 'connect';
  } else {
    requestMethod = httpMethod(method);
    if (requestMethod === undefined)
      return malformed(line, `method "${method}" is not an HTTP method`);
    const parts = splitUrl(url);
    if (parts === undefined) return malformed(line, `URL "${url}" is not an absolute URL`);
    to = destinationOf(parts.name);
    if (to === undefined) return malformed(line, `URL "${url}" has no valid host`);
    if (parts.port < 1) return malformed(line, `URL "${url}" has no port and no known scheme`);
    port = parts.port;
    path = parts.path;
    hostSource = 'http-host';
  }
  if (to.host !== undefined && f.length >= 9) {
    const hierarchy = f[8]!;
    const cut = hierarchy.indexOf('/');
    if (cut > 0 && DIRECT_CODES.has(hierarchy.slice(0, cut))) {
      const server = address(hierarchy.slice(cut + 1));
      if (server !== null) to = { host: to.host, ip: server };
    }
  }
  const flow = makeFlow(src, to, 'tcp', port, requestMethod, path);
  return emitted(observed(flow, line, logged, hostSource));
}
