/**
 * A copy of a string that owns its characters.
 *
 * V8 makes a substring of 13 or more characters a *slice*: a view into the text it was cut
 * from. Flow cells are slices of the flow file and policy words slices of the policy text.
 * Two costs follow. A slice keeps all of its parent alive. And a hash-table lookup with a
 * slice costs two to three times as much as with a flat string: measured 14.4 against
 * 7.0 ms for 71,000 host lookups. The matcher makes such lookups for every decision, on
 * both sides of the table.
 *
 * Joining two halves makes one flat copy. Shorter strings are already copies.
 *
 * Besides the matcher's own tables, the flow readers call it on the source and host texts
 * they cut from a line: those are the keys the matcher looks up, and flows kept in memory
 * would otherwise keep the whole chunk alive (the one use of tuned/ outside engine/, named
 * in .dependency-cruiser.cjs).
 *
 * Tuned for: hash lookups and memory of texts cut from large inputs. Plain reference: the
 * text itself (`owned(t) === t`); tests: test/engine/structures.test.ts ("owned").
 */
export function owned(text: string): string {
  if (text.length < 13) return text;
  const half = text.length >> 1;
  return [text.slice(0, half), text.slice(half)].join('');
}
