/**
 * What completion should offer at a position of a policy line. Pure text analysis of the
 * line up to the cursor, so it is unit-tested without Monaco.
 */
export type CompletionSlot =
  /** At the start of a statement: statement keywords and snippets. */
  | { kind: 'statement' }
  /** After `role:`, `node:` or `zone:` (with the prefix typed so far). */
  | { kind: 'topology'; prefix: 'role' | 'node' | 'zone'; partial: string }
  /** A source or destination item. */
  | { kind: 'peer'; side: 'from' | 'to' }
  | { kind: 'service' }
  | { kind: 'method' }
  | { kind: 'rule' }
  | { kind: 'clause' }
  | { kind: 'none' };

const CLAUSE_WORDS = new Set(['from', 'to', 'on', 'methods', 'paths', 'method', 'path', 'by']);

export function completionSlot(
  linePrefix: string,
  previousLineEndsWithComma: boolean,
): CompletionSlot {
  const code = linePrefix.replace(/#.*$/, '');
  if (code !== linePrefix) return { kind: 'none' };
  const topo = /(role|node|zone):([a-z0-9_-]*)$/.exec(code);
  if (topo)
    return { kind: 'topology', prefix: topo[1] as 'role' | 'node' | 'zone', partial: topo[2]! };
  const words = code
    .trim()
    .split(/[\s,]+/)
    .filter((w) => w !== '');
  const typingWord = !/[\s,]$/.test(code) && words.length > 0;
  const done = typingWord ? words.slice(0, -1) : words;
  if (done.length === 0 && !previousLineEndsWithComma && !/^\s/.test(code))
    return { kind: 'statement' };
  if (done.length === 0 && !previousLineEndsWithComma) {
    // An indented continuation line of a rule: clauses.
    return { kind: 'clause' };
  }
  // The innermost clause keyword decides what the list holds.
  let clause: string | undefined;
  for (let i = done.length - 1; i >= 0; i--) {
    if (CLAUSE_WORDS.has(done[i]!)) {
      clause = done[i];
      break;
    }
  }
  const first = done[0];
  if (first === 'default') return done.length === 1 ? { kind: 'clause' } : { kind: 'none' };
  if (first === 'policy') return { kind: 'none' };
  if (first === 'services' && done.includes('=')) return { kind: 'service' };
  if ((first === 'hosts' || first === 'nets') && done.includes('='))
    return { kind: 'peer', side: 'to' };
  if (first === 'expect') {
    if (clause === 'on') return { kind: 'service' };
    if (clause === 'method') return { kind: 'method' };
    if (clause === 'by') return { kind: 'rule' };
    return done.includes('->') ? { kind: 'peer', side: 'to' } : { kind: 'peer', side: 'from' };
  }
  switch (clause) {
    case 'from':
      return { kind: 'peer', side: 'from' };
    case 'to':
      return { kind: 'peer', side: 'to' };
    case 'on':
      return { kind: 'service' };
    case 'methods':
      return { kind: 'method' };
    case 'by':
      return { kind: 'rule' };
    default:
      return first === 'allow' || first === 'deny' ? { kind: 'clause' } : { kind: 'none' };
  }
}
