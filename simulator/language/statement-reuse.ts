/**
 * Incremental parsing: a statement whose text is unchanged since the previous parse is not
 * parsed again. The editor checks the whole policy after every keystroke, and a keystroke
 * changes one statement; parsing the other 2,000 again was most of a check's time and most
 * of the garbage it left (bench/ui.ts, docs in README "Designer").
 *
 * A statement is looked up by everything its parse depends on: its text from the first to
 * the last token, the column it starts at, whether it follows a break or is indented, and
 * its description. The very same node is used again; found elsewhere (lines were added or
 * removed above it, or a character earlier in the file), its positions are moved in place.
 * The syntax diagnostics the statement's parse reported are reported again, moved the same
 * way, so the sink sees what a fresh parse would give it. A differential test
 * (test/language/statement-reuse.test.ts) checks that the tree and the diagnostics equal
 * those of a parse from scratch after random edits.
 *
 * Only the statements of the latest parse are kept, so the memory held is one tree. Since
 * nodes move in place, a result of a check with a `StatementReuse` is good until the next
 * check with it: then its positions are those of the newer text.
 */
import type { Range } from '../core/diagnostic.js';
import type { DiagnosticArgs, DiagnosticTemplate } from '../diagnostics/define.js';
import type { ItemNode, NameNode, Statement } from './ast.js';
import type { StatementChunk } from './logical-lines.js';

/** The part of a diagnostic sink a statement parser uses. */
export interface SyntaxReporter {
  report(template: DiagnosticTemplate, args: DiagnosticArgs, range: Range): void;
}

interface Report {
  template: DiagnosticTemplate;
  args: DiagnosticArgs;
  range: Range;
}

interface Parsed {
  statement: Statement;
  /** Where `statement`'s positions are now: the line and offset of its first token. */
  line: number;
  offset: number;
  /** Syntax reports, with ranges of their own (never shared with the tree's). */
  reports: Report[];
  /** Another statement with the same key in the same parse (a line written twice). */
  next: Parsed | null;
}

export class StatementReuse {
  private previous = new Map<string, Parsed>();
  private current = new Map<string, Parsed>();
  /** Statements of the latest parse that were taken from the one before. */
  reused = 0;
  /** Statements of the latest parse that were parsed afresh. */
  parsed = 0;

  /** Called by the parser before the first statement of a document. */
  begin(): void {
    this.current = new Map();
    this.reused = 0;
    this.parsed = 0;
  }

  /** Called by the parser after the last statement: what was parsed becomes reusable. */
  end(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  /** The node for `chunk` of `text`: reused, moved, or made by `parse`. */
  statement(
    text: string,
    chunk: StatementChunk,
    sink: SyntaxReporter,
    parse: (chunk: StatementChunk, reporter: SyntaxReporter) => Statement,
  ): Statement {
    const first = chunk.tokens[0]!;
    const last = chunk.tokens[chunk.tokens.length - 1]!;
    const key =
      `${first.column}\u0000${chunk.afterBreak ? 1 : 0}${chunk.indented ? 1 : 0}\u0000` +
      `${chunk.description === null ? '' : `\u0001${chunk.description}`}\u0000` +
      text.slice(first.start, last.end);
    const before = this.previous.get(key);
    let parsed: Parsed;
    if (before === undefined) {
      this.parsed++;
      const reports: Report[] = [];
      const statement = parse(chunk, {
        report(template, args, range) {
          reports.push({ template, args, range: copiedRange(range) });
          sink.report(template, args, range);
        },
      });
      parsed = { statement, line: first.line, offset: first.start, reports, next: null };
    } else {
      this.reused++;
      // Taken out, so that the same line written again further down takes another node.
      if (before.next === null) this.previous.delete(key);
      else this.previous.set(key, before.next);
      parsed = before;
      const lines = first.line - parsed.line;
      const offsets = first.start - parsed.offset;
      if (lines !== 0 || offsets !== 0) {
        moveStatement(parsed.statement, lines, offsets);
        for (const r of parsed.reports) moveRange(r.range, lines, offsets);
        parsed.line = first.line;
        parsed.offset = first.start;
      }
      for (const r of parsed.reports) sink.report(r.template, r.args, copiedRange(r.range));
    }
    parsed.next = this.current.get(key) ?? null;
    this.current.set(key, parsed);
    return parsed.statement;
  }
}

function copiedRange(r: Range): Range {
  return { start: { ...r.start }, end: { ...r.end } };
}

/** Moves `r` in place; a range whose start and end are one object moves once. */
function moveRange(r: Range, lines: number, offsets: number): void {
  r.start.line += lines;
  r.start.offset += offsets;
  if (r.end === r.start) return;
  r.end.line += lines;
  r.end.offset += offsets;
}

function moveName(n: NameNode | null, lines: number, offsets: number): void {
  if (n !== null) moveRange(n.range, lines, offsets);
}

function moveItem(i: ItemNode | null, lines: number, offsets: number): void {
  if (i !== null) moveRange(i.range, lines, offsets);
}

function moveItems(list: ItemNode[] | null, lines: number, offsets: number): void {
  if (list !== null) for (const i of list) moveRange(i.range, lines, offsets);
}

/**
 * Moves every position of `s` by `lines` lines and `offsets` characters, in place, as
 * tree-sitter's `ts_tree_edit` does: a copy of every moved statement was most of an edit's
 * time and garbage (a keystroke in the middle of 2,000 lines moves 1,000 statements).
 */
function moveStatement(s: Statement, lines: number, offsets: number): void {
  moveRange(s.range, lines, offsets);
  switch (s.type) {
    case 'policy':
      moveName(s.name, lines, offsets);
      return;
    case 'set':
      moveName(s.name, lines, offsets);
      moveItems(s.items, lines, offsets);
      return;
    case 'rule':
    case 'expect-class':
      if (s.type === 'rule') moveName(s.id, lines, offsets);
      moveItems(s.from, lines, offsets);
      moveItems(s.to, lines, offsets);
      moveItems(s.on, lines, offsets);
      moveItems(s.methods, lines, offsets);
      moveItems(s.paths, lines, offsets);
      return;
    case 'expect':
      moveItem(s.endpoint, lines, offsets);
      moveItem(s.target, lines, offsets);
      moveItem(s.service, lines, offsets);
      moveItem(s.method, lines, offsets);
      moveItem(s.path, lines, offsets);
      moveName(s.by, lines, offsets);
      return;
    case 'default':
    case 'invalid':
      return;
  }
}
