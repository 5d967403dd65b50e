/**
 * Validation of literal items (docs/language.md): domains and wildcards, IP addresses and CIDRs,
 * services and ports, HTTP methods and paths. Each returns the model's value, or null
 * after reporting why the text is wrong.
 */
import type { Range } from '../core/diagnostic.js';
import type { DestinationItem, PathPattern, Protocol, ServiceItem } from '../core/model.js';
import { LANGUAGE_DIAGNOSTICS as D } from '../diagnostics/catalog-language.js';
import {
  familyBits,
  formatCidr,
  formatCidrShort,
  formatIp,
  isIpv4MappedText,
  isMappedPrefixTooShort,
  parseCidr,
} from '../net/ip.js';
import type { DomainProblem } from '../util/domain.js';
import { DOMAIN_PROBLEM_TEXT, isDomainProblem, parseDomainPattern } from '../util/domain.js';
import { suggestReplacement } from '../util/suggest.js';
import type { AddressValue, CheckContext, PortRange } from './check-context.js';
import { HTTP_METHODS, isHttpMethod } from './keywords.js';

type Unplaced<T> = T extends unknown ? Omit<T, 'via' | 'range'> : never;
export type DomainValue = Unplaced<Extract<DestinationItem, { kind: 'domain' | 'wildcard' }>>;
export type ServiceValue = Unplaced<ServiceItem>;

const V4_SHAPE = /^\d{1,3}(?:\.\d{1,3}){3}$/;

