/**
 * The words of the policy language (docs/language.md). Every keyword is reserved: it can name
 * neither a set nor a rule, so a list such as `to pypi log` is never ambiguous.
 */

/** Words that start a statement. A line whose first word is one of these always starts one. */
export const STATEMENT_KEYWORDS = [
  'policy',
  'hosts',
  'nets',
  'services',
  'allow',
  'deny',
  'default',
  'expect',
] as const;

/** Words that introduce a clause inside a rule or an `expect` line. */
export const CLAUSE_KEYWORDS = [
  'from',
  'to',
  'on',
  'methods',
  'paths',
  'log',
  'method',
  'path',
  'by',
] as const;

/** Words that stand for a value: `any`, the protocols, and the implicit decider `inbound`. */
export const VALUE_KEYWORDS = ['any', 'tcp', 'udp', 'icmp', 'inbound'] as const;

/**
 * The words of a quantified expectation (`expect all allowed from …`). They have a meaning
 * only right after `expect`, so they stay free as names (`hosts all = …` keeps working).
 */
export const QUANTIFIER_WORDS = ['all', 'none', 'allowed', 'denied'] as const;

/** Every keyword, for editor completion and colouring. */
export const KEYWORDS: readonly string[] = [
  ...STATEMENT_KEYWORDS,
  ...CLAUSE_KEYWORDS,
  ...VALUE_KEYWORDS,
];

export const PROTOCOLS = ['tcp', 'udp', 'icmp'] as const;

/** The prefixes of topology references: `role:trainer`, `node:gateway`, `zone:vpc`. */
export const REFERENCE_PREFIXES = ['role', 'node', 'zone'] as const;

export const HTTP_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'CONNECT',
  'TRACE',
] as const;

/** The decider names `expect … by` accepts besides rule ids. */
export const IMPLICIT_DECIDERS = ['default', 'inbound'] as const;

export type StatementKeyword = (typeof STATEMENT_KEYWORDS)[number];

const statementSet: ReadonlySet<string> = new Set(STATEMENT_KEYWORDS);
const keywordSet: ReadonlySet<string> = new Set(KEYWORDS);
const methodSet: ReadonlySet<string> = new Set(HTTP_METHODS);

export function isStatementKeyword(word: string): word is StatementKeyword {
  return statementSet.has(word);
}

export function isKeyword(word: string): boolean {
  return keywordSet.has(word);
}

export function isHttpMethod(word: string): boolean {
  return methodSet.has(word);
}

/** Set names and rule ids (docs/language.md): a lowercase letter, then letters, digits, `_` and `-`. */
export const NAME_PATTERN = /^[a-z][a-z0-9_-]*$/;

/** The one-line syntax of each statement, quoted in "expected …" messages. */
export const STATEMENT_SYNTAX = {
  policy: 'policy NAME',
  hosts: 'hosts NAME = DOMAIN, *.DOMAIN, …',
  nets: 'nets NAME = IP, CIDR, …',
  services: 'services NAME = tcp/PORT, udp/LO-HI, …',
  rule: 'allow|deny ID from SRC, … to DST, … [on SVC, …] [methods METHOD, …] [paths PATH, …] [log]',
  default: 'default allow|deny [log]',
  expect: 'expect allow|deny ENDPOINT -> TARGET on SERVICE [method METHOD] [path PATH] [by RULE]',
  'expect-class':
    'expect all|none allowed|denied from SRC, … to DST, … [on SVC, …] [methods METHOD, …] [paths PATH, …]',
  flow: 'ENDPOINT -> TARGET on SERVICE [method METHOD] [path PATH]',
} as const;

export type SyntaxName = keyof typeof STATEMENT_SYNTAX;
