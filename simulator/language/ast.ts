/**
 * The syntax tree of a policy file. It keeps what the text says (item texts as written,
 * ranges, comments); meaning (resolved sets, canonical CIDRs, verdicts) is the checker's
 * `PolicyModel`. Statements that the parser could not read completely are still present,
 * with `malformed: true` and whatever parts were read, so that names they define resolve
 * and the formatter can leave them as they were.
 */
import type { Range } from '../core/diagnostic.js';
import type { Action, SetKind } from '../core/model.js';

/**
 * What a word looks like, independent of where it stands. The checker decides whether
 * that shape is allowed in its place (a domain in `from` is not).
 */
export type ItemShape =
  | 'any'
  | 'role'
  | 'node'
  | 'zone'
  /** `something:…` with a prefix other than role/node/zone (`rol:x`, `https://…`). */
  | 'prefix'
  /** `tcp`, `udp`, `icmp`, optionally followed by `/…`. */
  | 'service'
  /** Looks like an IPv4 or IPv6 address or CIDR (may still be invalid). */
  | 'address'
  /** Contains a dot or starts with `*` (may still be invalid). */
  | 'domain'
  /** Starts with `/`. */
  | 'path'
  /** A set or rule name: `[a-z][a-z0-9_-]*`. */
  | 'name'
  /** Anything else (`GET`, `"quoted"`, `443`, `Pypi`). */
  | 'word';

export interface ItemNode {
  text: string;
  shape: ItemShape;
  range: Range;
}

export interface NameNode {
  name: string;
  range: Range;
}

export interface CommentNode {
  /** The comment as written, from `#` to the end of the line (trailing whitespace removed). */
  text: string;
  range: Range;
  /** True when code precedes the comment on its line. */
  trailing: boolean;
}

interface StatementBase {
  /** From the first to the last token of the statement (trailing comments excluded). */
  range: Range;
  /** True when the parser reported a syntax error inside the statement and skipped the rest. */
  malformed: boolean;
  /** The comment block directly above the statement, without `#` markers; null if none. */
  description: string | null;
}

export interface PolicyStatement extends StatementBase {
  type: 'policy';
  name: NameNode | null;
}

export interface SetStatement extends StatementBase {
  type: 'set';
  kind: SetKind;
  name: NameNode | null;
  items: ItemNode[];
}

/** The clauses that describe a class of flows: a rule's, and a quantified expectation's. */
export interface FlowClassClauses {
  from: ItemNode[] | null;
  to: ItemNode[] | null;
  on: ItemNode[] | null;
  methods: ItemNode[] | null;
  paths: ItemNode[] | null;
}

export interface RuleStatement extends StatementBase, FlowClassClauses {
  type: 'rule';
  action: Action;
  id: NameNode | null;
  log: boolean;
}

export interface DefaultStatement extends StatementBase {
  type: 'default';
  action: Action | null;
  log: boolean;
}

/** The flow part shared by `expect` lines and `egress explain` flow specs. */
export interface FlowSpecNode {
  endpoint: ItemNode | null;
  target: ItemNode | null;
  service: ItemNode | null;
  method: ItemNode | null;
  path: ItemNode | null;
}

export interface ExpectStatement extends StatementBase, FlowSpecNode {
  type: 'expect';
  verdict: Action | null;
  by: NameNode | null;
}

/** Whether every flow, or no flow, of a class gets a verdict (`expect all allowed from …`). */
export type Quantifier = 'all' | 'none';

/** `expect all|none allowed|denied from … to … [on …] [methods …] [paths …]`. */
export interface ClassExpectStatement extends StatementBase, FlowClassClauses {
  type: 'expect-class';
  quantifier: Quantifier;
  /** `allowed` reads as allow, `denied` as deny; null when missing. */
  verdict: Action | null;
}

/** A line that does not start a known statement; kept so no text is lost. */
export interface InvalidStatement extends StatementBase {
  type: 'invalid';
}

export type Statement =
  | PolicyStatement
  | SetStatement
  | RuleStatement
  | DefaultStatement
  | ExpectStatement
  | ClassExpectStatement
  | InvalidStatement;

export interface PolicyAst {
  file?: string;
  /** In file order. */
  statements: Statement[];
  /** Every comment, in file order. */
  comments: CommentNode[];
}
