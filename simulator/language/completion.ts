/**
 * What may be written at a place in a policy, for editors' completion: the keywords the
 * grammar accepts next and the kind of item a list there holds (docs/language.md
 * "Statements"). Rules take `from` and `to`, then `on`, `methods`, `paths` and `log`, in
 * that order and each once; an expectation is `expect VERDICT ENDPOINT -> TARGET on SERVICE`
 * then `method`, `path`, `by`. The statement is found with the continuation-line rules
 * ("Lines, continuation lines and comments"), and the word being typed does not count.
 */
import { STATEMENT_KEYWORDS } from './keywords.js';

/** The kind of item a place holds. */
export type CompletionItemKind =
  | 'source'
  | 'destination'
  | 'service'
  | 'method'
  | 'path'
  | 'rule'
  | 'endpoint'
  | 'target'
  | 'verdict'
  /** A new name (rule id, set or policy name): nothing to offer. */
  | 'new-name';

export interface CompletionExpectation {
  /** At the start of a statement: the statement keywords are `keywords`. */
  statementStart: boolean;
  /** Keywords valid next, in grammar order. */
  keywords: string[];
  /** The item kind valid next, if any. */
  item: CompletionItemKind | null;
}

const RULE_CLAUSES = ['from', 'to', 'on', 'methods', 'paths', 'log'] as const;
/** Rule clauses that must be written (the rest are optional). */
const REQUIRED = new Set(['from', 'to']);
const RULE_ITEMS: Record<string, CompletionItemKind | null> = {
  from: 'source',
  to: 'destination',
  on: 'service',
  methods: 'method',
  paths: 'path',
  log: null,
};
const EXPECT_CLAUSES = ['method', 'path', 'by'] as const;
const EXPECT_ITEMS: Record<string, CompletionItemKind> = {
  on: 'service',
  method: 'method',
  path: 'path',
  by: 'rule',
};
const SET_ITEMS: Record<string, CompletionItemKind> = {
  hosts: 'destination',
  nets: 'destination',
  services: 'service',
};
const STATEMENTS: ReadonlySet<string> = new Set(STATEMENT_KEYWORDS);

const NOTHING: CompletionExpectation = { statementStart: false, keywords: [], item: null };

function expecting(keywords: string[], item: CompletionItemKind | null): CompletionExpectation {
  return { statementStart: false, keywords, item };
}

/** The code of a line: without its comment. */
function code(line: string): string {
  const hash = line.indexOf('#');
  return hash === -1 ? line : line.slice(0, hash);
}

/** Whether a line's first word is a complete statement keyword (rule 1 of continuation). */
function startsStatement(line: string, typing: boolean): boolean {
  const m = /^\s*([^\s,=]+)(\s)?/.exec(line);
  return m !== null && STATEMENTS.has(m[1]!) && (!typing || m[2] !== undefined);
}

/** The text of the statement the offset is in, from its first line up to the offset. */
function statementBefore(text: string, offset: number): string {
  const lines = text.slice(0, offset).split('\n');
  const last = lines.length - 1;
  let first = last;
  while (first > 0) {
    if (startsStatement(code(lines[first]!), first === last)) break;
    const above = lines[first - 1]!;
    if (above.trim() === '' || /^\s*#/.test(above)) break;
    if (!/,\s*$/.test(code(above)) && !/^\s/.test(lines[first]!)) break;
    first--;
  }
  return lines
    .slice(first)
    .map((l, i) => (first + i < last ? code(l) : l))
    .join('\n');
}

function tokens(statement: string): string[] {
  return statement.match(/,|=|->|[^\s,=]+/g) ?? [];
}

/** Keywords and item kind valid at `offset` in `text`. */
export function completionAt(text: string, offset: number): CompletionExpectation {
  const before = statementBefore(text, offset);
  const lastLine = before.slice(before.lastIndexOf('\n') + 1);
  if (lastLine.includes('#')) return NOTHING;
  const all = tokens(before);
  // The word being typed is what completion replaces: it does not count.
  const done = /[\s,=]$/.test(before) || before === '' ? all : all.slice(0, -1);
  // Nothing before the cursor in this statement: a statement starts (indented or not).
  if (done.length === 0)
    return { statementStart: true, keywords: [...STATEMENT_KEYWORDS], item: null };
  switch (done[0]) {
    case 'allow':
    case 'deny':
      return afterRule(done);
    case 'expect':
      return afterExpect(done);
    case 'hosts':
    case 'nets':
    case 'services':
      return afterSet(done);
    case 'default':
      return done.length === 1
        ? expecting(['allow', 'deny'], 'verdict')
        : done.length === 2
          ? expecting(['log'], null)
          : NOTHING;
    case 'policy':
      return done.length === 1 ? expecting([], 'new-name') : NOTHING;
    default:
      return NOTHING;
  }
}

function afterRule(done: readonly string[]): CompletionExpectation {
  if (done.length === 1) return expecting([], 'new-name');
  let clause = -1;
  let items = 0;
  let afterComma = false;
  for (const t of done.slice(2)) {
    const at = (RULE_CLAUSES as readonly string[]).indexOf(t);
    if (at > clause && (clause === -1 || items > 0 || RULE_CLAUSES[clause] === 'log')) {
      clause = at;
      items = 0;
      afterComma = false;
    } else if (t === ',') {
      afterComma = true;
    } else {
      items++;
      afterComma = false;
    }
  }
  const name = clause === -1 ? null : RULE_CLAUSES[clause]!;
  if (name === 'log') return NOTHING;
  if (name !== null && (items === 0 || afterComma)) return expecting([], RULE_ITEMS[name]!);
  // The next clauses: up to and including the first one that must be written.
  const next: string[] = [];
  for (const c of RULE_CLAUSES.slice(clause + 1)) {
    next.push(c);
    if (REQUIRED.has(c)) break;
  }
  return expecting(next, null);
}

function afterExpect(done: readonly string[]): CompletionExpectation {
  // expect VERDICT ENDPOINT -> TARGET on SERVICE [method M] [path P] [by RULE]
  const fixed = ['verdict', 'endpoint', '->', 'target', 'on', 'service'] as const;
  const rest = done.slice(1);
  if (rest.length < fixed.length) {
    const want = fixed[rest.length]!;
    if (want === 'verdict') return expecting(['allow', 'deny'], 'verdict');
    if (want === '->' || want === 'on') return expecting([want], null);
    return expecting([], want === 'service' ? EXPECT_ITEMS['on']! : want);
  }
  let clause = -1;
  let filled = true;
  for (const t of rest.slice(fixed.length)) {
    const at = (EXPECT_CLAUSES as readonly string[]).indexOf(t);
    if (filled && at > clause) {
      clause = at;
      filled = false;
    } else {
      filled = true;
    }
  }
  if (!filled) return expecting([], EXPECT_ITEMS[EXPECT_CLAUSES[clause]!]!);
  return expecting([...EXPECT_CLAUSES.slice(clause + 1)], null);
}

function afterSet(done: readonly string[]): CompletionExpectation {
  if (done.length === 1) return expecting([], 'new-name');
  if (done.length === 2) return expecting(['='], null);
  const last = done.at(-1);
  return last === '=' || last === ',' ? expecting([], SET_ITEMS[done[0]!]!) : NOTHING;
}
