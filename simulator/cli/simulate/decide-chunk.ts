/**
 * Reads, decides and formats one piece of a flow file, as the single-threaded loop of
 * `egress simulate` does line by line: the same reader, matcher and result formatter.
 */
import type { DecisionCache } from '../../engine/decision-cache.js';
import type { CompiledMatcher } from '../../engine/index.js';
import type { FlowProblem } from '../../flows/flow-reader.js';
import type { ObservedFlow } from '../../flows/flow-format.js';
import type { Project } from '../../project/index.js';
import { DECISION_BIAS } from '../simulate-output.js';
import type { ChunkResult, ChunkTask } from './chunk-protocol.js';

const LINE_BREAK = 10;
/** Output is gathered in strings of about this size: see PIECE in output-sink.ts. */
const PIECE = 1 << 15;
const BATCH_BYTES = 1 << 16;

export interface ChunkDecider {
  project: Project;
  matcher: CompiledMatcher;
  /** The matcher's decisions, remembered for repeated flows (the single-threaded loop asks the matcher). */
  decisions: DecisionCache;
  resultText: ((observed: ObservedFlow, decision: number) => string) | undefined;
  strictInput: boolean;
}

export function decideChunk(task: ChunkTask, d: ChunkDecider): ChunkResult {
  const { matcher, resultText } = d;
  const primed = 'format' in task.reading;
  const format = 'format' in task.reading ? task.reading.format : task.reading.inputFormat;
  const reader = d.project.flowReader(task.file, format !== undefined ? { format } : {});
  // A later piece's reader sees the file's header as its line 1.
  const shift = primed ? 1 : 0;
  if ('format' in task.reading && task.reading.header !== undefined)
    reader.push(task.reading.header + '\n');
  else if (primed) reader.push('\n');
  const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.length);

  const output = new ByteBuilder(bytes.length * 2 + 1024);
  const flowsByDecision = new Float64Array(matcher.ruleCount + DECISION_BIAS);
  const problems: FlowProblem[] = [];
  let pending = '';
  let total = 0;
  let allowed = 0;
  let stopped = false;
  // Read in small batches, as the single-threaded loop reads a file: flows and readings die
  // young instead of filling the heap with a whole piece's worth (measured: 3× the GC time).
  for (let start = 0; start <= bytes.length && !stopped;) {
    let end = start + BATCH_BYTES;
    if (end >= bytes.length) end = bytes.length;
    else {
      const cut = bytes.indexOf(LINE_BREAK, end);
      end = cut < 0 ? bytes.length : cut + 1;
    }
    const readings = reader.push(bytes.toString('utf8', start, end));
    if (end === bytes.length) readings.push(...reader.end());
    start = end === bytes.length ? bytes.length + 1 : end;
    for (const reading of readings) {
      if (reading.kind === 'problem') {
        const p = reading.problem;
        problems.push({ line: p.line - shift, kind: p.kind, reason: p.reason });
        if (d.strictInput) {
          stopped = true;
          break;
        }
        continue;
      }
      const decision = d.decisions.decide(reading.observed.flow);
      total++;
      if (matcher.verdictFor(decision).verdict === 'allow') allowed++;
      flowsByDecision[decision + DECISION_BIAS]!++;
      if (resultText === undefined) continue;
      pending += resultText(reading.observed, decision);
      if (pending.length >= PIECE) {
        output.write(pending);
        pending = '';
      }
    }
  }
  output.write(pending);
  return {
    id: task.id,
    output: output.bytes(),
    lineBreaks: countLineBreaks(task.bytes),
    problems,
    stopped,
    flowsByDecision,
    total,
    allowed,
  };
}

function countLineBreaks(bytes: Uint8Array): number {
  let count = 0;
  for (let at = bytes.indexOf(LINE_BREAK); at >= 0; at = bytes.indexOf(LINE_BREAK, at + 1)) count++;
  return count;
}

/** UTF-8 output in one growing buffer of its own (transferable to the main thread). */
class ByteBuilder {
  private buffer: Buffer;
  private length = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafeSlow(capacity);
  }

  write(text: string): void {
    const most = text.length * 3;
    if (this.length + most > this.buffer.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.length + most));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(text, this.length);
  }

  bytes(): Uint8Array {
    return new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.length);
  }
}
