/**
 * The one flow reader (docs/cli.md "Flow inputs"): decoded text in, flows and problems out,
 * for every format of the registry. It splits lines across chunks, picks the format from the
 * first non-empty lines (or takes the one it is told), numbers lines, and reports malformed
 * lines and sources that name no node of the topology. Pure: the CLI and the desktop feed it
 * file chunks, the worker a whole text, with the same answers.
 */
import { clip } from './echo.js';
import type { FlowFormat, FlowLineOutcome, FlowLineParser, ObservedFlow } from './flow-format.js';
import { FLOW_FORMATS, flowFormatNamed } from './formats/index.js';

/** Lines a format's `detect` sees. */
export const DETECT_LINES = 20;

/**
 * The longest flow line read (docs/language.md "Input limits"): a flow record is about a
 * hundred characters, and a line that never ends would be held whole and split again with
 * every chunk.
 */
export const MAX_FLOW_LINE_LENGTH = 65_536;

/** Why reading stops at a line longer than MAX_FLOW_LINE_LENGTH. */
export function longLineMessage(file: string, line: number): string {
  return `${file}:${line}: the line is longer than ${MAX_FLOW_LINE_LENGTH.toLocaleString('en')} characters (the limit of a flow line); is this a flow file?`;
}

/** Problems a reader keeps for its report (it counts them all). */
export const PROBLEMS_KEPT = 1000;

/** A line the reader could not turn into a flow. */
export interface FlowProblem {
  line: number;
  /** `malformed`: not a record; `unknown-source`: `src` names no node of the topology. */
  kind: 'malformed' | 'unknown-source';
  reason: string;
}

/** What the reader gives for one line, in file order. */
export type FlowReading =
  { kind: 'flow'; observed: ObservedFlow } | { kind: 'problem'; problem: FlowProblem };

/** The file cannot be read at all: no format claims it, or its header is wrong. */
export class FlowInputError extends Error {
  override readonly name = 'FlowInputError';
}

export interface FlowReaderOptions {
  /** The file's name as the user gave it (for messages and the extension fallback). */
  file: string;
  /** `--input-format NAME`: skips detection. */
  format?: string;
  /**
   * Why a node-id `src` is not acceptable (no such node), or undefined when it is. Asked
   * once per distinct name; IP sources are never asked.
   */
  sourceProblem?: (src: string) => string | undefined;
}

/** Formats tried by file extension when no format claims the content. */
const BY_EXTENSION: readonly [RegExp, string][] = [
  [/\.csv$/i, 'csv'],
  [/\.(jsonl|ndjson|json)$/i, 'jsonl'],
];

export class FlowReader {
  /** The format reading the file, once known. */
  format: FlowFormat | undefined;
  /** The first PROBLEMS_KEPT problems, in file order. */
  readonly problems: FlowProblem[] = [];
  /** All problems, kept or not. */
  problemCount = 0;

  private parser: FlowLineParser | undefined;
  private remainder = '';
  private lineNo = 0;
  /** Non-empty lines held back until the format is known. */
  private head: { text: string; line: number }[] = [];
  /** Node-id sources already asked about: most are nodes, a few are not. */
  private readonly knownSources = new Set<string>();
  private readonly unknownSources = new Map<string, string>();

  constructor(private readonly options: FlowReaderOptions) {
    if (options.format !== undefined) {
      const format = flowFormatNamed(options.format);
      if (!format) {
        throw new FlowInputError(
          `unknown input format ${JSON.stringify(clip(options.format))}; formats are ${FLOW_FORMATS.map((f) => f.name).join(', ')}`,
        );
      }
      this.start(format);
    }
  }

  /** Reads a chunk of decoded text; returns what its complete lines hold. */
  push(chunk: string): FlowReading[] {
    const text = this.remainder + chunk;
    const lines = text.split('\n');
    this.remainder = lines.pop()!;
    if (this.remainder.length > MAX_FLOW_LINE_LENGTH) {
      throw new FlowInputError(longLineMessage(this.options.file, this.lineNo + lines.length + 1));
    }
    const out: FlowReading[] = [];
    for (const line of lines) this.line(line, out);
    return out;
  }

