/**
 * Port ranges of one protocol, indexed so that "which rules have a range containing port P"
 * is a binary search: the port axis is cut into segments at every range start and end, and
 * each segment keeps the sorted list of rules whose ranges cover it. Wide overlapping ranges
 * would repeat rules in many segments, so the build gives up beyond a size budget and the
 * matcher then simply does not use the service dimension for that protocol.
 */
import { lowerBound } from '../util/lower-bound.js';

export interface PortRange {
  lo: number;
  hi: number;
  rule: number;
}

export class PortIndex {
  private constructor(
    /** Segment k covers ports [starts[k], starts[k + 1]). */
    private readonly starts: Int32Array,
    /** List id of each segment's rules (see `addList`), or -1. */
    private readonly lists: Int32Array,
  ) {}

  /**
   * Builds the index from ranges given in rule order; null when the segment lists would hold
   * more than `budget` entries in total. `addList` stores a sorted rule list, returning its id.
   */
  static build(
    ranges: PortRange[],
    budget: number,
    addList: (rules: number[]) => number,
  ): PortIndex | null {
    const bounds = new Set<number>();
    for (const r of ranges) {
      bounds.add(r.lo);
      bounds.add(r.hi + 1);
    }
    const starts = Int32Array.from([...bounds].sort((a, b) => a - b));
    const segmentOf = (port: number): number => lowerBound(starts, port);
    let total = 0;
    for (const r of ranges) total += segmentOf(r.hi + 1) - segmentOf(r.lo);
    if (total > budget) return null;
    const arrays: number[][] = Array.from({ length: starts.length }, () => []);
    for (const r of ranges) {
      const end = segmentOf(r.hi + 1);
      for (let k = segmentOf(r.lo); k < end; k++) {
        const list = arrays[k]!;
        if (list[list.length - 1] !== r.rule) list.push(r.rule);
      }
    }
    return new PortIndex(
      starts,
      Int32Array.from(arrays, (a) => (a.length === 0 ? -1 : addList(a))),
    );
  }

  /** List id of the rules with a range containing `port`, or -1. */
  lookup(port: number): number {
    const starts = this.starts;
    // The last segment k with starts[k] <= port.
    let lo = 0;
    let hi = starts.length - 1;
    if (hi < 0 || !(port >= starts[0]!)) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= port) lo = mid;
      else hi = mid - 1;
    }
    return this.lists[lo]!;
  }
}
