/**
 * A cursor over the tokens of one statement, with the error helpers the statement parsers
 * share. A syntax error reports one diagnostic and abandons the rest of the statement
 * (`StatementAborted`); the statement parsers catch it, mark the statement malformed and the
 * parser carries on with the next statement.
 */
import type { Range } from '../core/diagnostic.js';
import { LANGUAGE_DIAGNOSTICS as D } from '../diagnostics/catalog-language.js';
import type { DiagnosticArgs } from '../diagnostics/define.js';
import { suggestReplacement } from '../util/suggest.js';
import type { ItemNode, NameNode } from './ast.js';
import { classifyItem } from './classify.js';
import { isKeyword, STATEMENT_SYNTAX } from './keywords.js';
import type { SyntaxName } from './keywords.js';
import { tokenRange } from './ranges.js';
import type { Token } from './scanner.js';
import type { SyntaxReporter } from './statement-reuse.js';

/** Thrown inside a statement parser to abandon the statement after its error is reported. */
export class StatementAborted {}
const ABORTED = new StatementAborted();

/** Keywords that may stand as items (judged by the checker, which explains better). */
const ITEM_KEYWORDS: ReadonlySet<string> = new Set(['any', 'tcp', 'udp', 'icmp']);

export const END = 'the end of the statement';

/** `"pypi"`, `keyword "from"`, `","`, or the end of the statement. */
export function describeToken(t: Token | undefined): string {
  if (t === undefined) return END;
  if (t.kind === 'word' && isKeyword(t.text)) return `keyword "${t.text}"`;
  return `"${t.text.length > 40 ? t.text.slice(0, 37) + '…' : t.text}"`;
}

/** `"a", "b" or "c"`. */
export function orList(words: readonly string[]): string {
  const quoted = words.map((w) => (w === END ? w : `"${w}"`));
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

export class TokenReader {
  private index = 0;

  constructor(
    readonly tokens: readonly Token[],
    readonly sink: SyntaxReporter,
    readonly syntax: SyntaxName,
  ) {}

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  atEnd(): boolean {
    return this.index >= this.tokens.length;
  }

  next(): Token {
    const t = this.tokens[this.index];
    if (t === undefined)
      return this.fail(D.expectedToken, { expected: 'more of the statement', found: END });
    this.index++;
    return t;
  }

  /** True (and consumed) when the next token is the word `word`. */
  acceptWord(word: string): boolean {
    const t = this.peek();
    if (t?.kind === 'word' && t.text === word) {
      this.index++;
      return true;
    }
    return false;
  }

  isWord(t: Token | undefined, words: readonly string[]): t is Token {
    return t?.kind === 'word' && words.includes(t.text);
  }

  /** The empty range just after the last token read (where a missing part belongs). */
  private hereRange(): Range {
    const last = this.tokens[Math.max(0, this.index - 1)]!;
    const r = tokenRange(last);
    return { start: r.end, end: r.end };
  }

  /** The range of the next token, or the empty range after the last one at the end. */
  nextRange(): Range {
    const t = this.peek();
    return t === undefined ? this.hereRange() : tokenRange(t);
  }

  fail(template: (typeof D)[keyof typeof D], args: DiagnosticArgs, range?: Range): never {
    this.sink.report(
      template,
      { syntax: STATEMENT_SYNTAX[this.syntax], ...args },
      range ?? this.nextRange(),
    );
    throw ABORTED;
  }

  /** Reports "expected …, found …" at the next token (a wrong-case keyword gets its own message). */
  expected(expected: string, keywords: readonly string[] = []): never {
    const t = this.peek();
    if (t?.kind === 'word' && keywords.includes(t.text.toLowerCase())) {
      return this.fail(D.keywordCase, { found: t.text, expected: t.text.toLowerCase() });
    }
    return this.fail(D.expectedToken, { expected, found: describeToken(t) });
  }

  /** Consumes the keyword `word` or reports that it was expected. */
  keyword(word: string): Token {
    const t = this.peek();
    if (t?.kind === 'word' && t.text === word) return this.next();
    return this.expected(`"${word}"`, [word]);
  }

  /** One item: any word except a keyword that cannot be an item. */
  item(what: string): ItemNode {
    const t = this.peek();
    if (t?.kind !== 'word' || (isKeyword(t.text) && !ITEM_KEYWORDS.has(t.text))) {
      return this.expected(what);
    }
    this.index++;
    return { text: t.text, shape: classifyItem(t.text), range: tokenRange(t) };
  }

  /** A name (set name, rule id, policy name); keywords are read as names for the checker to judge. */
  name(what: string, stopWords: readonly string[] = []): NameNode {
    const t = this.peek();
    if (t?.kind !== 'word' || stopWords.includes(t.text)) return this.expected(what);
    this.index++;
    return { name: t.text, range: tokenRange(t) };
  }

  /** `ITEM {, ITEM}`; with `allowEmpty`, the statement may end right here instead. */
  list(what: string, allowEmpty = false): ItemNode[] {
    if (allowEmpty && this.atEnd()) return [];
    // Sized by counting the commas ahead: pushing would give every list room for 17 items.
    let count = 1;
    while (this.tokens[this.index + 2 * count - 1]?.kind === 'comma') count++;
    const items = new Array<ItemNode>(count);
    items[0] = this.item(what);
    for (let i = 1; i < count; i++) {
      this.index++;
      if (this.atEnd()) {
        this.index--;
        return this.fail(D.danglingComma, { expected: what }, tokenRange(this.peek()!));
      }
      items[i] = this.item(what);
    }
    return items;
  }

  /**
   * After a list: the next token must be one of `follow` (keywords, or END). A plain word
   * here is most likely a missing comma or a misspelt keyword; say which.
   */
  endOfList(after: string, follow: readonly string[]): void {
    const t = this.peek();
    if (t === undefined) {
      if (follow.includes(END)) return;
      this.expected(orList(follow));
    }
    if (t.kind === 'word' && follow.includes(t.text)) return;
    if (t.kind === 'word' && !isKeyword(t.text)) {
      const keywords = follow.filter((f) => f !== END);
      if (keywords.includes(t.text.toLowerCase())) this.expected('', keywords);
      this.fail(D.missingComma, {
        expected: orList(follow),
        after,
        found: describeToken(t),
        suggestion: suggestReplacement(t.text, keywords),
      });
    }
    // Keywords in the wrong place and punctuation are judged by the caller's clause loop.
  }

  /** Reports anything left after a complete statement. */
  end(statement: string): void {
    const t = this.peek();
    if (t === undefined) return;
    this.fail(D.trailingTokens, { found: describeToken(t), statement });
  }
}
