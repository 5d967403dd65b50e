/**
 * One parser per statement (docs/language.md "Statements"). Each reads the tokens of one logical
 * line (logical-lines.ts) and returns its node; a syntax error reports once, marks the node
 * malformed and keeps the parts read so far.
 */
import type { Action, SetKind } from '../core/model.js';
import { LANGUAGE_DIAGNOSTICS as D } from '../diagnostics/catalog-language.js';
import { suggestReplacement } from '../util/suggest.js';
import type {
  ClassExpectStatement,
  DefaultStatement,
  ExpectStatement,
  FlowClassClauses,
  FlowSpecNode,
  InvalidStatement,
  NameNode,
  PolicyStatement,
  Quantifier,
  RuleStatement,
  SetStatement,
  Statement,
} from './ast.js';
import { CLAUSE_KEYWORDS, isStatementKeyword, STATEMENT_KEYWORDS } from './keywords.js';
import type { StatementKeyword, SyntaxName } from './keywords.js';
import type { StatementChunk } from './logical-lines.js';
import { spanRange, tokenRange } from './ranges.js';
import type { SyntaxReporter } from './statement-reuse.js';
import { END, orList, StatementAborted, TokenReader } from './token-reader.js';

const ACTIONS = ['allow', 'deny'];
const QUANTIFIERS = ['all', 'none'];
const OUTCOMES = ['allowed', 'denied'];
const RULE_CLAUSES = ['on', 'methods', 'paths', 'log'] as const;
const CLASS_CLAUSES = ['on', 'methods', 'paths'] as const;
const FLOW_CLAUSES = ['method', 'path', 'by'] as const;

const SOURCE = 'a source (any, role:NAME, node:NAME, zone:NAME, an address or a nets set)';
const DESTINATION = 'a destination (any, a domain, an address, role:, node:, zone: or a set)';
const SERVICE = 'a service (any, tcp, udp, icmp, tcp/PORT, udp/LO-HI or a services set)';
const SET_MEMBER: Record<SetKind, string> = {
  hosts: 'a domain, *.domain or hosts set name',
  nets: 'an IP address, CIDR or nets set name',
  services: 'a service such as tcp/443, or a services set name',
};

function rangeOf(chunk: StatementChunk) {
  return spanRange(chunk.tokens[0]!, chunk.tokens[chunk.tokens.length - 1]!);
}

/** Runs `body`; a syntax error inside it marks the node malformed. */
function guarded<T extends Statement>(node: T, body: () => void): T {
  try {
    body();
  } catch (e) {
    if (!(e instanceof StatementAborted)) throw e;
    node.malformed = true;
  }
  return node;
}

/** `allow` or `deny`; `alternatives` are other words the place accepts (for the message). */
function readAction(r: TokenReader, alternatives: readonly string[] = []): Action {
  const t = r.peek();
  if (r.isWord(t, ACTIONS)) {
    r.next();
    return t.text as Action;
  }
  const words = [...ACTIONS, ...alternatives];
  return r.expected(orList(words), words);
}

function parsePolicy(chunk: StatementChunk, r: TokenReader): PolicyStatement {
  const node: PolicyStatement = {
    type: 'policy',
    name: null,
    range: rangeOf(chunk),
    malformed: false,
    description: chunk.description,
  };
  return guarded(node, () => {
    node.name = r.name('the policy name');
    r.end('policy');
  });
}

function parseSet(chunk: StatementChunk, r: TokenReader, kind: SetKind): SetStatement {
  const node: SetStatement = {
    type: 'set',
    kind,
    name: null,
    items: [],
    range: rangeOf(chunk),
    malformed: false,
    description: chunk.description,
  };
  return guarded(node, () => {
    node.name = r.name('a set name');
    if (r.peek()?.kind !== 'equals') r.expected('"="');
    r.next();
    node.items = r.list(SET_MEMBER[kind], true);
    r.endOfList(`the ${kind} list`, [END]);
    r.end(kind);
  });
}

/** True when the class already has the optional clause (clauses are read in order). */
function clauseSet(node: FlowClassClauses & { log?: boolean }, clause: string): boolean {
  if (clause === 'on') return node.on !== null;
  if (clause === 'methods') return node.methods !== null;
  if (clause === 'paths') return node.paths !== null;
  return node.log === true;
}

