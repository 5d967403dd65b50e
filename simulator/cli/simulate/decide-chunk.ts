/**
 * Reads, decides and formats one piece of a flow file, as the single-threaded loop of
 * `egress simulate` does line by line: the same reader, matcher and result formatter.
 */
import type { CompiledMatcher } from '../../engine/index.js';
import { CsvByteRows } from './csv-byte-rows.js';
import type { FlowProblem, FlowReader } from '../../flows/flow-reader.js';
import type { ObservedFlow } from '../../flows/flow-format.js';
import type { Project } from '../../project/index.js';
import { ByteKeyTable } from './byte-key-table.js';
import { DECISION_BIAS, jsonlTail, resultFormatter } from '../simulate-output.js';
import type { ChunkResult, ChunkTask, WorkerSetup } from './chunk-protocol.js';

const LINE_BREAK = 10;
/** Output is gathered in strings of about this size: see PIECE in output-sink.ts. */
const PIECE = 1 << 15;
const BATCH_BYTES = 1 << 16;
/** What a jsonl result starts with, before its flow (see jsonlResult). */
const JSONL_HEAD = Buffer.from('{"flow":');

export interface ChunkDecider {
  project: Project;
  matcher: CompiledMatcher;
  /**
   * Lines already seen (tag: the decision; payload: the output), for the pieces after the
   * first of a file whose rows are not read from bytes (JSONL); made when first needed.
   */
  lines: ByteKeyTable | undefined;
  resultText: ((observed: ObservedFlow, decision: number) => string) | undefined;
  /** For jsonl output: the UTF-8 of `jsonlTail` of each decision (shifted by DECISION_BIAS). */
  jsonlTails: Uint8Array[] | undefined;
  strictInput: boolean;
  /** Per `decide` result (shifted by DECISION_BIAS): 1 when its verdict allows. */
  allows: Uint8Array;
  /** The CSV rows read from bytes, with the header of the file they are for. */
  csvRows: { header: string; rows: CsvByteRows } | undefined;
}

/** What a thread needs to decide pieces: one per thread, kept from piece to piece. */
export function chunkDecider(
  project: Project,
  matcher: CompiledMatcher,
  setup: Pick<WorkerSetup, 'format' | 'strictInput'>,
): ChunkDecider {
  const jsonl = setup.format === 'jsonl';
  // Every field is set here, so that the object keeps one shape from the first piece on (a
  // field added later changes it, and code optimised for the old shape is thrown away).
  return {
    project,
    matcher,
    lines: undefined,
    resultText: resultFormatter(setup.format, matcher, false),
    jsonlTails: jsonl
      ? Array.from({ length: matcher.ruleCount + DECISION_BIAS }, (_, i) =>
          Buffer.from(jsonlTail(matcher.verdictFor(i - DECISION_BIAS))),
        )
      : undefined,
    strictInput: setup.strictInput,
    allows: Uint8Array.from({ length: matcher.ruleCount + DECISION_BIAS }, (_, i) =>
      matcher.verdictFor(i - DECISION_BIAS).verdict === 'allow' ? 1 : 0,
    ),
    csvRows: undefined,
  };
}

/** The CSV rows read from bytes for a file with this header (kept while the header is the same). */
function csvRowsFor(task: ChunkTask, header: string, d: ChunkDecider): CsvByteRows | undefined {
  if (d.csvRows?.header === header) return d.csvRows.rows;
  // Sources are checked against the topology once per distinct source cell, by a reader of
  // their own that remembers its answers.
  const sources = d.project.flowReader(task.file, { format: 'csv' });
  const rows = CsvByteRows.forHeader(
    header,
    d.matcher.parts,
    (src) => sources.acceptsSource(src),
    d.jsonlTails !== undefined,
  );
  if (rows !== undefined) d.csvRows = { header, rows };
  return rows;
}

export function decideChunk(task: ChunkTask, d: ChunkDecider): ChunkResult {
  return 'format' in task.reading ? decideLines(task, task.reading, d) : decideFirst(task, d);
}

/**
 * A piece after the first: its format is known, so each line is read on its own. A plain CSV
 * row is read from its bytes (csv-byte-rows.ts); any other line goes to the text reader, and,
 * in a JSONL file, a line seen before is answered from the line cache without being decoded.
 */
