/**
 * Checks a flow against docs/language.md "Flows" (and, with a topology, that a named source node
 * exists). The matcher itself is total — it gives a verdict for any object — so callers
 * validate first and show this message instead of a surprising verdict.
 */
import type { Flow, Topology } from '../core/model.js';
import { parseIp } from '../net/ip.js';
import { DOMAIN_PROBLEM_TEXT, isDomainProblem, parseDomainPattern } from '../util/domain.js';
import { didYouMean } from '../util/suggest.js';

const NODE_ID = /^[a-z0-9][a-z0-9-]*$/;

/** A one-line description of what is wrong with the flow, or undefined when it is valid. */
export function validateFlow(flow: Flow, topology?: Topology): string | undefined {
  const problem = sourceProblem(flow.src, topology);
  if (problem !== undefined) return problem;
  const host = flow.host === '' ? undefined : flow.host;
  const ip = flow.ip === '' ? undefined : flow.ip;
  if (host === undefined && ip === undefined) {
    return 'a flow needs a "host" or an "ip" (or both)';
  }
  if (host !== undefined) {
    if (typeof host !== 'string') return '"host" must be a DNS name';
    const parsed = parseDomainPattern(host);
    if (isDomainProblem(parsed)) return `host "${host}": ${DOMAIN_PROBLEM_TEXT[parsed]}`;
    if (parsed.wildcard) return `host "${host}" is a pattern; a flow names one host`;
  }
  if (ip !== undefined && (typeof ip !== 'string' || parseIp(ip) === null)) {
    return `ip "${String(ip)}" is not an IPv4 or IPv6 address`;
  }
  return serviceProblem(flow) ?? httpProblem(flow);
}

/** Why `src` is not a flow source: not an IP address, and no node of the topology. */
export function sourceProblem(src: unknown, topology: Topology | undefined): string | undefined {
  if (typeof src !== 'string' || src === '') {
    return 'missing "src" (a node id or an IP address)';
  }
  if (parseIp(src) !== null) return undefined;
  if (topology !== undefined) {
    if (topology.nodes.some((n) => n.id === src)) return undefined;
    const ids = topology.nodes.map((n) => n.id);
    return (
      `unknown source node "${src}"${didYouMean(src, ids)}; ` +
      'src is a node id of the topology or an IP address'
    );
  }
  if (!NODE_ID.test(src)) return `src "${src}" is neither an IP address nor a node id`;
  return undefined;
}

function serviceProblem(flow: Flow): string | undefined {
  const proto: unknown = flow.proto;
  if (proto !== 'tcp' && proto !== 'udp' && proto !== 'icmp') {
    return `unknown protocol "${String(proto)}"; use tcp, udp or icmp`;
  }
  const port: unknown = flow.port;
  if (proto === 'icmp') {
    return port === undefined ? undefined : 'icmp flows have no port';
  }
  if (port === undefined) return `${proto} flows need a port (1-65535)`;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    return `port ${String(port)} is not a number from 1 to 65535`;
  }
  return undefined;
}

function httpProblem(flow: Flow): string | undefined {
  const method: unknown = flow.method;
  if (method !== undefined && (typeof method !== 'string' || !/^[A-Z]+$/.test(method))) {
    return `method "${String(method)}" must be an upper-case HTTP method such as GET`;
  }
  const path: unknown = flow.path;
  if (path !== undefined && (typeof path !== 'string' || !path.startsWith('/'))) {
    return `path "${String(path)}" must start with "/"`;
  }
  return undefined;
}
