/** Policy items and flows written back in the policy language's own notation, for messages. */
import type { DestinationItem, Flow, PathPattern, ServiceItem } from '../core/model.js';
import { formatCidrShort, parseCidr } from '../net/ip.js';

/** `role:trainer`, `10.0.0.0/16`, `169.254.169.254`, `*.huggingface.co`, `any`. */
export function peerItemText(item: DestinationItem): string {
  switch (item.kind) {
    case 'any':
      return 'any';
    case 'role':
    case 'node':
    case 'zone':
      return `${item.kind}:${item.name}`;
    case 'cidr': {
      const parsed = parseCidr(item.cidr);
      return parsed ? formatCidrShort(parsed.cidr) : item.cidr;
    }
    case 'domain':
      return item.domain;
    case 'wildcard':
      return `*.${item.suffix}`;
  }
}

/** `tcp/443`, `tcp/8000-8100`, `udp`, `icmp`, `any`. */
export function serviceItemText(item: ServiceItem): string {
  if (item.kind === 'any') return 'any';
  if (item.ports === undefined) return item.proto;
  const { lo, hi } = item.ports;
  return lo === hi ? `${item.proto}/${lo}` : `${item.proto}/${lo}-${hi}`;
}

export function pathPatternText(pattern: PathPattern): string {
  return pattern.prefix ? `${pattern.path}*` : pattern.path;
}

/** ` (via set web)` or ` (via sets outer › inner)`, or the empty string. */
export function viaText(via: string[]): string {
  if (via.length === 0) return '';
  return via.length === 1 ? ` (via set ${via[0]})` : ` (via sets ${via.join(' › ')})`;
}

/** The flow's service: `tcp/443`, `icmp`. */
export function flowServiceText(flow: Flow): string {
  return flow.port === undefined ? flow.proto : `${flow.proto}/${flow.port}`;
}

/** A list of item texts, shortened after `limit` entries. */
export function listText(texts: string[], limit = 6): string {
  if (texts.length <= limit) return texts.join(', ');
  return `${texts.slice(0, limit).join(', ')} and ${texts.length - limit} more`;
}
