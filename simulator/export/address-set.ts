/**
 * Exact sets of IP addresses, per family, as sorted disjoint intervals. Exporters compute
 * the addresses a rule side really covers (topology regions, CIDR items, static addresses of
 * domains) as set algebra and print the result as the fewest CIDRs that cover exactly the
 * same addresses, so that a firewall set never overlaps (nft interval sets reject overlapping
 * elements) and never covers an address the policy did not mean.
 */
import { familyBits, formatCidrShort, parseCidr } from '../net/ip.js';
import type { Cidr, IpFamily } from '../net/ip.js';

export interface Interval {
  lo: bigint;
  hi: bigint;
}

export function familyMax(family: IpFamily): bigint {
  return (1n << BigInt(familyBits(family))) - 1n;
}

export function cidrInterval(cidr: Cidr): Interval {
  const hostBits = BigInt(familyBits(cidr.family) - cidr.prefix);
  return { lo: cidr.value, hi: cidr.value + (1n << hostBits) - 1n };
}

/** Sorts and merges overlapping or adjacent intervals. */
function normalise(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  const out: Interval[] = [];
  for (const next of sorted) {
    const last = out[out.length - 1];
    if (last && next.lo <= last.hi + 1n) {
      if (next.hi > last.hi) last.hi = next.hi;
    } else {
      out.push({ lo: next.lo, hi: next.hi });
    }
  }
  return out;
}

/** `a` minus `b`, both sorted and disjoint. */
function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const interval of a) {
    let lo = interval.lo;
    for (const cut of b) {
      if (cut.hi < lo || cut.lo > interval.hi) continue;
      if (cut.lo > lo) out.push({ lo, hi: cut.lo - 1n });
      lo = cut.hi + 1n;
      if (lo > interval.hi) break;
    }
    if (lo <= interval.hi) out.push({ lo, hi: interval.hi });
  }
  return out;
}

/** The fewest CIDRs that cover exactly [lo, hi]. */
function intervalToCidrs(family: IpFamily, interval: Interval): Cidr[] {
  const bits = familyBits(family);
  const out: Cidr[] = [];
  let lo = interval.lo;
  while (lo <= interval.hi) {
    // The largest aligned block starting at lo that stays inside the interval.
    let size = 0;
    while (
      size < bits &&
      (lo & ((1n << BigInt(size + 1)) - 1n)) === 0n &&
      lo + (1n << BigInt(size + 1)) - 1n <= interval.hi
    ) {
      size++;
    }
    out.push({ family, value: lo, prefix: bits - size });
    lo += 1n << BigInt(size);
  }
  return out;
}

export class AddressSet {
  private constructor(
    readonly v4: readonly Interval[],
    readonly v6: readonly Interval[],
  ) {}

  static readonly EMPTY = new AddressSet([], []);
  static readonly FULL = new AddressSet(
    [{ lo: 0n, hi: familyMax(4) }],
    [{ lo: 0n, hi: familyMax(6) }],
  );

  static fromIntervals(v4: Interval[], v6: Interval[]): AddressSet {
    return new AddressSet(normalise(v4), normalise(v6));
  }

  static fromCidrs(cidrs: readonly Cidr[]): AddressSet {
    const v4: Interval[] = [];
    const v6: Interval[] = [];
    for (const c of cidrs) (c.family === 4 ? v4 : v6).push(cidrInterval(c));
    return AddressSet.fromIntervals(v4, v6);
  }

  /** Parses CIDR or address texts; entries that do not parse are ignored (loaders report them). */
  static fromTexts(texts: readonly string[]): AddressSet {
    const cidrs: Cidr[] = [];
    for (const t of texts) {
      const parsed = parseCidr(t);
      if (parsed) cidrs.push(parsed.cidr);
    }
    return AddressSet.fromCidrs(cidrs);
  }

  union(other: AddressSet): AddressSet {
    return AddressSet.fromIntervals([...this.v4, ...other.v4], [...this.v6, ...other.v6]);
  }

  /** The addresses of this set that are not in `other`. */
  minus(other: AddressSet): AddressSet {
    return new AddressSet(subtract(this.v4, other.v4), subtract(this.v6, other.v6));
  }

  /** The addresses in both sets. */
  intersect(other: AddressSet): AddressSet {
    return this.minus(this.minus(other));
  }

  intervals(family: IpFamily): readonly Interval[] {
    return family === 4 ? this.v4 : this.v6;
  }

  isEmpty(family?: IpFamily): boolean {
    if (family !== undefined) return this.intervals(family).length === 0;
    return this.v4.length === 0 && this.v6.length === 0;
  }

  /** True when the set holds every address of the family. */
  isFull(family: IpFamily): boolean {
    const list = this.intervals(family);
    return list.length === 1 && list[0]!.lo === 0n && list[0]!.hi === familyMax(family);
  }

  contains(family: IpFamily, value: bigint): boolean {
    return this.intervals(family).some((i) => i.lo <= value && value <= i.hi);
  }

  /** Only the addresses of one family. */
  only(family: IpFamily): AddressSet {
    return family === 4 ? new AddressSet(this.v4, []) : new AddressSet([], this.v6);
  }

  cidrs(family: IpFamily): Cidr[] {
    return this.intervals(family).flatMap((i) => intervalToCidrs(family, i));
  }

  /** Canonical texts, addresses without a full-length prefix (`10.0.0.2`, `10.0.1.0/24`). */
  texts(family: IpFamily): string[] {
    return this.cidrs(family).map(formatCidrShort);
  }

  /** A stable key for de-duplicating equal sets. */
  key(): string {
    const part = (list: readonly Interval[]): string =>
      list.map((i) => `${i.lo.toString(16)}-${i.hi.toString(16)}`).join(',');
    return `${part(this.v4)}|${part(this.v6)}`;
  }
}