function decideLines(
  task: ChunkTask,
  reading: { format: string; header?: string },
  d: ChunkDecider,
): ChunkResult {
  const reader = d.project.flowReader(task.file, { format: reading.format });
  // The reader sees the file's header (or an empty line) as its line 1.
  reader.push((reading.header ?? '') + '\n');
  const rows =
    reading.format === 'csv' && reading.header !== undefined
      ? csvRowsFor(task, reading.header, d)
      : undefined;
  const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.length);
  const piece = new Piece(
    bytes,
    new ByteBuilder(d.resultText === undefined ? 0 : bytes.length * 3 + 1024, task.spare),
    new Tally(d.allows),
  );
  // Without rows read from bytes, whole lines are remembered instead.
  readPiece(
    piece,
    rows,
    rows === undefined ? (d.lines ??= new ByteKeyTable()) : undefined,
    reader,
    d,
  );
  const { output, problems, stopped, tally } = piece;
  return chunkResult(
    task,
    output,
    problems,
    stopped,
    tally,
    stopped ? undefined : piece.lineBreaks,
  );
}

/** A piece being read by `decideLines`: where it is, and what it has made so far. */
class Piece {
  /** Where the next line starts. */
  start = 0;
  /** Lines read (the piece's first line is 1). */
  line = 0;
  lineBreaks = 0;
  stopped = false;
  readonly problems: FlowProblem[] = [];

  constructor(
    readonly bytes: Buffer,
    readonly output: ByteBuilder,
    readonly tally: Tally,
  ) {}
}

/**
 * The lines of a piece, read and decided. The loops over lines are functions of their own that
 * end in a plain return: a long loop runs in code optimised while it was running, which V8
 * keeps and enters again on every later call; a call after the loop, not yet made when that
 * code was made, would throw it away at the end of every piece and leave the next piece to
 * start unoptimised (measured: a fifth of the main thread's time at 10,000 rules).
 */
function readPiece(
  piece: Piece,
  rows: CsvByteRows | undefined,
  lines: ByteKeyTable | undefined,
  reader: FlowReader,
  d: ChunkDecider,
): void {
  const { matcher, resultText } = d;
  const { bytes, output, tally, problems } = piece;
  while (piece.start < bytes.length && !piece.stopped) {
    let known = -1;
    let end: number;
    if (rows !== undefined) {
      if (!decidePlainRows(piece, rows, d)) return;
      end = rows.lineEnd;
    } else {
      known = lines!.findLine(bytes, piece.start);
      end = lines!.lineEnd;
    }
    const start = piece.start;
    const line = ++piece.line;
    const lineBreak = end < bytes.length ? end : -1;
    const next = lineBreak < 0 ? bytes.length : lineBreak + 1;
    if (lineBreak >= 0) piece.lineBreaks++;
    piece.start = next;
    if (known >= 0) {
      tally.add(lines!.tag(known));
      if (resultText !== undefined) output.copyFrom(lines!, known);
      continue;
    }
    const readings = reader.pushLine(bytes.toString('utf8', start, end));
    if (lineBreak < 0) readings.push(...reader.end());
    for (const r of readings) {
      if (r.kind === 'problem') {
        problems.push({ line, kind: r.problem.kind, reason: r.problem.reason });
        if (d.strictInput) {
          piece.stopped = true;
          break;
        }
        continue;
      }
      const decision = matcher.decide(r.observed.flow);
      tally.add(decision);
      const text = resultText === undefined ? '' : resultText(r.observed, decision);
      // Only a line just missed in the line cache may be added to it.
      const entry =
        lines !== undefined && readings.length === 1
          ? lines.add(bytes, start, end, decision, text)
          : -1;
      if (resultText === undefined) continue;
      if (entry >= 0) output.copyFrom(lines!, entry);
      else output.write(text);
    }
  }
}

/**
 * Reads and decides plain CSV rows from `piece.start` on; stops at the end of the piece (false)
 * or at a row that is not plain (true: it ends at `rows.lineEnd`, and `piece.start` is where it
 * starts).
 */
function decidePlainRows(piece: Piece, rows: CsvByteRows, d: ChunkDecider): boolean {
  const { resultText, jsonlTails } = d;
  const { bytes, output, tally } = piece;
  const length = bytes.length;
  let start = piece.start;
  let line = piece.line;
  let lineBreaks = piece.lineBreaks;
  let plain = true;
  while (start < length) {
    if (!rows.readLine(bytes, start)) {
      plain = false;
      break;
    }
    const end = rows.lineEnd;
    line++;
    const decision = rows.decide();
    tally.add(decision);
    if (jsonlTails !== undefined)
      output.writeJsonl(rows, end - start, jsonlTails[decision + DECISION_BIAS]!);
    else if (resultText !== undefined)
      output.write(resultText({ flow: rows.flow(), line }, decision));
    if (end < length) lineBreaks++;
    start = end + 1;
  }
  piece.start = start;
  piece.line = line;
  piece.lineBreaks = lineBreaks;
  return !plain;
}

