/**
 * The one algebra of IP address sets every exporter uses: first-match policies become unions
 * and differences of CIDRs, firewall sets must never overlap, and targets that have no deny
 * (NetworkPolicy, security groups) need those differences written back as CIDRs, as
 * `cidr` + `except` blocks, or both. `AddressSet` (address-set.ts) is the same algebra as
 * an object.
 *
 * A set is a sorted list of disjoint, non-adjacent inclusive ranges per family, so every
 * operation is a linear merge and equal sets have equal representations (`ipSetKey`).
 */
import { familyBits, formatCidr, parseCidr } from '../../net/ip.js';
import type { Cidr, IpAddress, IpFamily } from '../../net/ip.js';

export interface IpRange {
  lo: bigint;
  hi: bigint;
}

export interface IpSet {
  v4: readonly IpRange[];
  v6: readonly IpRange[];
}

/** A CIDR minus strictly smaller CIDRs inside it: NetworkPolicy `ipBlock`, Cilium `toCIDRSet`. */
export interface CidrBlock {
  cidr: Cidr;
  except: Cidr[];
}

const FAMILIES: readonly IpFamily[] = [4, 6];

export function familyMax(family: IpFamily): bigint {
  return (1n << BigInt(familyBits(family))) - 1n;
}

function ranges(set: IpSet, family: IpFamily): readonly IpRange[] {
  return family === 4 ? set.v4 : set.v6;
}

function make(v4: readonly IpRange[], v6: readonly IpRange[]): IpSet {
  return { v4, v6 };
}

export const EMPTY_SET: IpSet = make([], []);
export const FULL_SET: IpSet = make([{ lo: 0n, hi: familyMax(4) }], [{ lo: 0n, hi: familyMax(6) }]);

export function cidrRange(cidr: Cidr): IpRange {
  const size = 1n << BigInt(familyBits(cidr.family) - cidr.prefix);
  return { lo: cidr.value, hi: cidr.value + size - 1n };
}

export function cidrSet(cidr: Cidr): IpSet {
  const r = [cidrRange(cidr)];
  return cidr.family === 4 ? make(r, []) : make([], r);
}

/** The set of a CIDR text (`10.0.0.0/8`, `::1`); the empty set if the text does not parse. */
export function cidrTextSet(text: string): IpSet {
  const parsed = parseCidr(text);
  return parsed ? cidrSet(parsed.cidr) : EMPTY_SET;
}

export function familySet(family: IpFamily): IpSet {
  return family === 4 ? make(FULL_SET.v4, []) : make([], FULL_SET.v6);
}

/** Sorts and merges overlapping or adjacent ranges. */
export function normalize(list: IpRange[]): IpRange[] {
  const sorted = [...list].sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  const out: IpRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r.lo <= last.hi + 1n) {
      if (r.hi > last.hi) out[out.length - 1] = { lo: last.lo, hi: r.hi };
    } else {
      out.push({ lo: r.lo, hi: r.hi });
    }
  }
  return out;
}

function unionRanges(a: readonly IpRange[], b: readonly IpRange[]): IpRange[] {
  if (a.length === 0) return [...b];
  if (b.length === 0) return [...a];
  return normalize([...a, ...b]);
}

export function intersectRanges(a: readonly IpRange[], b: readonly IpRange[]): IpRange[] {
  const out: IpRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const lo = x.lo > y.lo ? x.lo : y.lo;
    const hi = x.hi < y.hi ? x.hi : y.hi;
    if (lo <= hi) out.push({ lo, hi });
    if (x.hi < y.hi) i++;
    else j++;
  }
  return out;
}

export function subtractRanges(a: readonly IpRange[], b: readonly IpRange[]): IpRange[] {
  if (b.length === 0) return [...a];
  const out: IpRange[] = [];
  let j = 0;
  for (const x of a) {
    let lo = x.lo;
    while (j < b.length && b[j]!.hi < lo) j++;
    let k = j;
    while (k < b.length && b[k]!.lo <= x.hi) {
      const y = b[k]!;
      if (y.lo > lo) out.push({ lo, hi: y.lo - 1n });
      if (y.hi + 1n > lo) lo = y.hi + 1n;
      k++;
    }
    if (lo <= x.hi) out.push({ lo, hi: x.hi });
  }
  return out;
}

export function union(a: IpSet, b: IpSet): IpSet {
  return make(unionRanges(a.v4, b.v4), unionRanges(a.v6, b.v6));
}

export function unionAll(sets: readonly IpSet[]): IpSet {
  return make(normalize(sets.flatMap((s) => s.v4)), normalize(sets.flatMap((s) => s.v6)));
}

export function intersect(a: IpSet, b: IpSet): IpSet {
  return make(intersectRanges(a.v4, b.v4), intersectRanges(a.v6, b.v6));
}

export function subtract(a: IpSet, b: IpSet): IpSet {
  return make(subtractRanges(a.v4, b.v4), subtractRanges(a.v6, b.v6));
}

export function isEmpty(set: IpSet): boolean {
  return set.v4.length === 0 && set.v6.length === 0;
}

export function isFull(set: IpSet): boolean {
  return ipSetKey(set) === ipSetKey(FULL_SET);
}

export function isSubset(a: IpSet, b: IpSet): boolean {
  return isEmpty(subtract(a, b));
}

export function overlaps(a: IpSet, b: IpSet): boolean {
  return !isEmpty(intersect(a, b));
}

