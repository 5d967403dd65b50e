/**
 * The formatter: the canonical layout of a policy file, changing whitespace only.
 *
 * - One statement per line at column 1, single spaces between tokens, `, ` between items.
 * - An allow/deny rule (or a quantified `expect all|none …`) with `methods` or `paths` puts
 *   them (and whatever follows) on a continuation line. Every continuation line is indented by exactly two spaces.
 * - A line break the author wrote after a comma is kept (long lists stay one item or a few
 *   per line); other line breaks inside a statement are joined, except where a trailing
 *   comment forces one.
 * - Comments are kept as written (trailing whitespace removed); comment lines start at
 *   column 1; a trailing comment follows its code after one space.
 * - Runs of blank lines become one; no blank lines at the start or end; LF; final newline.
 * - A statement with a syntax error is copied as it was (only line endings become LF), so
 *   formatting never loses text.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import type { Statement } from './ast.js';
import { DiagnosticSink } from './diagnostic-sink.js';
import type { StatementChunk } from './logical-lines.js';
import { parseDocument } from './parser.js';
import type { Token } from './scanner.js';

const INDENT = '  ';

function lastLineOf(chunk: StatementChunk): number {
  const lastToken = chunk.tokens[chunk.tokens.length - 1]!;
  const lastComment = chunk.comments[chunk.comments.length - 1];
  return Math.max(lastToken.line, lastComment?.line ?? 0);
}

/** The statement's lines exactly as written (from the start of its first line). */
function verbatim(text: string, chunk: StatementChunk): string {
  let start = chunk.tokens[0]!.start;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  const lastToken = chunk.tokens[chunk.tokens.length - 1]!;
  const lastComment = chunk.comments[chunk.comments.length - 1];
  const end = Math.max(lastToken.end, lastComment?.end ?? 0);
  return text
    .slice(start, end)
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .trimEnd();
}

function layout(chunk: StatementChunk, statement: Statement): string {
  const merged: Token[] = [...chunk.tokens, ...chunk.comments].sort((a, b) => a.start - b.start);
  // The first `methods` or `paths` keyword of a rule starts the continuation line.
  const classLike = statement.type === 'rule' || statement.type === 'expect-class';
  const forced =
    classLike && (statement.methods !== null || statement.paths !== null)
      ? chunk.tokens.find((t) => t.kind === 'word' && (t.text === 'methods' || t.text === 'paths'))
      : undefined;
  let out = '';
  let previous: Token | undefined;
  for (const token of merged) {
    if (previous === undefined) {
      out = token.text;
    } else if (token.kind === 'comment') {
      out += ' ' + token.text.trimEnd();
    } else {
      const keptBreak =
        token.line > previous.line && (previous.kind === 'comma' || previous.kind === 'comment');
      if (token === forced || keptBreak) out += '\n' + INDENT + token.text;
      else if (token.kind === 'comma') out += ',';
      else out += ' ' + token.text;
    }
    previous = token;
  }
  return out;
}

export function formatPolicy(text: string): {
  text: string;
  changed: boolean;
  diagnostics: Diagnostic[];
} {
  const source = String(text);
  const sink = new DiagnosticSink(undefined);
  const blocks: string[] = [];
  let previousLine = 0;
  const doc = parseDocument(source, sink, (chunk, statement) => {
    const firstLine = chunk.kind === 'comment' ? chunk.token.line : chunk.tokens[0]!.line;
    if (blocks.length > 0 && firstLine > previousLine + 1) blocks.push('');
    if (chunk.kind === 'comment') {
      blocks.push(chunk.token.text.trimEnd());
      previousLine = chunk.token.line;
    } else {
      blocks.push(statement!.malformed ? verbatim(source, chunk) : layout(chunk, statement!));
      previousLine = lastLineOf(chunk);
    }
  });
  if (doc.unread) return { text: source, changed: false, diagnostics: sink.sorted() };
  const formatted = blocks.length > 0 ? blocks.join('\n') + '\n' : '';
  return { text: formatted, changed: formatted !== source, diagnostics: sink.sorted() };
}
