/**
 * The policy parser: text → `PolicyAst` plus syntax diagnostics. It never throws on any
 * input. A syntax error abandons only its own statement; the next statement is parsed
 * normally, so every error of a file is reported (one per statement at most, never two
 * errors at the same position).
 *
 * Statements are logical lines (details in logical-lines.ts and docs/language.md):
 * - a line whose first word is a statement keyword always starts a new statement;
 * - otherwise a line continues the statement above when the line above ends with a comma,
 *   or when this line is indented (starts with whitespace);
 * - a blank line or a comment line ends a statement.
 * So a rule's `methods … paths …` clauses may sit on an indented line below it:
 *
 *     allow llm-calls from node:gateway to api.openai.com on tcp/443
 *       methods POST paths /v1/chat/*, /v1/embeddings
 *
 * Comments are kept in the tree; the comment lines directly above a statement are its
 * description.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { LANGUAGE_DIAGNOSTICS as D } from '../diagnostics/catalog-language.js';
import type { CommentNode, PolicyAst, Statement } from './ast.js';
import { DiagnosticSink } from './diagnostic-sink.js';
import type { Chunk } from './logical-lines.js';
import { groupLines } from './logical-lines.js';
import { tokenRange } from './ranges.js';
import { StatementCounter, scanPolicyText } from './limits.js';
import { Scanner } from './scanner.js';
import type { StatementReuse } from './statement-reuse.js';
import type { Token } from './scanner.js';
import { parseStatement } from './statements.js';

export interface ParsedDocument {
  ast: PolicyAst;
  /** True when the text was refused (NUL characters, or over a limit): not checked, not formatted. */
  unread: boolean;
}

/** Called with each statement or comment line as soon as it is parsed (the formatter's hook). */
export type ChunkVisitor = (chunk: Chunk, statement: Statement | null) => void;

/** A NUL character means the file is not text: one clear error instead of thousands. */
function binaryCheck(text: string, sink: DiagnosticSink): boolean {
  const nul = text.indexOf('\u0000');
  if (nul < 0) return false;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < nul; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  const start = { line, column: nul - lineStart + 1, offset: nul };
  sink.report(
    D.binaryFile,
    {},
    { start, end: { ...start, column: start.column + 1, offset: nul + 1 } },
  );
  return true;
}

function commentNode(t: Token): CommentNode {
  const text = t.text.trimEnd();
  const range = tokenRange(t);
  range.end.offset = t.start + text.length;
  range.end.column = t.column + text.length;
  return { text, range, trailing: !t.lineStart };
}

/**
 * Parses into `sink` (shared with the checker, so its duplicate suppression spans both).
 * Statements are parsed as soon as their last line is read, so tokens do not pile up.
 * With `reuse`, statements unchanged since its previous parse are taken from it
 * (statement-reuse.ts).
 */
export function parseDocument(
  text: string,
  sink: DiagnosticSink,
  visit?: ChunkVisitor,
  reuse?: StatementReuse,
): ParsedDocument {
  const ast: PolicyAst = { statements: [], comments: [] };
  if (sink.file !== undefined) ast.file = sink.file;
  if (binaryCheck(text, sink)) return { ast, unread: true };
  const tooLarge = scanPolicyText(text);
  if (tooLarge !== null) {
    sink.report(D.limitExceeded, { ...tooLarge.args }, tooLarge.range);
    return { ast, unread: true };
  }
  const scanner = new Scanner(text);
  const counter = new StatementCounter();
  let stopped = false;
  reuse?.begin();
  groupLines(
    () => (stopped ? undefined : scanner.next()),
    (chunk) => {
      if (stopped) return;
      if (chunk.kind === 'comment') {
        ast.comments.push(commentNode(chunk.token));
        visit?.(chunk, null);
        return;
      }
      const statement = reuse
        ? reuse.statement(text, chunk, sink, parseStatement)
        : parseStatement(chunk, sink);
      const members = statement.type === 'set' ? statement.items.length : 0;
      const tooMany = counter.add(statement.type, members);
      if (tooMany !== null) {
        sink.report(D.limitExceeded, { ...tooMany }, statement.range);
        stopped = true;
        return;
      }
      ast.statements.push(statement);
      for (const c of chunk.comments) ast.comments.push(commentNode(c));
      visit?.(chunk, statement);
    },
  );
  reuse?.end();
  // A file stopped at a count limit is only partly read: neither checked nor formatted.
  return { ast, unread: stopped };
}

export function parsePolicy(
  text: string,
  options: { file?: string } = {},
): { ast: PolicyAst; diagnostics: Diagnostic[] } {
  const sink = new DiagnosticSink(options.file);
  const { ast } = parseDocument(String(text), sink);
  return { ast, diagnostics: sink.sorted() };
}
