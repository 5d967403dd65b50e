/** Ranges of tokens and spans of tokens (tokens never span lines, so this is arithmetic). */
import type { Range } from '../core/diagnostic.js';
import type { Token } from './scanner.js';

export function tokenRange(t: Token): Range {
  return {
    start: { line: t.line, column: t.column, offset: t.start },
    end: { line: t.line, column: t.column + (t.end - t.start), offset: t.end },
  };
}

/** From the start of `first` to the end of `last`. */
export function spanRange(first: Token, last: Token): Range {
  return {
    start: { line: first.line, column: first.column, offset: first.start },
    end: { line: last.line, column: last.column + (last.end - last.start), offset: last.end },
  };
}

/** The empty range at the start of the file. */
export function fileStartRange(): Range {
  return { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
}
