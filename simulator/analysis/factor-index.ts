/**
 * Which rules' match sets meet a set, when every set is a product of one factor per clause
 * (source, destination, service, method, path; `FlowSpace.ruleFactors`). Two products meet
 * exactly when every pair of factors does, so the question never touches a set over all the
 * dimensions at once:
 *
 * - rules with the same source, service, method and path factors form a group; a probe asks
 *   only the groups whose four factors meet its own (found once per distinct probe, through
 *   an `OverlapIndex` over each dimension's distinct factors);
 * - inside a group, an `OverlapIndex` over the destination factors, in rule order, finds the
 *   members whose destination meets the probe's, restricted to a range of positions.
 *
 * Each diagram tested is over one dimension, so a test costs little however many rules
 * there are; an `OverlapIndex` over whole match sets instead spends most of its time proving
 * a rule disjoint from unions of thousands of rules over every dimension
 * (docs/analysis.md, "How it works": speed). `OverlapIndex` over the match sets is the
 * reference (test/analysis/factor-index.test.ts).
 */
import { FALSE, TRUE, type Bdd, type BddNode } from './bdd.js';
import { lowerBound } from '../util/lower-bound.js';
import { OverlapIndex } from './overlaps.js';

/** The positions of the factors that form a group's key (all but the destination). */
const KEY = [0, 2, 3, 4] as const;
const DESTINATION = 1;

interface Group {
  /** The source, service, method and path factors its members share. */
  key: BddNode[];
  /** Member positions, ascending. */
  positions: number[];
  destinations: OverlapIndex;
}

/** The distinct factors of one dimension, with the groups that use each. */
interface Dimension {
  factors: BddNode[];
  groupsOf: number[][];
  index: OverlapIndex;
}

export class FactorIndex {
  private readonly groups: Group[] = [];
  private readonly dimensions: Dimension[];
  /** Probe key → the groups whose key meets it. */
  private readonly compatible = new Map<string, number[]>();

  constructor(
    private readonly bdd: Bdd,
    private readonly ruleFactors: readonly (readonly BddNode[])[],
  ) {
    const byKey = new Map<string, { key: BddNode[]; positions: number[] }>();
    ruleFactors.forEach((factors, position) => {
      // A product with an empty factor is empty: it meets nothing.
      if (factors.includes(FALSE)) return;
      const key = KEY.map((k) => factors[k]!);
      const text = key.join(' ');
      let group = byKey.get(text);
      if (group === undefined) byKey.set(text, (group = { key, positions: [] }));
      group.positions.push(position);
    });
    for (const { key, positions } of byKey.values()) {
      const destinations = positions.map((p) => ruleFactors[p]![DESTINATION]!);
      this.groups.push({ key, positions, destinations: new OverlapIndex(bdd, destinations) });
    }
    this.dimensions = KEY.map((_, k) => {
      const at = new Map<BddNode, number>();
      const factors: BddNode[] = [];
      const groupsOf: number[][] = [];
      this.groups.forEach((group, g) => {
        const factor = group.key[k]!;
        let d = at.get(factor);
        if (d === undefined) {
          at.set(factor, (d = factors.length));
          factors.push(factor);
          groupsOf.push([]);
        }
        groupsOf[d]!.push(g);
      });
      return { factors, groupsOf, index: new OverlapIndex(bdd, factors) };
    });
  }

  /** The factors of rule `position`. */
  factorsOf(position: number): readonly BddNode[] {
    return this.ruleFactors[position]!;
  }

  /** Every flow of every rule's match set. */
  get union(): BddNode {
    const bdd = this.bdd;
    // Each group's product in dimension order, the last factor first (`FlowSpace.product`).
    let parts = this.groups.map((g) =>
      [g.key[0]!, g.destinations.union, ...g.key.slice(1)].reduceRight(
        (acc, set) => bdd.and(set, acc),
        TRUE,
      ),
    );
    // Pairwise, so each union is of sets of similar size.
    while (parts.length > 1) {
      const next: BddNode[] = [];
      for (let i = 0; i < parts.length; i += 2) {
        next.push(i + 1 < parts.length ? bdd.or(parts[i]!, parts[i + 1]!) : parts[i]!);
      }
      parts = next;
    }
    return parts[0] ?? FALSE;
  }

  /** The groups whose source, service, method and path factors meet the probe's. */
  private groupsMeeting(probe: readonly BddNode[]): number[] {
    const text = KEY.map((k) => probe[k]!).join(' ');
    const known = this.compatible.get(text);
    if (known !== undefined) return known;
    // Start from the dimension with the fewest groups meeting the probe, then keep the
    // groups that meet it in the others.
    const meeting = this.dimensions.map((dim, k) => {
      const groups = new Set<number>();
      for (const d of dim.index.meeting(probe[KEY[k]!]!)) {
        for (const g of dim.groupsOf[d]!) groups.add(g);
      }
      return groups;
    });
    const [first, ...rest] = [...meeting].sort((a, b) => a.size - b.size);
    const out = [...first!].filter((g) => rest.every((set) => set.has(g))).sort((a, b) => a - b);
    this.compatible.set(text, out);
    return out;
  }

  /** The positions in `[from, to)` whose match set meets the product `probe`, ascending. */
  meeting(probe: readonly BddNode[], from = 0, to = this.ruleFactors.length): number[] {
    const out: number[] = [];
    if (from >= to || probe.includes(FALSE)) return out;
    for (const g of this.groupsMeeting(probe)) {
      const { positions, destinations } = this.groups[g]!;
      const lo = lowerBound(positions, from);
      const hi = lowerBound(positions, to);
      if (lo >= hi) continue;
      for (const k of destinations.meeting(probe[DESTINATION]!, lo, hi)) out.push(positions[k]!);
    }
    return out.sort((a, b) => a - b);
  }
}
