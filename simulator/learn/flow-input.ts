/**
 * The flows `egress learn` reads, from whole texts: Egress Studio's own flow files and every
 * log format, detected by content (or the format named), the companion logs of a format
 * (Zeek's `ssl.log`, `http.log`, `dns.log`) read first and joined into its main files.
 *
 * The one seam between learn and the flow readers: when the one flow reader
 * (simulator/flows/flow-reader.ts) reads the log formats and their companions itself, this
 * function becomes a loop over it.
 */
import type { Topology } from '../core/model.js';
import { sourceProblem } from '../engine/validate-flow.js';
import type { CompanionCollector, FlowFormat, ObservedFlow } from '../flows/flow-format.js';
import { DETECT_LINES } from '../flows/flow-reader.js';
import { FLOW_FORMATS } from '../flows/formats/index.js';

export interface FlowText {
  /** The file's name as the user gave it. */
  name: string;
  text: string;
}

/** One observed flow and the file it was read from. */
export interface LearnedFlowInput {
  file: string;
  observed: ObservedFlow;
}

export interface InputProblem {
  file: string;
  line: number;
  reason: string;
}

export interface ObservedFlows {
  flows: LearnedFlowInput[];
  problems: InputProblem[];
  /** Each file and the format it was read as (`zeek companion` for a companion file). */
  formats: { file: string; format: string }[];
}

/** A file that no format claims, or whose header is wrong: nothing can be learned from it. */
export class UnreadableFlowInput extends Error {
  override readonly name = 'UnreadableFlowInput';
}

/** The one registry, in its detection order. */
const ALL_FORMATS: readonly FlowFormat[] = FLOW_FORMATS;

export function inputFormatNames(): string[] {
  return ALL_FORMATS.map((f) => f.name);
}

interface NumberedLine {
  text: string;
  line: number;
}

function numberedLines(text: string): NumberedLine[] {
  const out: NumberedLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() !== '') out.push({ text: line, line: i + 1 });
  });
  return out;
}

export function readObservedFlows(
  files: readonly FlowText[],
  options: { format?: string; topology?: Topology } = {},
): ObservedFlows {
  const forced = options.format === undefined ? undefined : formatNamed(options.format);
  const problems: InputProblem[] = [];
  const formats: ObservedFlows['formats'] = [];
  const companions = new Map<FlowFormat, CompanionCollector>();
  const main: { file: FlowText; lines: NumberedLine[]; format: FlowFormat }[] = [];

  for (const file of files) {
    const lines = numberedLines(file.text);
    const head = lines.slice(0, DETECT_LINES).map((l) => l.text);
    const companionOf = forced
      ? undefined
      : ALL_FORMATS.find((f) => f.companion?.detect(head) === true);
    if (companionOf?.companion) {
      let collector = companions.get(companionOf);
      if (!collector) companions.set(companionOf, (collector = companionOf.companion.collector()));
      const parser = collector.open(file.name);
      for (const l of lines) {
        for (const o of parser.push(l.text, l.line)) {
          if (o.kind === 'malformed')
            problems.push({ file: file.name, line: o.line, reason: o.reason });
        }
      }
      for (const o of parser.finish()) {
        if (o.kind === 'malformed')
          problems.push({ file: file.name, line: o.line, reason: o.reason });
      }
      formats.push({ file: file.name, format: `${companionOf.name} companion` });
      continue;
    }
    const format = forced ?? ALL_FORMATS.find((f) => f.detect(head)) ?? byExtension(file.name);
    if (!format) {
      throw new UnreadableFlowInput(
        `${file.name}: not a flow file or log of a known format; give --input-format NAME (${inputFormatNames().join(', ')})`,
      );
    }
    formats.push({ file: file.name, format: format.name });
    main.push({ file, lines, format });
  }

  const flows: LearnedFlowInput[] = [];
  const topology = options.topology;
  for (const { file, lines, format } of main) {
    const collector = companions.get(format);
    const parser = format.open(file.name, collector ? { companions: collector } : {});
    const take = (outcomes: ReturnType<typeof parser.push>): void => {
      for (const o of outcomes) {
        if (o.kind === 'flow') {
          const problem = sourceProblem(o.observed.flow.src, topology);
          if (problem === undefined) flows.push({ file: file.name, observed: o.observed });
          else problems.push({ file: file.name, line: o.observed.line, reason: problem });
        } else if (o.kind === 'malformed') {
          problems.push({ file: file.name, line: o.line, reason: o.reason });
        } else if (o.kind === 'unreadable') {
          throw new UnreadableFlowInput(`${file.name}:${o.line}: ${o.reason}`);
        }
      }
    };
    for (const l of lines) take(parser.push(l.text, l.line));
    take(parser.finish());
  }
  return { flows, problems, formats };
}

function formatNamed(name: string): FlowFormat {
  const format = ALL_FORMATS.find((f) => f.name === name);
  if (!format) {
    throw new UnreadableFlowInput(
      `unknown input format ${JSON.stringify(name)}; formats are ${inputFormatNames().join(', ')}`,
    );
  }
  return format;
}

function byExtension(file: string): FlowFormat | undefined {
  const name = /\.csv$/i.test(file) ? 'csv' : /\.(jsonl|ndjson|json)$/i.test(file) ? 'jsonl' : '';
  return ALL_FORMATS.find((f) => f.name === name);
}