/**
 * `from … to … [on …] [methods …] [paths …]`, and `[log]` when `clauses` lists it: the
 * class of flows of a rule or of a quantified expectation.
 */
function readFlowClass(
  r: TokenReader,
  node: FlowClassClauses & { log?: boolean },
  clauses: readonly string[],
  statement: string,
): void {
  const follows = clauses.map((_, i) => [...clauses.slice(i), END]).concat([[END]]);
  r.keyword('from');
  node.from = r.list(SOURCE);
  r.endOfList('the sources', ['to']);
  r.keyword('to');
  node.to = r.list(DESTINATION);
  let done = -1;
  const follow = () => follows[done + 1]!;
  r.endOfList('the destinations', follow());
  while (!r.atEnd()) {
    const t = r.peek()!;
    const clause = t.kind === 'word' ? t.text : '';
    const at = clauses.indexOf(clause);
    const repeated = clause === 'from' || clause === 'to' || (at >= 0 && at === done);
    if (repeated || (at >= 0 && at < done && clauseSet(node, clause))) {
      r.fail(D.duplicateClause, { clause }, tokenRange(t));
    }
    if (at < 0 && done === clauses.length - 1) r.end(statement);
    if (at < 0) r.expected(orList(follow()), clauses);
    if (at < done) {
      r.fail(
        D.clauseOrder,
        { clause, previous: clauses[done]!, order: ['from', 'to', ...clauses].join(', ') },
        tokenRange(t),
      );
    }
    r.next();
    done = at;
    if (clause === 'log') node.log = true;
    else if (clause === 'on') node.on = r.list(SERVICE);
    else if (clause === 'methods') node.methods = r.list('an HTTP method such as GET');
    else node.paths = r.list('a path such as /v1/*');
    if (clause !== 'log') r.endOfList(`the ${clause} list`, follow());
  }
}

function parseRule(chunk: StatementChunk, r: TokenReader, action: Action): RuleStatement {
  const node: RuleStatement = {
    type: 'rule',
    action,
    id: null,
    from: null,
    to: null,
    on: null,
    methods: null,
    paths: null,
    log: false,
    range: rangeOf(chunk),
    malformed: false,
    description: chunk.description,
  };
  return guarded(node, () => {
    node.id = r.name('a rule id', CLAUSE_KEYWORDS);
    readFlowClass(r, node, RULE_CLAUSES, 'rule');
  });
}

function parseDefault(chunk: StatementChunk, r: TokenReader): DefaultStatement {
  const node: DefaultStatement = {
    type: 'default',
    action: null,
    log: false,
    range: rangeOf(chunk),
    malformed: false,
    description: chunk.description,
  };
  return guarded(node, () => {
    node.action = readAction(r);
    node.log = r.acceptWord('log');
    r.end('default');
  });
}

/**
 * `ENDPOINT -> TARGET on SERVICE [method M] [path P]` and, in `expect` lines, `[by RULE]`.
 * Shared with `parseFlowSpec` (the CLI's `egress explain` argument).
 */
export function readFlowSpec(
  r: TokenReader,
  node: FlowSpecNode,
  by: (name: NameNode) => void,
): void {
  node.endpoint = r.item('the source of the flow (node:NAME or an IP address)');
  if (r.peek()?.kind !== 'arrow') r.expected('"->"');
  r.next();
  node.target = r.item('the target of the flow (a domain, an IP address or node:NAME)');
  r.keyword('on');
  node.service = r.item('the service of the flow (tcp/PORT, udp/PORT or icmp)');
  const clauses = r.syntax === 'expect' ? FLOW_CLAUSES : FLOW_CLAUSES.slice(0, 2);
  let done = -1;
  const seen = new Set<string>();
  while (!r.atEnd()) {
    const t = r.peek()!;
    const clause = t.kind === 'word' ? t.text : '';
    const at = clauses.indexOf(clause as (typeof FLOW_CLAUSES)[number]);
    if (seen.has(clause)) r.fail(D.duplicateClause, { clause }, tokenRange(t));
    if (at < 0) r.expected(orList([...clauses.slice(done + 1), END]), clauses);
    if (at < done) {
      r.fail(
        D.clauseOrder,
        { clause, previous: clauses[done]!, order: clauses.join(', ') },
        tokenRange(t),
      );
    }
    r.next();
    done = at;
    seen.add(clause);
    if (clause === 'method') node.method = r.item('an HTTP method such as GET');
    else if (clause === 'path') node.path = r.item('a path such as /v1/models');
    else by(r.name('a rule id, "default" or "inbound"'));
  }
}

