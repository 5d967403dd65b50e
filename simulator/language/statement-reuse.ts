/**
 * Incremental parsing: a statement whose text is unchanged since the previous parse is not
 * parsed again. The editor checks the whole policy after every keystroke, and a keystroke
 * changes one statement; parsing the other 2,000 again was most of a check's time and most
 * of the garbage it left (bench/ui.ts, docs in README "Designer").
 *
 * A statement is looked up by everything its parse depends on: its text from the first to
 * the last token, the column it starts at, whether it follows a break or is indented, and
 * its description. Found at the same place, the very same node is used again; found
 * elsewhere (lines were added or removed above it, or a character earlier in the file),
 * a copy with its positions moved is used. The syntax diagnostics the statement's parse
 * reported are reported again, moved the same way, so the sink sees what a fresh parse
 * would give it. A differential test (test/language/statement-reuse.test.ts) checks that
 * the tree and the diagnostics equal those of a parse from scratch after random edits.
 *
 * Only the statements of the latest parse are kept, so the memory held is one tree.
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
  line: number;
  offset: number;
  reports: Report[];
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
          reports.push({ template, args, range });
          sink.report(template, args, range);
        },
      });
      parsed = { statement, line: first.line, offset: first.start, reports };
    } else {
      this.reused++;
      const lines = first.line - before.line;
      const offsets = first.start - before.offset;
      parsed =
        lines === 0 && offsets === 0
          ? before
          : {
              statement: movedStatement(before.statement, lines, offsets),
              line: first.line,
              offset: first.start,
              reports: before.reports.map((r) => ({
                ...r,
                range: movedRange(r.range, lines, offsets),
              })),
            };
      for (const r of parsed.reports) sink.report(r.template, r.args, r.range);
    }
    if (!this.current.has(key)) this.current.set(key, parsed);
    return parsed.statement;
  }
}

function movedRange(r: Range, lines: number, offsets: number): Range {
  return {
    start: { line: r.start.line + lines, column: r.start.column, offset: r.start.offset + offsets },
    end: { line: r.end.line + lines, column: r.end.column, offset: r.end.offset + offsets },
  };
}

function movedName(n: NameNode | null, lines: number, offsets: number): NameNode | null {
  return n === null ? null : { name: n.name, range: movedRange(n.range, lines, offsets) };
}

function movedItem(i: ItemNode | null, lines: number, offsets: number): ItemNode | null {
  return i === null
    ? null
    : { text: i.text, shape: i.shape, range: movedRange(i.range, lines, offsets) };
}

function movedItems(list: ItemNode[] | null, lines: number, offsets: number): ItemNode[] | null {
  return list === null ? null : list.map((i) => movedItem(i, lines, offsets)!);
}

/** A copy of `s` with every position moved by `lines` lines and `offsets` characters. */
function movedStatement(s: Statement, lines: number, offsets: number): Statement {
  const range = movedRange(s.range, lines, offsets);
  switch (s.type) {
    case 'policy':
      return { ...s, range, name: movedName(s.name, lines, offsets) };
    case 'set':
      return {
        ...s,
        range,
        name: movedName(s.name, lines, offsets),
        items: movedItems(s.items, lines, offsets)!,
      };
    case 'rule':
      return {
        ...s,
        range,
        id: movedName(s.id, lines, offsets),
        from: movedItems(s.from, lines, offsets),
        to: movedItems(s.to, lines, offsets),
        on: movedItems(s.on, lines, offsets),
        methods: movedItems(s.methods, lines, offsets),
        paths: movedItems(s.paths, lines, offsets),
      };
    case 'expect':
      return {
        ...s,
        range,
        endpoint: movedItem(s.endpoint, lines, offsets),
        target: movedItem(s.target, lines, offsets),
        service: movedItem(s.service, lines, offsets),
        method: movedItem(s.method, lines, offsets),
        path: movedItem(s.path, lines, offsets),
        by: movedName(s.by, lines, offsets),
      };
    case 'default':
    case 'invalid':
      return { ...s, range };
  }
}
