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

/**
 * Produces tokens one at a time, so that the parser can handle each statement as soon as it
 * is complete and its tokens die young (a 10 MB policy has over a million tokens).
 */
export class Scanner {
  private i = 0;
  private line = 1;
  private lineOffset = 0;
  private atLineStart = true;
  private indented = false;

  constructor(private readonly text: string) {
    // A byte-order mark is not indentation.
    if (text.length > 0 && text.charCodeAt(0) === BOM) this.i = 1;
  }

  /** The number of physical lines read so far (all of them once `next` returned undefined). */
  get lineCount(): number {
    return this.line;
  }

  next(): Token | undefined {
    const text = this.text;
    const n = text.length;
    let i = this.i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === LF || c === CR) {
        i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
        this.line++;
        this.lineOffset = i;
        this.atLineStart = true;
        this.indented = false;
        continue;
      }
      if (isSpace(c)) {
        if (this.atLineStart) this.indented = true;
        i++;
        continue;
      }
      const start = i;
      let kind: TokenKind;
      if (c === HASH) {
        while (i < n) {
          const d = text.charCodeAt(i);
          if (d === LF || d === CR) break;
          i++;
        }
        kind = 'comment';
      } else if (c === COMMA) {
        i++;
        kind = 'comma';
      } else if (c === EQUALS) {
        i++;
        kind = 'equals';
      } else if (c === MINUS && text.charCodeAt(i + 1) === GREATER) {
        i += 2;
        kind = 'arrow';
      } else {
        while (i < n) {
          const d = text.charCodeAt(i);
          if (!isWordChar(d) || (d === MINUS && text.charCodeAt(i + 1) === GREATER)) break;
          i++;
        }
        kind = 'word';
      }
      this.i = i;
      const token: Token = {
        kind,
        text: text.slice(start, i),
        start,
        end: i,
        line: this.line,
        column: start - this.lineOffset + 1,
        lineStart: this.atLineStart,
        indented: this.indented,
      };
      this.atLineStart = false;
      return token;
    }
    this.i = i;
    return undefined;
  }
}

/** All tokens at once (for short texts such as `egress explain` flows, and tests). */
export function scan(text: string): ScanResult {
  const scanner = new Scanner(text);
  const tokens: Token[] = [];
  for (let t = scanner.next(); t !== undefined; t = scanner.next()) tokens.push(t);
  return { tokens, lineCount: scanner.lineCount };
}