  /** The end of the input: the last line, and what the format still held. */
  end(): FlowReading[] {
    const out: FlowReading[] = [];
    if (this.remainder !== '') this.line(this.remainder, out);
    this.remainder = '';
    if (!this.parser) this.decide();
    this.take(this.parser!.finish(), out);
    return out;
  }

  private line(raw: string, out: FlowReading[]): void {
    const line = ++this.lineNo;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '') return;
    if (this.parser) {
      this.take(this.parser.push(text, line), out);
      return;
    }
    this.head.push({ text, line });
    if (this.head.length < DETECT_LINES) return;
    this.decide();
    this.replay(out);
  }

  private decide(): void {
    const head = this.head.map((h) => h.text);
    const format =
      FLOW_FORMATS.find((f) => f.detect(head)) ??
      (head.length === 0 ? FLOW_FORMATS[0] : undefined) ??
      flowFormatNamed(BY_EXTENSION.find(([re]) => re.test(this.options.file))?.[1] ?? '');
    if (!format) {
      throw new FlowInputError(
        `${this.options.file}: not a flow file of a known format; ` +
          `give --input-format NAME (${FLOW_FORMATS.map((f) => f.name).join(', ')})`,
      );
    }
    this.start(format);
  }

  private start(format: FlowFormat): void {
    this.format = format;
    this.parser = format.open(this.options.file);
  }

  private replay(out: FlowReading[]): void {
    const held = this.head;
    this.head = [];
    for (const { text, line } of held) this.take(this.parser!.push(text, line), out);
  }

  private take(outcomes: FlowLineOutcome[], out: FlowReading[]): void {
    if (this.head.length > 0) this.replay(out);
    for (let i = 0; i < outcomes.length; i++) {
      const o = outcomes[i]!;
      switch (o.kind) {
        case 'flow': {
          // The format's outcome is passed on as it is: no copy per flow on the hot path.
          const problem = this.sourceProblem(o.observed.flow.src);
          if (problem === undefined) out.push(o);
          else
            this.problem({ kind: 'unknown-source', line: o.observed.line, reason: problem }, out);
          break;
        }
        case 'malformed':
          this.problem({ kind: 'malformed', line: o.line, reason: o.reason }, out);
          break;
        case 'unreadable':
          throw new FlowInputError(`${this.options.file}:${o.line}: ${o.reason}`);
        case 'skip':
          break;
      }
    }
  }

  private sourceProblem(src: string): string | undefined {
    // Node ids have neither dots nor colons; IP addresses always have one of them.
    const check = this.options.sourceProblem;
    if (check === undefined || src.includes('.') || src.includes(':')) return undefined;
    if (this.knownSources.has(src)) return undefined;
    let problem = this.unknownSources.get(src);
    if (problem === undefined) {
      problem = check(src);
      if (problem === undefined) {
        this.knownSources.add(src);
        return undefined;
      }
      this.unknownSources.set(src, problem);
    }
    return problem;
  }

  private problem(p: FlowProblem, out: FlowReading[]): void {
    this.problemCount++;
    if (this.problems.length < PROBLEMS_KEPT) this.problems.push(p);
    out.push({ kind: 'problem', problem: p });
  }
}

/** Reads a whole text (the worker's case): every flow and the problems, in file order. */
export function readFlowText(
  text: string,
  options: FlowReaderOptions,
): { flows: ObservedFlow[]; problems: FlowProblem[]; problemCount: number } {
  const reader = new FlowReader(options);
  const flows: ObservedFlow[] = [];
  for (const r of [...reader.push(text), ...reader.end()]) {
    if (r.kind === 'flow') flows.push(r.observed);
  }
  return { flows, problems: reader.problems, problemCount: reader.problemCount };
}
