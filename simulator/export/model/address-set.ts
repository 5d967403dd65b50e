/**
 * Exact sets of IP addresses as an object, for exporters that chain set operations (topology
 * regions, CIDR items, static addresses of names): the algebra of ip-set.ts, with the
 * printing firewalls need — the fewest CIDRs that cover exactly the same addresses, so that a
 * firewall set never overlaps (nft interval sets reject overlapping elements) and never covers
 * an address the policy did not mean.
 */
import { formatCidrShort, parseCidr } from '../../net/ip.js';
import type { Cidr, IpFamily } from '../../net/ip.js';
import {
  cidrRange,
  familyMax,
  intersectRanges,
  normalize,
  rangeToCidrs,
  subtractRanges,
  type IpRange,
  type IpSet,
} from './ip-set.js';

export type Interval = IpRange;

export { familyMax };

export function cidrInterval(cidr: Cidr): Interval {
  return cidrRange(cidr);
}

export class AddressSet implements IpSet {
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
    return new AddressSet(normalize(v4), normalize(v6));
  }

  /** The same addresses as an `IpSet` (already sorted and disjoint). */
  static of(set: IpSet): AddressSet {
    return set instanceof AddressSet ? set : new AddressSet(set.v4, set.v6);
  }

  static fromCidrs(cidrs: readonly Cidr[]): AddressSet {
    const v4: Interval[] = [];
    const v6: Interval[] = [];
    for (const c of cidrs) (c.family === 4 ? v4 : v6).push(cidrRange(c));
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
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    return AddressSet.fromIntervals([...this.v4, ...other.v4], [...this.v6, ...other.v6]);
  }

  /** The addresses of this set that are not in `other`. */
  minus(other: AddressSet): AddressSet {
    return new AddressSet(subtractRanges(this.v4, other.v4), subtractRanges(this.v6, other.v6));
  }

  /** The addresses in both sets. */
  intersect(other: AddressSet): AddressSet {
    return new AddressSet(intersectRanges(this.v4, other.v4), intersectRanges(this.v6, other.v6));
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
    return this.intervals(family).flatMap((i) => rangeToCidrs(family, i));
  }

  /** Canonical texts, addresses without a full-length prefix (`10.0.0.2`, `10.0.1.0/24`). */
  texts(family: IpFamily): string[] {
    return this.cidrs(family).map(formatCidrShort);
  }
}
