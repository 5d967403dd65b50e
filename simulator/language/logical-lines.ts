/**
 * Groups physical lines into statements ("logical lines") and comment lines.
 *
 * The continuation rules (also in docs/language.md):
 * 1. A line whose first word is a statement keyword (policy, hosts, nets, services, allow,
 *    deny, default, expect — in any letter case) always starts a new statement.
 * 2. Otherwise a line continues the statement above when the line above ends with a comma,
 *    or when this line starts with whitespace (an indented continuation line).
 * 3. A blank line or a comment line ends a statement; so does the end of the file.
 * A comment after code on a line (a trailing comment) does not end the statement.
 *
 * So `methods POST paths /v1/chat/*` can sit on an indented line under its rule, and a long
 * list can be broken after any comma. The comment lines directly above a statement (no
 * blank line between) are its description.
 */
import type { Token } from './scanner.js';
import { isStatementKeyword } from './keywords.js';

export interface StatementChunk {
  kind: 'statement';
  /** The statement's tokens without comments; never empty. */
  tokens: Token[];
  /** Trailing comments on the statement's lines. */
  comments: Token[];
  /** True when no statement ends directly above (file start, blank line or comment line). */
  afterBreak: boolean;
  /** True when the statement's first line starts with whitespace. */
  indented: boolean;
  /** The comment block directly above, without `#` markers; null if none. */
  description: string | null;
}

export interface CommentChunk {
  kind: 'comment';
  token: Token;
}

export type Chunk = StatementChunk | CommentChunk;

/** The text of a description: `#` and one following space removed from every line. */
export function descriptionText(comments: readonly { text: string }[]): string | null {
  const lines = comments.map((c) => {
    const body = c.text.slice(1);
    return (body.startsWith(' ') ? body.slice(1) : body).trimEnd();
  });
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length > 0 ? lines.join('\n') : null;
}

/**
 * Groups tokens into chunks and hands each one to `emit` as soon as it is complete, in file
 * order. Returns nothing: callers keep what they need, so tokens can be collected early.
 */
export function groupLines(next: () => Token | undefined, emit: (chunk: Chunk) => void): void {
  let current: StatementChunk | null = null;
  let lastLine = 0;
  // The run of comment lines directly above the current line (reset by blank lines).
  let block: Token[] = [];
  for (let token = next(); token !== undefined; token = next()) {
    if (token.lineStart) {
      const blankAbove = token.line > lastLine + 1;
      if (token.kind === 'comment') {
        if (current !== null) emit(current);
        current = null;
        if (blankAbove) block = [];
        block.push(token);
        emit({ kind: 'comment', token });
        lastLine = token.line;
        continue;
      }
      const startsStatement = token.kind === 'word' && isStatementKeyword(token.text.toLowerCase());
      const continues =
        current !== null &&
        !blankAbove &&
        !startsStatement &&
        (current.tokens[current.tokens.length - 1]!.kind === 'comma' || token.indented);
      if (!continues) {
        const described: boolean = !blankAbove && block.length > 0 && current === null;
        if (current !== null) emit(current);
        current = {
          kind: 'statement',
          tokens: [],
          comments: [],
          afterBreak: current === null || blankAbove,
          indented: token.indented,
          description: described ? descriptionText(block) : null,
        };
      }
      block = [];
    }
    // Not at a line start, `current` is set: the line's first token made or continued it.
    if (token.kind === 'comment') current!.comments.push(token);
    else current!.tokens.push(token);
    lastLine = token.line;
  }
  if (current !== null) emit(current);
}