function domainProblemText(text: string, problem: DomainProblem): string {
  if (text.includes('/')) return 'a host name has no "/" (write URL paths in a paths clause)';
  if (problem === 'label-chars' && /["'`]/.test(text)) return 'remove the quotes';
  return DOMAIN_PROBLEM_TEXT[problem];
}

export function checkDomain(ctx: CheckContext, text: string, range: Range): DomainValue | null {
  let parsed = ctx.memo.domains.get(text);
  if (parsed === undefined) ctx.memo.domains.set(text, (parsed = parseDomainPattern(text)));
  if (isDomainProblem(parsed)) {
    ctx.error(D.invalidDomain, { text, problem: domainProblemText(text, parsed) }, range);
    return null;
  }
  return parsed.wildcard
    ? { kind: 'wildcard', suffix: parsed.name }
    : { kind: 'domain', domain: parsed.name };
}

function addressProblem(text: string): string {
  const slash = text.indexOf('/');
  const address = slash >= 0 ? text.slice(0, slash) : text;
  const prefix = slash >= 0 ? text.slice(slash + 1) : undefined;
  const v6 = address.includes(':');
  if (isMappedPrefixTooShort(text)) {
    return 'an IPv4-mapped network needs a prefix of /96 or longer (write the IPv4 CIDR: ::ffff:10.0.0.0/104 is 10.0.0.0/8)';
  }
  if (parseCidr(address) === null) {
    if (v6) return 'not a valid IPv6 address';
    if (!V4_SHAPE.test(address)) return 'an IPv4 address has four numbers separated by dots';
    if (address.split('.').some((p) => p.length > 1 && p.startsWith('0'))) {
      return 'numbers with a leading zero are ambiguous (octal?)';
    }
    return 'each number of an IPv4 address is at most 255';
  }
  const bits = v6 ? 128 : 32;
  if (prefix === '' || prefix === undefined) return 'the prefix length after "/" is missing';
  return `the prefix length must be a number from 0 to ${bits}`;
}

function addressValue(ctx: CheckContext, text: string): AddressValue {
  let value = ctx.memo.addresses.get(text);
  if (value === undefined) {
    const parsed = parseCidr(text);
    value =
      parsed === null
        ? null
        : {
            cidr: formatCidr(parsed.cidr),
            hostBits: parsed.hostBitsSet ? formatCidrShort(parsed.cidr) : null,
          };
    ctx.memo.addresses.set(text, value);
  }
  return value;
}

/** An IP or CIDR as the model's canonical CIDR text (`10.0.0.1/32`, `fd00::/8`). */
export function checkAddress(ctx: CheckContext, text: string, range: Range): string | null {
  const value = addressValue(ctx, text);
  if (value === null) {
    ctx.error(D.invalidAddress, { text, problem: addressProblem(text) }, range);
    return null;
  }
  if (value.hostBits !== null) ctx.warn(D.hostBitsSet, { text, canonical: value.hostBits }, range);
  else if (isIpv4MappedText(text)) warnMapped(ctx, text, value.cidr, range);
  return value.cidr;
}

/** A single address (expect lines and flows), canonical (`fd00::1`); null after reporting. */
export function checkSingleAddress(
  ctx: CheckContext,
  text: string,
  range: Range,
  place: string,
): string | null {
  const parsed = parseCidr(text);
  if (parsed === null) {
    ctx.error(D.invalidAddress, { text, problem: addressProblem(text) }, range);
    return null;
  }
  if (text.includes('/') && parsed.cidr.prefix !== familyBits(parsed.cidr.family)) {
    ctx.error(
      D.itemNotAllowed,
      {
        what: 'CIDR',
        text,
        place,
        suggestion: ' (a flow comes from and goes to one address)',
        accepted: 'a single IP address',
      },
      range,
    );
    return null;
  }
  const canonical = formatIp({ family: parsed.cidr.family, value: parsed.cidr.value });
  if (isIpv4MappedText(text)) warnMapped(ctx, text, canonical, range);
  return canonical;
}

/** A mapped address is its IPv4 form (docs/language.md "IPv4-mapped addresses"). */
function warnMapped(ctx: CheckContext, text: string, cidr: string, range: Range): void {
  const canonical = cidr.endsWith('/32') ? cidr.slice(0, -3) : cidr;
  ctx.warn(D.mappedAddress, { text, canonical }, range);
}

function portProblem(ports: string): string | PortRange {
  const m = /^(\d+)(?:-(\d+))?$/.exec(ports);
  if (ports === '') return 'the port after "/" is missing';
  if (!m) return `"${ports}" is not a port number or a LO-HI range`;
  const lo = m[1]!.length > 5 ? Infinity : Number(m[1]);
  const hi = m[2] === undefined ? lo : m[2].length > 5 ? Infinity : Number(m[2]);
  for (const [n, s] of [
    [lo, m[1]!],
    [hi, m[2] ?? m[1]!],
  ] as const) {
    if (n < 1 || n > 65535) return `port ${s} is outside 1–65535`;
  }
  if (lo > hi) return `the range starts after it ends (${lo} > ${hi})`;
  return { lo, hi };
}

/** `any`, `tcp`, `udp/53`, `tcp/8000-8100`, `icmp` (a port on icmp is a warning and dropped). */
export function checkService(ctx: CheckContext, text: string, range: Range): ServiceValue | null {
  if (text === 'any') return { kind: 'any' };
  const slash = text.indexOf('/');
  const proto = (slash >= 0 ? text.slice(0, slash) : text) as Protocol;
  if (slash < 0) return { kind: 'proto', proto };
  if (proto === 'icmp') {
    ctx.warn(D.icmpPort, { text }, range);
    return { kind: 'proto', proto };
  }
  const portText = text.slice(slash + 1);
  let ports = ctx.memo.ports.get(portText);
  if (ports === undefined) ctx.memo.ports.set(portText, (ports = portProblem(portText)));
  if (typeof ports === 'string') {
    ctx.error(D.invalidPort, { text, problem: ports }, range);
    return null;
  }
  return { kind: 'proto', proto, ports };
}

/** An upper-case HTTP method; lowercase and unknown methods are errors with a suggestion. */
export function checkMethod(ctx: CheckContext, text: string, range: Range): string | null {
  if (isHttpMethod(text)) return text;
  const upper = text.toUpperCase();
  if (isHttpMethod(upper)) {
    ctx.error(D.methodCase, { text, upper }, range);
  } else {
    ctx.error(
      D.unknownMethod,
      { text, suggestion: suggestReplacement(upper, HTTP_METHODS) },
      range,
    );
  }
  return null;
}

const PATH_ADVICE =
  'a path starts with "/" and may end with "*" for a prefix match, such as /v1/chat/*';

/** A path pattern of a `paths` clause: `/v1/models` or the prefix `/v1/*`. */
export function checkPathPattern(
  ctx: CheckContext,
  text: string,
  range: Range,
): PathPattern | null {
  let problem: string | undefined;
  if (!text.startsWith('/')) problem = 'it does not start with "/"';
  else if (text.slice(0, -1).includes('*')) problem = '"*" is allowed only at the end';
  if (problem !== undefined) {
    ctx.error(D.invalidPath, { text, problem, advice: PATH_ADVICE }, range);
    return null;
  }
  return text.endsWith('*')
    ? { path: text.slice(0, -1), prefix: true }
    : { path: text, prefix: false };
}

/** The concrete path of a flow (`expect … path /v1/models`): no `*`. */
export function checkFlowPath(ctx: CheckContext, text: string, range: Range): string | null {
  let problem: string | undefined;
  if (!text.startsWith('/')) problem = 'it does not start with "/"';
  else if (text.includes('*')) problem = 'a flow has one concrete path, not a pattern';
  if (problem !== undefined) {
    const advice = 'write the path of one request, such as /v1/chat/completions';
    ctx.error(D.invalidPath, { text, problem, advice }, range);
    return null;
  }
  return text;
}
