/**
 * Exact aggregation of observed addresses into CIDRs (docs/traffic.md "What learn proposes"):
 * the fewest CIDRs whose union is exactly the observed set. Two CIDRs merge only when they are
 * the two halves of their parent, so a proposal never covers an address nobody connected to.
 */
import type { Cidr, IpAddress } from '../net/ip.js';
import { familyBits, formatCidrShort } from '../net/ip.js';

/** The smallest list of CIDRs covering exactly `addresses`, IPv4 first, in address order. */
export function exactCover(addresses: Iterable<IpAddress>): Cidr[] {
  const all = [...addresses];
  const out: Cidr[] = [];
  for (const family of [4, 6] as const) {
    const bits = familyBits(family);
    const values = [...new Set(all.filter((a) => a.family === family).map((a) => a.value))];
    values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    // A stack of disjoint CIDRs in address order: each new one merges with its sibling on top.
    const stack: Cidr[] = [];
    for (const value of values) {
      let top: Cidr = { family, value, prefix: bits };
      for (;;) {
        const last = stack[stack.length - 1];
        if (last === undefined || last.prefix !== top.prefix || top.prefix === 0) break;
        const size = 1n << BigInt(bits - top.prefix + 1);
        const parent = last.value - (last.value % size);
        if (parent !== last.value || top.value !== last.value + size / 2n) break;
        stack.pop();
        top = { family, value: parent, prefix: top.prefix - 1 };
      }
      stack.push(top);
    }
    out.push(...stack);
  }
  return out;
}

/** `exactCover` as policy text (a single address without its prefix: `10.0.0.5`). */
export function exactCoverText(addresses: Iterable<IpAddress>): string[] {
  return exactCover(addresses).map(formatCidrShort);
}
