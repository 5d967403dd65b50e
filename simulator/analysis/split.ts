/**
 * Cutting a set of flows along one dimension: the atoms of the dimension grouped by what the
 * set allows for them in the dimensions after it (their residual). Atoms with the same
 * residual form one group, so a set becomes a union of products without enumerating the
 * product of the dimensions: the walk visits only the diagram's nodes above the residuals.
 */
import { pushRun, type AtomRun } from './atom-runs.js';
import { FALSE, type BddNode } from './bdd.js';
import type { Dimension, FlowSpace } from './symbolic.js';

export interface AtomGroup {
  /** Atom indices of the dimension, as ascending runs. */
  runs: AtomRun[];
  /** The set over the later dimensions that every atom of the group allows. */
  residual: BddNode;
}

/**
 * The groups of `dim` in `set`, whose earlier dimensions must already be fixed (the set
 * tests no variable before `dim`). Groups come in the order of their first atom.
 */
export function splitAlong(space: FlowSpace, set: BddNode, dim: Dimension): AtomGroup[] {
  const bdd = space.bdd;
  const from = space.offsetStart(dim);
  const to = space.offsetEnd(dim);
  const count = space.countOf(dim);
  const byResidual = new Map<BddNode, AtomRun[]>();
  const walk = (n: BddNode, level: number, prefix: number): void => {
    if (n === FALSE) return;
    const v = bdd.varOf(n);
    if (v >= to || level === to) {
      const width = to - level;
      const lo = prefix * 2 ** width;
      const hi = Math.min(count, (prefix + 1) * 2 ** width);
      // The walk goes in index order, so each group's runs come sorted.
      let runs = byResidual.get(n);
      if (runs === undefined) byResidual.set(n, (runs = []));
      pushRun(runs, lo, hi);
      return;
    }
    if (v < from) throw new Error(`splitAlong: the set tests a dimension before ${dim}`);
    if (v === level) {
      walk(bdd.lowOf(n), level + 1, prefix * 2);
      walk(bdd.highOf(n), level + 1, prefix * 2 + 1);
    } else {
      walk(n, level + 1, prefix * 2);
      walk(n, level + 1, prefix * 2 + 1);
    }
  };
  walk(set, from, 0);
  const groups = [...byResidual].map(([residual, runs]) => ({ residual, runs }));
  return groups
    .filter((g) => g.runs.length > 0)
    .sort((a, b) => a.runs[0]!.start - b.runs[0]!.start);
}