export function containsIp(set: IpSet, ip: IpAddress): boolean {
  return ranges(set, ip.family).some((r) => r.lo <= ip.value && ip.value <= r.hi);
}

/** A canonical text of the set, for grouping and memoising (equal sets, equal keys). */
const keys = new WeakMap<IpSet, string>();

/** A text equal for sets with the same addresses (kept per set: sets are never changed). */
export function ipSetKey(set: IpSet): string {
  let key = keys.get(set);
  if (key === undefined) {
    const part = (list: readonly IpRange[]) => list.map((r) => `${r.lo}-${r.hi}`).join(',');
    key = `${part(set.v4)}|${part(set.v6)}`;
    keys.set(set, key);
  }
  return key;
}

function bitLength(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}

/** The largest aligned block that starts at `lo` and ends at or before `hi`, as a prefix. */
function largestBlockAt(family: IpFamily, lo: bigint, hi: bigint): number {
  const bits = familyBits(family);
  // Limited by the alignment of `lo` (its trailing zero bits) and by the room up to `hi`.
  const aligned = lo === 0n ? bits : bitLength(lo & -lo) - 1;
  const room = bitLength(hi - lo + 1n) - 1;
  return bits - Math.min(aligned, room);
}

/** The minimal list of CIDRs that covers a range exactly. */
export function rangeToCidrs(family: IpFamily, range: IpRange): Cidr[] {
  const out: Cidr[] = [];
  let lo = range.lo;
  while (lo <= range.hi) {
    const prefix = largestBlockAt(family, lo, range.hi);
    out.push({ family, value: lo, prefix });
    lo += 1n << BigInt(familyBits(family) - prefix);
  }
  return out;
}

function rangeCidrCount(family: IpFamily, range: IpRange): number {
  let count = 0;
  let lo = range.lo;
  while (lo <= range.hi) {
    const prefix = largestBlockAt(family, lo, range.hi);
    count++;
    lo += 1n << BigInt(familyBits(family) - prefix);
  }
  return count;
}

/** The minimal exact CIDR decomposition of a set (IPv4 first): for targets without `except`. */
export function toCidrs(set: IpSet): Cidr[] {
  return FAMILIES.flatMap((family) => ranges(set, family).flatMap((r) => rangeToCidrs(family, r)));
}

export function toCidrTexts(set: IpSet): string[] {
  return toCidrs(set).map(formatCidr);
}

interface Plan {
  cost: number;
  build(): CidrBlock[];
}

/**
 * The blocks of `list` (clipped to the CIDR `p`): either `p` with the complement as
 * `except`, or the blocks of each half, whichever has fewer entries (blocks + excepts).
 * Only CIDRs that the set covers partially are split, so the work grows with the number
 * of range boundaries times the address length, not with the size of the space.
 */
function planBlocks(family: IpFamily, p: Cidr, list: readonly IpRange[]): Plan {
  if (list.length === 0) return { cost: 0, build: () => [] };
  const whole = cidrRange(p);
  const first = list[0]!;
  if (list.length === 1 && first.lo === whole.lo && first.hi === whole.hi) {
    return { cost: 1, build: () => [{ cidr: p, except: [] }] };
  }
  const complement = subtractRanges([whole], list);
  const exceptCost = 1 + complement.reduce((n, r) => n + rangeCidrCount(family, r), 0);
  const halfPrefix = p.prefix + 1;
  const halfSize = 1n << BigInt(familyBits(family) - halfPrefix);
  const left: Cidr = { family, value: p.value, prefix: halfPrefix };
  const right: Cidr = { family, value: p.value + halfSize, prefix: halfPrefix };
  const leftPlan = planBlocks(family, left, intersectRanges(list, [cidrRange(left)]));
  const rightPlan = planBlocks(family, right, intersectRanges(list, [cidrRange(right)]));
  const splitCost = leftPlan.cost + rightPlan.cost;
  // Ties go to the single block with excepts: one reviewable line says "all of X but Y".
  if (exceptCost <= splitCost) {
    return {
      cost: exceptCost,
      build: () => [{ cidr: p, except: complement.flatMap((r) => rangeToCidrs(family, r)) }],
    };
  }
  return { cost: splitCost, build: () => [...leftPlan.build(), ...rightPlan.build()] };
}

/**
 * The set as few `cidr` + `except` blocks as possible (IPv4 first). Every `except` is a
 * strict subset of its block's CIDR, as NetworkPolicy and Cilium require.
 */
export function toBlocks(set: IpSet): CidrBlock[] {
  return FAMILIES.flatMap((family) => {
    const list = ranges(set, family);
    return planBlocks(family, { family, value: 0n, prefix: 0 }, list).build();
  });
}

/** The set of a block, for checking a rendering against the set it came from. */
export function blockSet(block: CidrBlock): IpSet {
  return subtract(cidrSet(block.cidr), unionAll(block.except.map(cidrSet)));
}

/** Some addresses of the set, for tests and audits: each range's ends and one inside. */
export function sampleAddresses(set: IpSet): IpAddress[] {
  const out: IpAddress[] = [];
  for (const family of FAMILIES) {
    for (const r of ranges(set, family)) {
      out.push({ family, value: r.lo });
      if (r.hi !== r.lo) out.push({ family, value: r.hi });
      if (r.hi - r.lo > 1n) out.push({ family, value: r.lo + (r.hi - r.lo) / 2n });
    }
  }
  return out;
}
