/**
 * What the "Delete rule" quick fix deletes (finding-actions.ts), as plain functions tested
 * without an editor.
 */

/** The finding codes whose rule can be deleted as is. */
export const DELETABLE_RULE_CODES: readonly string[] = ['EGS4101', 'EGS4102', 'EGS4103'];

/** Lines (1-based, inclusive) to delete for the rule on lines `first`..`last`. */
export function ruleDeletionLines(
  lines: readonly string[],
  first: number,
  last: number,
): { first: number; last: number } {
  let top = first;
  while (top > 1 && lines[top - 2]!.trimStart().startsWith('#')) top--;
  return { first: top, last };
}

/** `allow pypi-again from …` → `pypi-again`; null when the line starts no rule. */
export function ruleIdOnLine(line: string): string | null {
  const m = /^\s*(?:allow|deny)\s+([a-z][a-z0-9_-]*)\b/.exec(line);
  return m ? m[1]! : null;
}
