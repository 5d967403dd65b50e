/** "Did you mean" suggestions for unknown names (docs/topology.md: `unknown zone "vcp" (did you mean "vpc"?)`). */

import type { Suggestion } from '../diagnostics/define.js';

/** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
export function editDistance(a: string, b: string): number {
  return osa(a, b);
}

function osa(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push(new Array<number>(b.length + 1).fill(0));
  for (let i = 0; i <= a.length; i++) d[i]![0] = i;
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest candidate within a distance that scales with the name's length, or undefined. */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c === name) continue;
    const d = osa(name.toLowerCase(), c.toLowerCase());
    if (d <= limit && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** ` (did you mean "x"?)` or the empty string, ready to append to a message. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const s = suggest(name, candidates);
  return s === undefined ? '' : ` (did you mean "${s}"?)`;
}

/** Replace the diagnostic's text with `text`, shown as ` (did you mean "text"?)`. */
export function replaceWith(text: string): Suggestion {
  return { hint: ` (did you mean "${text}"?)`, replacement: text };
}

/** The closest candidate as a replacement for the diagnostic's text, or no suggestion. */
export function suggestReplacement(name: string, candidates: Iterable<string>): Suggestion {
  const s = suggest(name, candidates);
  return s === undefined ? NO_SUGGESTION : replaceWith(s);
}

export const NO_SUGGESTION: Suggestion = { hint: '' };