/** `expect all|none allowed|denied` then a class of flows, as a rule gives it. */
function parseClassExpect(
  chunk: StatementChunk,
  r: TokenReader,
  quantifier: Quantifier,
): ClassExpectStatement {
  const node: ClassExpectStatement = {
    type: 'expect-class',
    quantifier,
    verdict: null,
    from: null,
    to: null,
    on: null,
    methods: null,
    paths: null,
    range: rangeOf(chunk),
    malformed: false,
    description: chunk.description,
  };
  return guarded(node, () => {
    const t = r.peek();
    if (!r.isWord(t, OUTCOMES)) r.expected('"allowed" or "denied"', OUTCOMES);
    r.next();
    node.verdict = t.text === 'allowed' ? 'allow' : 'deny';
    readFlowClass(r, node, CLASS_CLAUSES, 'expect');
  });
}

function parseExpect(
  chunk: StatementChunk,
  r: TokenReader,
): ExpectStatement | ClassExpectStatement {
  const first = r.peek();
  if (r.isWord(first, QUANTIFIERS)) {
    r.next();
    return parseClassExpect(chunk, r, first.text as Quantifier);
  }
  const node: ExpectStatement = {
    type: 'expect',
    verdict: null,
    endpoint: null,
    target: null,
    service: null,
    method: null,
    path: null,
    by: null,
    range: rangeOf(chunk),
    malformed: false,
    description: chunk.description,
  };
  return guarded(node, () => {
    node.verdict = readAction(r, QUANTIFIERS);
    readFlowSpec(r, node, (name) => {
      node.by = name;
    });
  });
}

/** A line that starts no statement: say why, in the most helpful of three ways. */
function parseInvalid(chunk: StatementChunk, sink: SyntaxReporter): InvalidStatement {
  const first = chunk.tokens[0]!;
  const node: InvalidStatement = {
    type: 'invalid',
    range: rangeOf(chunk),
    malformed: true,
    description: chunk.description,
  };
  const range = tokenRange(first);
  const continuation =
    first.kind !== 'word' || (CLAUSE_KEYWORDS as readonly string[]).includes(first.text);
  if (chunk.afterBreak && chunk.indented) {
    sink.report(D.strayIndentedLine, {}, range);
  } else if (!chunk.afterBreak && continuation) {
    sink.report(D.unindentedContinuation, { found: `"${first.text}"` }, range);
  } else {
    sink.report(
      D.unknownStatement,
      { found: first.text, suggestion: suggestReplacement(first.text, STATEMENT_KEYWORDS) },
      range,
    );
  }
  return node;
}

const SYNTAX_OF: Record<StatementKeyword, SyntaxName> = {
  policy: 'policy',
  hosts: 'hosts',
  nets: 'nets',
  services: 'services',
  allow: 'rule',
  deny: 'rule',
  default: 'default',
  expect: 'expect',
};

export function parseStatement(chunk: StatementChunk, sink: SyntaxReporter): Statement {
  const first = chunk.tokens[0]!;
  const keyword = first.kind === 'word' ? first.text.toLowerCase() : '';
  if (!isStatementKeyword(keyword)) return parseInvalid(chunk, sink);
  const second = chunk.tokens[1];
  const quantified =
    keyword === 'expect' && second?.kind === 'word' && QUANTIFIERS.includes(second.text);
  const r = new TokenReader(chunk.tokens, sink, quantified ? 'expect-class' : SYNTAX_OF[keyword]);
  r.next();
  const statement = parseKnown(chunk, r, keyword);
  if (first.text !== keyword) {
    sink.report(D.keywordCase, { found: first.text, expected: keyword }, tokenRange(first));
    statement.malformed = true;
  }
  return statement;
}

function parseKnown(chunk: StatementChunk, r: TokenReader, keyword: StatementKeyword): Statement {
  switch (keyword) {
    case 'policy':
      return parsePolicy(chunk, r);
    case 'hosts':
    case 'nets':
    case 'services':
      return parseSet(chunk, r, keyword);
    case 'allow':
    case 'deny':
      return parseRule(chunk, r, keyword);
    case 'default':
      return parseDefault(chunk, r);
    case 'expect':
      return parseExpect(chunk, r);
  }
}
