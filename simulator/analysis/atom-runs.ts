/**
 * A set of atom indices of one dimension as runs of consecutive indices. A rule that reaches
 * every address, or every name but a few, is then a run or two instead of thousands of
 * indices, so reading a class costs time in its runs, not in the atoms of the space.
 */

/** The indices `[start, end)`. */
export interface AtomRun {
  start: number;
  end: number;
}

/** Sorted, disjoint and never adjacent (adjacent runs are one run). */
export type AtomRuns = readonly AtomRun[];

/** Appends `[start, end)` to runs that end at or before `start`. */
export function pushRun(runs: AtomRun[], start: number, end: number): void {
  if (start >= end) return;
  const last = runs.at(-1);
  if (last !== undefined && last.end === start) last.end = end;
  else runs.push({ start, end });
}

/** The runs of a sorted list of distinct indices. */
export function runsOf(sorted: readonly number[]): AtomRun[] {
  const runs: AtomRun[] = [];
  for (const i of sorted) pushRun(runs, i, i + 1);
  return runs;
}

export function atomsOf(runs: AtomRuns): number[] {
  const out: number[] = [];
  for (const r of runs) for (let i = r.start; i < r.end; i++) out.push(i);
  return out;
}

export function runsSize(runs: AtomRuns): number {
  let n = 0;
  for (const r of runs) n += r.end - r.start;
  return n;
}

/** The index of the run holding `i`, or -1. */
function runIndex(runs: AtomRuns, i: number): number {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid]!.end <= i) lo = mid + 1;
    else hi = mid;
  }
  return lo < runs.length && runs[lo]!.start <= i ? lo : -1;
}

export function runsHave(runs: AtomRuns, i: number): boolean {
  return runIndex(runs, i) >= 0;
}

/** Does `outer` hold every index of `inner`? */
export function runsCover(outer: AtomRuns, inner: AtomRuns): boolean {
  for (const r of inner) {
    const k = runIndex(outer, r.start);
    if (k < 0 || outer[k]!.end < r.end) return false;
  }
  return true;
}

export function unionRuns(a: AtomRuns, b: AtomRuns): AtomRun[] {
  const all = [...a, ...b].sort((x, y) => x.start - y.start);
  const out: AtomRun[] = [];
  for (const r of all) {
    const last = out.at(-1);
    if (last !== undefined && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ start: r.start, end: r.end });
  }
  return out;
}

/** The indices of `a` not in `b`. */
export function differenceRuns(a: AtomRuns, b: AtomRuns): AtomRun[] {
  const out: AtomRun[] = [];
  let k = 0;
  for (const r of a) {
    let start = r.start;
    while (k < b.length && b[k]!.end <= start) k++;
    for (let j = k; j < b.length && b[j]!.start < r.end; j++) {
      pushRun(out, start, b[j]!.start);
      start = Math.max(start, b[j]!.end);
    }
    pushRun(out, start, r.end);
  }
  return out;
}

/** The positions in a sorted list of the indices that lie in the runs, in order. */
export function positionsIn(runs: AtomRuns, sorted: readonly number[]): number[] {
  const out: number[] = [];
  for (const r of runs) {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < r.start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < sorted.length && sorted[i]! < r.end; i++) out.push(i);
  }
  return out;
}
