/**
 * Which sets of a list meet a given set, without a walk over the whole list: a binary tree
 * over the list whose every node holds the union of its leaves. A query descends only into
 * subtrees whose union meets the set, so it costs a few `meets` tests per set found.
 *
 * First-match needs, for every rule, only the earlier rules it overlaps: intersecting each
 * rule with the set of flows no earlier rule matched instead costs time in the size of that
 * set, which grows with the policy (docs/analysis.md, "How it works": speed).
 */
import { FALSE, type Bdd, type BddNode } from './bdd.js';

export class OverlapIndex {
  /** Heap layout: node 1 is the root, node k has children 2k and 2k + 1. */
  private readonly unions: BddNode[] = [];

  constructor(
    private readonly bdd: Bdd,
    private readonly sets: readonly BddNode[],
  ) {
    if (sets.length > 0) this.build(1, 0, sets.length);
  }

  /** Every flow of every set. */
  get union(): BddNode {
    return this.sets.length === 0 ? FALSE : this.unions[1]!;
  }

  private build(k: number, lo: number, hi: number): BddNode {
    let union: BddNode;
    if (hi - lo === 1) union = this.sets[lo]!;
    else {
      const mid = (lo + hi) >> 1;
      union = this.bdd.or(this.build(2 * k, lo, mid), this.build(2 * k + 1, mid, hi));
    }
    this.unions[k] = union;
    return union;
  }

  /** The positions in `[from, to)` whose set meets `probe`, ascending. */
  meeting(probe: BddNode, from = 0, to = this.sets.length): number[] {
    const out: number[] = [];
    if (probe === FALSE || from >= to) return out;
    const visit = (k: number, lo: number, hi: number): void => {
      if (hi <= from || lo >= to || !this.bdd.meets(this.unions[k]!, probe)) return;
      if (hi - lo === 1) {
        out.push(lo);
        return;
      }
      const mid = (lo + hi) >> 1;
      visit(2 * k, lo, mid);
      visit(2 * k + 1, mid, hi);
    };
    visit(1, 0, this.sets.length);
    return out;
  }
}