/** The first piece: the reader detects the file's format from its first lines. */
function decideFirst(task: ChunkTask, d: ChunkDecider): ChunkResult {
  const { matcher, resultText } = d;
  const format = 'inputFormat' in task.reading ? task.reading.inputFormat : undefined;
  const reader = d.project.flowReader(task.file, format !== undefined ? { format } : {});
  const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.length);

  const output = new ByteBuilder(bytes.length * 2 + 1024, task.spare);
  const tally = new Tally(d.allows);
  const problems: FlowProblem[] = [];
  let pending = '';
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
        problems.push({ line: p.line, kind: p.kind, reason: p.reason });
        if (d.strictInput) {
          stopped = true;
          break;
        }
        continue;
      }
      const decision = matcher.decide(reading.observed.flow);
      tally.add(decision);
      if (resultText === undefined) continue;
      pending += resultText(reading.observed, decision);
      if (pending.length >= PIECE) {
        output.write(pending);
        pending = '';
      }
    }
  }
  output.write(pending);
  return chunkResult(task, output, problems, stopped, tally);
}

/** Flows counted by `decide` result, and allowed. */
class Tally {
  private readonly flowsByDecision: Float64Array;
  private total = 0;
  private allowed = 0;

  /** `allows`: per `decide` result (shifted by DECISION_BIAS), whether it allows. */
  constructor(private readonly allows: Uint8Array) {
    this.flowsByDecision = new Float64Array(allows.length);
  }

  add(decision: number): void {
    this.total++;
    this.allowed += this.allows[decision + DECISION_BIAS]!;
    this.flowsByDecision[decision + DECISION_BIAS]!++;
  }

  counts(): Pick<ChunkResult, 'flowsByDecision' | 'total' | 'allowed'> {
    return { flowsByDecision: this.flowsByDecision, total: this.total, allowed: this.allowed };
  }
}

function chunkResult(
  task: ChunkTask,
  output: ByteBuilder,
  problems: FlowProblem[],
  stopped: boolean,
  tally: Tally,
  /** When the caller counted them while reading the whole piece. */
  lineBreaks = countLineBreaks(task.bytes),
): ChunkResult {
  return {
    id: task.id,
    output: output.bytes(),
    lineBreaks,
    problems,
    stopped,
    ...tally.counts(),
    input: task.bytes.buffer as ArrayBuffer,
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

  /** `spare`: a buffer to write into, when large enough (no new memory for each piece). */
  constructor(capacity: number, spare?: ArrayBuffer) {
    this.buffer =
      spare !== undefined && spare.byteLength >= capacity
        ? Buffer.from(spare)
        : Buffer.allocUnsafeSlow(capacity);
  }

  /** The output of a line cache entry, copied. */
  copyFrom(lines: ByteKeyTable, entry: number): void {
    this.reserve(lines.payloadLengthOf(entry));
    this.length += lines.copyPayload(entry, this.buffer, this.length);
  }

  /**
   * One jsonl result of the row `rows` read last (`rowBytes` long): what `jsonlResult` makes
   * of its flow and this `tail`, written from the rows' bytes.
   */
  writeJsonl(rows: CsvByteRows, rowBytes: number, tail: Uint8Array): void {
    this.reserve(JSONL_HEAD.length + CsvByteRows.jsonLengthBound(rowBytes) + tail.length);
    const buffer = this.buffer;
    let at = this.length;
    // Native copies for the fixed parts: 5 % less time than loops over their bytes.
    buffer.set(JSONL_HEAD, at);
    at += JSONL_HEAD.length;
    at += rows.writeFlowJson(buffer, at);
    buffer.set(tail, at);
    this.length = at + tail.length;
  }

  write(text: string): void {
    this.reserve(text.length * 3);
    this.length += this.buffer.write(text, this.length);
  }

  private reserve(most: number): void {
    if (this.length + most > this.buffer.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.length + most));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
  }

  bytes(): Uint8Array {
    return new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.length);
  }
}
