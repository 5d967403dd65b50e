/**
 * Which rule each line of a generated file comes from, for every target: exporters name the
 * rule they are writing in the lines they write (the comment block above it, `comment "id"`,
 * `egress:id` log prefixes, `rule_id_…` names, `# id — …` captions, a row's id column; see
 * docs/exporters.md). A line that names exactly one rule of the policy belongs to it; the
 * lines after it that name none (its description, the body of a set or resource) belong to it
 * too, until a blank line, a line naming another rule or several, or a line indented less.
 */

/** Rule ids are lowercase letters, digits and dashes: anything else separates them. */
const WORD = /[a-z0-9][a-z0-9-]*/g;

/** The rule ids a line names, once each, in order. */
function namedRules(line: string, ruleIds: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const match of line.matchAll(WORD)) {
    const word = match[0];
    if (ruleIds.has(word) && !found.includes(word)) found.push(word);
  }
  return found;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * The rule of every line of `content` (index 0 is line 1), or null for a line that belongs to
 * no single rule (headers, shared sets, a list of several rules, the default decision).
 */
export function rulesOfLines(content: string, ruleIds: Iterable<string>): (string | null)[] {
  const ids = new Set(ruleIds);
  const out: (string | null)[] = [];
  let current: { rule: string; indent: number } | null = null;
  for (const line of content.split('\n')) {
    if (line.trim() === '') {
      current = null;
      out.push(null);
      continue;
    }
    const named = namedRules(line, ids);
    if (named.length === 1) {
      const indent = indentOf(line);
      // A line deeper inside the block of the same rule keeps the block's own indentation.
      if (current === null || current.rule !== named[0] || indent < current.indent) {
        current = { rule: named[0]!, indent };
      }
    } else if (named.length > 1 || (current !== null && indentOf(line) < current.indent)) {
      current = null;
    }
    out.push(current?.rule ?? null);
  }
  return out;
}

/** The rule of 1-based `line` of `content`, or null. */
export function ruleOfLine(
  content: string,
  line: number,
  ruleIds: Iterable<string>,
): string | null {
  return rulesOfLines(content, ruleIds)[line - 1] ?? null;
}
