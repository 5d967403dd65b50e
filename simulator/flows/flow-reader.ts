/**
 * The one flow reader (docs/cli.md "Flow inputs"): decoded text in, flows and problems out,
 * for every format of the registry. It splits lines across chunks, picks the format from the
 * first non-empty lines (or takes the one it is told), numbers lines, and reports malformed
 * lines and sources that name no node of the topology. Pure: the CLI and the desktop feed it
 * file chunks, the worker a whole text, with the same answers.
 */
import { clip } from './echo.js';
import type {
  CompanionCollector,
  FlowFormat,
  FlowLineOutcome,
  FlowLineParser,
  ObservedFlow,
  SourceLabels,
} from './flow-format.js';
import { FLOW_FORMATS, detectFlowFile, flowFormatNamed } from './formats/index.js';

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
  /**
   * Reads the file as companions of its format (Zeek's `ssl.log`) into this collector: no
   * flows come out, only malformed lines.
   */
  collectInto?: CompanionCollector;
  /** The companion collectors of the run, already filled, by format name. */
  companions?: ReadonlyMap<string, CompanionCollector>;
  /** Sources named by a workload label (Hubble's `--source-label KEY`). */
  sourceLabels?: SourceLabels;
}

/** Lines skipped for one reason (replies, unsupported protocols, …), counted over a file. */
export interface SkipCount {
  reason: string;
  count: number;
}

/** `FILE: 3 lines skipped: protocol 50 is not tcp, udp or icmp`, one line a reason. */
export function describeSkips(file: string, skips: readonly SkipCount[]): string[] {
  return skips.map(
    ({ reason, count }) =>
      `${file}: ${count.toLocaleString('en-US')} ${count === 1 ? 'line' : 'lines'} skipped: ${reason}`,
  );
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
  /** Lines the format skipped with a reason, counted by reason in the order first seen. */
  private readonly skipCounts = new Map<string, number>();

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

  /**
   * One whole line, without its line break, after everything pushed so far ended with one:
   * what `push(line + '\n')` reads, without cutting a chunk into lines.
   */
  pushLine(line: string): FlowReading[] {
    const out: FlowReading[] = [];
    this.line(line, out);
    return out;
  }

  /** The end of the input: the last line, and what the format still held. */
  end(): FlowReading[] {
    const out: FlowReading[] = [];
    if (this.remainder !== '') this.line(this.remainder, out);
    this.remainder = '';
    if (!this.parser) this.decide();
    // Lines held for detection go to the format before it is told the file ended.
    if (this.head.length > 0) this.replay(out);
    this.take(this.parser!.finish(), out);
    return out;
  }

  private line(raw: string, out: FlowReading[]): void {
    const line = ++this.lineNo;
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // A byte order mark (as Windows tools write one) is no part of the first line.
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
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

  /** The skip reasons and their counts so far, in the order first seen. */
  get skips(): SkipCount[] {
    return [...this.skipCounts].map(([reason, count]) => ({ reason, count }));
  }

  private decide(): void {
    const head = this.head.map((h) => h.text);
    const found = detectFlowFile(head);
    if (found?.role === 'companion' && this.options.collectInto === undefined) {
      throw new FlowInputError(
        `${this.options.file}: a ${found.format.name} companion log (it names the hosts of another log's flows); give it together with the ${found.format.name} log it belongs to`,
      );
    }
    const format =
      found?.format ??
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
    const { file, collectInto, companions, sourceLabels } = this.options;
    const companionsOfFormat = companions?.get(format.name);
    this.parser =
      collectInto !== undefined
        ? collectInto.open(file)
        : format.open(file, {
            ...(companionsOfFormat !== undefined ? { companions: companionsOfFormat } : {}),
            ...(sourceLabels !== undefined ? { sourceLabels } : {}),
          });
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
          if (o.reason !== undefined) {
            this.skipCounts.set(o.reason, (this.skipCounts.get(o.reason) ?? 0) + 1);
          }
          break;
      }
    }
  }

  /** Whether a flow from `src` is read as a flow, not reported as an unknown source. */
  acceptsSource(src: string): boolean {
    return this.sourceProblem(src) === undefined;
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
): { flows: ObservedFlow[]; problems: FlowProblem[]; problemCount: number; skips: SkipCount[] } {
  const reader = new FlowReader(options);
  const flows: ObservedFlow[] = [];
  for (const r of [...reader.push(text), ...reader.end()]) {
    if (r.kind === 'flow') flows.push(r.observed);
  }
  return {
    flows,
    problems: reader.problems,
    problemCount: reader.problemCount,
    skips: reader.skips,
  };
}

/** One input of a run, with its first non-empty lines (undefined for stdin: not peeked). */
export interface FlowInputHead {
  file: string;
  head: readonly string[] | undefined;
}

/** Which inputs are companions (read first, into their format's collector) and which are flows. */
export interface FlowInputPlan {
  companions: { index: number; format: FlowFormat }[];
  /** Indexes of the flow inputs, in the order given. */
  flows: number[];
}

/**
 * Sorts the inputs of a run into companion files and flow files by their first lines. A
 * companion file needs a flow file of its format beside it (or one not peeked at, stdin).
 */
export function planFlowInputs(
  inputs: readonly FlowInputHead[],
  forcedName?: string,
): FlowInputPlan {
  const forced = forcedName !== undefined ? flowFormatNamed(forcedName) : undefined;
  const plan: FlowInputPlan = { companions: [], flows: [] };
  const flowFormats = new Set<string | undefined>();
  inputs.forEach(({ head }, index) => {
    const found = head !== undefined ? detectFlowFile(head, forced) : undefined;
    if (found?.role === 'companion') plan.companions.push({ index, format: found.format });
    else {
      plan.flows.push(index);
      flowFormats.add(found?.format.name);
    }
  });
  for (const { index, format } of plan.companions) {
    if (!flowFormats.has(format.name) && !flowFormats.has(undefined)) {
      throw new FlowInputError(
        `${inputs[index]!.file}: a ${format.name} companion log (it names the hosts of another log's flows), but no ${format.name} log is given; add it with another --flows`,
      );
    }
  }
  return plan;
}
