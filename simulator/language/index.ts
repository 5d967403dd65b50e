/**
 * The policy language (docs/language.md): parse, check, format, and the flow syntax of
 * `egress explain`. docs/language.md describes the language and its diagnostics.
 */
export { parsePolicy } from './parser.js';
export { checkPolicy } from './checker.js';
export { StatementReuse } from './statement-reuse.js';
export type { CheckOptions, PolicyCheckResult } from './checker.js';
export { formatPolicy } from './formatter.js';
export { dateProblem, reviewWho, utcToday } from './review.js';
export { parseFlowSpec } from './flow-spec.js';
export { completionAt } from './completion.js';
export type { CompletionExpectation, CompletionItemKind } from './completion.js';
export type { FlowSpec } from './flow-spec.js';
export {
  CLAUSE_KEYWORDS,
  HTTP_METHODS,
  KEYWORDS,
  PROTOCOLS,
  REFERENCE_PREFIXES,
  STATEMENT_KEYWORDS,
  STATEMENT_SYNTAX,
  VALUE_KEYWORDS,
} from './keywords.js';
export type * from './ast.js';
export type * from './symbols.js';
