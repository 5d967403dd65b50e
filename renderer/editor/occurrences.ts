/**
 * The occurrences of the name under the cursor, from the engine's symbols: a set or rule's
 * definition and every use of it, or every use of a `role:`, `node:` or `zone:` name. The
 * editor highlights these (Monaco's document highlights) instead of every textual copy of
 * the word: on a keyword such as `allow` that was a thousand highlights in a 2,000-line
 * policy, all removed again by the next keystroke (8 ms of it in a Chromium trace).
 */
import type { Range } from '../../simulator/index.js';
import type { AnalysisDetails } from '../worker/protocol.js';

export interface Occurrence {
  range: Range;
  /** The definition (highlighted as written), not a use. */
  definition: boolean;
}

export function contains(r: Range, line: number, column: number): boolean {
  const afterStart = line > r.start.line || (line === r.start.line && column >= r.start.column);
  const beforeEnd = line < r.end.line || (line === r.end.line && column <= r.end.column);
  return afterStart && beforeEnd;
}

/** Sets and rules share one namespace; topology names are one namespace per prefix. */
function namespace(kind: string): string {
  return kind === 'role' || kind === 'node' || kind === 'zone' ? kind : 'policy';
}

/** Definitions and uses of the name at (line, column), in file order; empty on anything else. */
export function symbolOccurrences(
  symbols: AnalysisDetails['symbols'],
  line: number,
  column: number,
): Occurrence[] {
  const at =
    symbols.references.find((s) => contains(s.range, line, column)) ??
    symbols.definitions.find((d) => contains(d.range, line, column));
  if (at === undefined) return [];
  const space = namespace(at.kind);
  const same = (s: { name: string; kind: string }): boolean =>
    s.name === at.name && namespace(s.kind) === space;
  return [
    ...symbols.definitions.filter(same).map((d) => ({ range: d.range, definition: true })),
    ...symbols.references.filter(same).map((r) => ({ range: r.range, definition: false })),
  ].sort((a, b) => a.range.start.offset - b.range.start.offset);
}
