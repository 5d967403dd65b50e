/**
 * The scanner: text → tokens, in one pass over UTF-16 code units. It never fails; any
 * character that is not whitespace or punctuation belongs to a word, and the parser judges
 * the words. Line structure is kept on the tokens (`lineStart`, `indented`) because
 * statements are line-oriented (see parser.ts for the continuation rules).
 *
 * Tokens:
 * - `word`: a maximal run of other characters (`pypi.org`, `role:trainer`, `tcp/443`,
 *   `fd00::1`, `/v1/chat/*`, `allow`);
 * - `comma` `,`, `equals` `=`, `arrow` `->` (also inside a run: `node:a->b` is three tokens,
 *   since no valid word contains `->`);
 * - `comment`: `#` to the end of the line (`#` always starts a comment).
 *
 * Line breaks are LF, CRLF or a lone CR (as Monaco counts lines). Whitespace is space, tab,
 * form feed, vertical tab, no-break space, and a byte-order mark at the start of the file.
 */

export type TokenKind = 'word' | 'comma' | 'equals' | 'arrow' | 'comment';

export interface Token {
  kind: TokenKind;
  text: string;
  /** 0-based UTF-16 offsets, [start, end). A token never spans lines. */
  start: number;
  end: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units (a tab counts as one column, as in Monaco). */
  column: number;
  /** True for the first token on its physical line. */
  lineStart: boolean;
  /** True when the token's line begins with whitespace (meaningful on `lineStart` tokens). */
  indented: boolean;
}

export interface ScanResult {
  tokens: Token[];
  /** Number of physical lines (an empty text has one). */
  lineCount: number;
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const VT = 11;
const FF = 12;
const NBSP = 0xa0;
const BOM = 0xfeff;
const HASH = 35;
const COMMA = 44;
const EQUALS = 61;
const MINUS = 45;
const GREATER = 62;

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === VT || c === FF || c === NBSP || c === BOM;
}

function isWordChar(c: number): boolean {
  return !(c === LF || c === CR || isSpace(c) || c === HASH || c === COMMA || c === EQUALS);
}

export function scan(text: string): ScanResult {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  let lineOffset = 0;
  let atLineStart = true;
  let indented = false;
  // A byte-order mark is not indentation.
  if (n > 0 && text.charCodeAt(0) === BOM) i = 1;

  const push = (kind: TokenKind, start: number, end: number): void => {
    tokens.push({
      kind,
      text: text.slice(start, end),
      start,
      end,
      line,
      column: start - lineOffset + 1,
      lineStart: atLineStart,
      indented,
    });
    atLineStart = false;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) {
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      lineOffset = i;
      atLineStart = true;
      indented = false;
      continue;
    }
    if (isSpace(c)) {
      if (atLineStart) indented = true;
      i++;
      continue;
    }
    const start = i;
    if (c === HASH) {
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === LF || d === CR) break;
        i++;
      }
      push('comment', start, i);
    } else if (c === COMMA) {
      push('comma', start, ++i);
    } else if (c === EQUALS) {
      push('equals', start, ++i);
    } else if (c === MINUS && text.charCodeAt(i + 1) === GREATER) {
      i += 2;
      push('arrow', start, i);
    } else {
      while (i < n) {
        const d = text.charCodeAt(i);
        if (!isWordChar(d) || (d === MINUS && text.charCodeAt(i + 1) === GREATER)) break;
        i++;
      }
      push('word', start, i);
    }
  }
  return { tokens, lineCount: line };
}
