/**
 * `egress simulate` on every core: a large regular flow file (CSV or JSONL) is cut into
 * pieces after line breaks; worker threads (simulate-worker.ts) and this thread read, decide
 * and format the pieces, and this thread writes their output, problems and counts in file order, with line
 * numbers counted across pieces. The result is byte for byte what the single-threaded loop of
 * commands/simulate.ts writes (test/cli/parallel-simulate.test.ts holds the two together).
 * Stdin and gzip files are streamed into the same pieces as they come; the table, logs and
 * small inputs stay on that loop.
 */
import { existsSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { debuglog } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { longLineMessage, MAX_FLOW_LINE_LENGTH } from '../../flows/flow-reader.js';
import { isGzipStart } from '../../node/file-magic.js';
import { UserError } from '../errors.js';
import { type FlowBytes, flowInputFailure, flowInputName } from '../flow-input.js';
import type { OutputSink } from '../output-sink.js';
import type { CheckedProject } from '../project.js';
import { projectTexts } from '../worker-project.js';
import type { ChunkResult, ChunkTask, WorkerReply, WorkerSetup } from './chunk-protocol.js';
import { chunkDecider, decideChunk } from './decide-chunk.js';
import type { ChunkDecider } from './decide-chunk.js';

/**
 * Bytes per piece, and the smallest file worth the threads (below it, starting the workers
 * and compiling the policy in each costs more than it saves). The environment variables
 * exist for the tests and the benchmark.
 */
const PIECE_BYTES = Number(process.env.EGRESS_SIMULATE_PIECE_BYTES) || 1 << 20;
/** Room beyond a piece for the start of a line carried over from the last one. */
const PIECE_SLACK = 1 << 16;
const PARALLEL_FROM_BYTES = Number(process.env.EGRESS_SIMULATE_PARALLEL_FROM ?? 1 << 23);
/**
 * A stream that pauses this long before it has given that many bytes is a live feed (a log
 * followed as it grows): the single-threaded loop answers each line as it comes.
 */
const STREAM_PATIENCE_MS = 250;
const WORKER_URL = new URL('./simulate-worker.mjs', import.meta.url);
const LINE_BREAK = 10;
const DETECT_BYTES = 1 << 16;
/** Formats whose lines are read independently of each other (after a CSV header). */
const LINE_FORMATS = new Set(['csv', 'jsonl']);
/** With NODE_DEBUG=egress-simulate, which inputs the threads read, on stderr (for the tests). */
const debug = debuglog('egress-simulate');

export interface ParallelSimulateRequest {
  path: string;
  /** The input as a stream (stdin, gzip: `openFlowBytes`); else `path` is read where it lies. */
  bytes?: FlowBytes;
  format: 'table' | WorkerSetup['format'];
  inputFormat?: string;
  strictInput: boolean;
  project: CheckedProject;
  out: OutputSink;
  /** Added to: flows per `decide` result, shifted as in commands/simulate.ts. */
  flowsByDecision: Float64Array;
  progress: { update(done: number): void };
  /** Called once, before this path writes anything (the command's header goes first). */
  beforeOutput?: () => void;
}

export interface ParallelTotals {
  total: number;
  allowed: number;
  skipped: number;
  unknownSources: number;
}

/**
 * Simulates one flow file on worker threads; undefined (having written nothing, and read
 * nothing of a stream that another reader could not read again) when the file is for the
 * single-threaded loop.
 */
export async function simulateInParallel(
  request: ParallelSimulateRequest,
): Promise<ParallelTotals | undefined> {
  const { path, format, bytes } = request;
  if (format === 'table' || availableParallelism() < 2) return undefined;
  if (!existsSync(WORKER_URL)) return undefined;
  if (bytes !== undefined) {
    // A stream's size is known once it is read: the start of it is read to find out, then
    // put back.
    if (!(await bytes.holds(PARALLEL_FROM_BYTES, STREAM_PATIENCE_MS).catch(() => false)))
      return undefined;
    return await simulatePieces(new Pieces(new StreamBytes(bytes)), request, bytes);
  }
  if (path === '-') return undefined;
  const size = await stat(path).then(
    (s) => (s.isFile() ? s.size : -1),
    () => -1,
  );
  if (size < 0 || size < PARALLEL_FROM_BYTES) return undefined;
  const handle = await open(path, 'r').catch(() => undefined);
  if (handle === undefined) return undefined;
  try {
    return await simulatePieces(new Pieces(new FileBytes(handle)), request);
  } finally {
    await handle.close();
  }
}

/**
 * The file's format from its first pieces, then every piece decided; undefined when the
 * format is for the single-threaded loop. A stream's first pieces are read while it records
 * (`bytes`), so that they can be put back.
 */
async function simulatePieces(
  pieces: Pieces,
  request: ParallelSimulateRequest,
  bytes?: FlowBytes,
): Promise<ParallelTotals | undefined> {
  bytes?.record();
  const head = await readHead(pieces, request).catch(() => undefined);
  if (head === undefined) {
    bytes?.rewind();
    return undefined;
  }
  bytes?.forget();
  return await runPieces(pieces, head, request);
}

interface Head {
  first: Buffer;
  reading: ChunkTask['reading'];
  /** In a CSV file, where the line after the header starts. */
  headerEnd?: number;
}

/**
 * The first piece, long enough for the file's format to be known (the reader looks at the
 * first lines), and how to read every later piece. Undefined for files the single-threaded
 * loop reads: gzip, formats whose lines depend on each other, and unreadable input (that
 * loop reports it).
 */
async function readHead(
  pieces: Pieces,
  request: ParallelSimulateRequest,
): Promise<Head | undefined> {
  const file = flowInputName(request.path);
  const probe = request.project.checked.flowReader(
    file,
    request.inputFormat !== undefined ? { format: request.inputFormat } : {},
  );
  const parts: Buffer[] = [];
  for (;;) {
    const piece = await pieces.next();
    if (piece === undefined || piece === 'long-line') return undefined;
    // Gzip is decompressed as a stream (`openFlowBytes`), never read as it lies.
    if (parts.length === 0 && isGzipStart(piece)) return undefined;
    parts.push(piece);
    try {
      // Formats are told apart by the first lines: the rest of the piece is left to a worker.
      const cut = piece.lastIndexOf(LINE_BREAK, DETECT_BYTES);
      probe.push(piece.toString('utf8', 0, cut + 1));
      if (probe.format === undefined) probe.push(piece.toString('utf8', cut + 1));
    } catch {
      return undefined;
    }
    if (probe.format !== undefined) break;
  }
  const name = probe.format.name;
  if (!LINE_FORMATS.has(name)) return undefined;
  const first = Buffer.concat(parts);
  const header = name === 'csv' ? csvHeader(first) : undefined;
  return {
    first,
    reading: { format: name, ...(header !== undefined ? { header: header.line } : {}) },
    ...(header !== undefined ? { headerEnd: header.end } : {}),
  };
}

/**
 * The line the CSV format takes for its header (the first that is neither blank nor `#`),
 * and where the line after it starts.
 */
function csvHeader(first: Buffer): { line: string; end: number } | undefined {
  for (let start = 0; start < first.length;) {
    const lineBreak = first.indexOf(LINE_BREAK, start);
    const end = lineBreak < 0 ? first.length : lineBreak + 1;
    const raw = first.toString('utf8', start, lineBreak < 0 ? first.length : lineBreak);
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() !== '' && !line.startsWith('#')) return { line, end };
    start = end;
  }
  return undefined;
}

async function runPieces(
  pieces: Pieces,
  head: Head,
  request: ParallelSimulateRequest,
): Promise<ParallelTotals> {
  const { project, out, strictInput } = request;
  request.beforeOutput?.();
  const file = flowInputName(request.path);
  const checked = project.checked;
  const format = request.format as WorkerSetup['format'];
  boundHeapGrowth();
  // This thread decides pieces too: one worker fewer is one compiled policy fewer in memory.
  // Its policy is compiled when it first decides, after the workers have started theirs.
  const pool = new WorkerPool(
    { ...projectTexts(project), format, strictInput },
    Math.min(availableParallelism(), 8) - 1,
    () => chunkDecider(checked, checked.matcher(), { format, strictInput }),
  );
  const totals: ParallelTotals = { total: 0, allowed: 0, skipped: 0, unknownSources: 0 };
  // Results in file order; a line too long to be a flow stops the file where it starts, and
  // a stream that fails (gzip, I/O) where it fails, after the lines read before.
  const queue: Promise<ChunkResult | 'long-line' | { failed: unknown }>[] = [];
  // Buffers whose output has been written, for later pieces' output: a piece's output is
  // megabytes, and new ones for each piece kept tens of megabytes waiting for the collector.
  const spares: ArrayBuffer[] = [];
  const recycle = (output: Uint8Array) => () => {
    if (spares.length < pool.size * 2) spares.push(output.buffer as ArrayBuffer);
  };
  let nextId = 0;
  let linesBefore = 0;
  let ended = false;
  const send = (bytes: Buffer, reading: ChunkTask['reading']) => {
    const spare = spares.pop();
    const result = pool.run({
      id: nextId++,
      file,
      bytes,
      reading,
      ...(spare !== undefined ? { spare } : {}),
    });
    // Answers after a stop are never awaited: their failures are not the run's.
    result.catch(() => undefined);
    queue.push(result);
  };
  try {
    const detect = request.inputFormat !== undefined ? { inputFormat: request.inputFormat } : {};
    const headerEnd = head.headerEnd ?? head.first.length;
    if (headerEnd >= head.first.length) {
      send(head.first, detect);
    } else {
      // The lines up to a CSV header are read as the first piece of any file is (the format
      // detected from them); the rest of that piece as every later one (rows from bytes,
      // four times as fast). A buffer of their own: a piece's buffer moves to its worker.
      const lines = Buffer.allocUnsafeSlow(headerEnd);
      head.first.copy(lines, 0, 0, headerEnd);
      send(lines, detect);
      send(head.first.subarray(headerEnd), head.reading);
    }
    for (;;) {
      while (!ended && queue.length < pool.size * 2) {
        const piece = await pieces.next().catch((failed: unknown) => ({ failed }));
        if (piece === undefined) ended = true;
        else if (piece === 'long-line' || !Buffer.isBuffer(piece)) {
          queue.push(Promise.resolve(piece));
          ended = true;
        } else send(piece, head.reading);
      }
      const next = queue.shift();
      if (next === undefined) break;
      const result = await next;
      if (result === 'long-line') throw new UserError(longLineMessage(file, linesBefore + 1));
      if ('failed' in result) throw flowInputFailure(file, result.failed);
      for (const problem of result.problems) {
        const line = linesBefore + problem.line;
        if (strictInput) {
          out.writeBytes(result.output);
          await out.flush();
          throw new UserError(`${file}:${line}: ${problem.reason}`);
        }
        if (problem.kind === 'unknown-source') totals.unknownSources++;
        else totals.skipped++;
        process.stderr.write(`${file}:${line}: skipped: ${problem.reason}\n`);
      }
      out.writeBytes(result.output, recycle(result.output));
      pieces.recycle(result.input);
      const counts = request.flowsByDecision;
      const flows = result.flowsByDecision;
      for (let i = 0; i < flows.length; i++) counts[i]! += flows[i]!;
      totals.total += result.total;
      totals.allowed += result.allowed;
      linesBefore += result.lineBreaks;
      request.progress.update(totals.total);
      await out.maybeFlush();
    }
  } finally {
    await pool.close();
  }
  debug('%s: %d pieces on %d threads', file, nextId, pool.size);
  return totals;
}

/**
 * Two threads each holding a compiled policy, each with a collector that lets its heap grow
 * to several times what is alive before collecting (V8 picks a factor of up to 4 when
 * collecting is fast): at 10,000 rules that took the process to 370-400 MB for 25 MB alive
 * per thread. A factor of 1.5 holds it at about 250 MB, for about 9 % more time at 10,000
 * rules and none measurable at 1,000 (bench/README.md). The collector reads the setting at
 * each collection, so setting it now applies to both threads; this process ends with the
 * command.
 */
function boundHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=50');
}

/** Where pieces are read from: a file where it lies, or a stream. */
interface ByteSource {
  /** Reads `length` bytes into `into` at `at`; fewer only at the end; 0 at the end. */
  read(into: Buffer, at: number, length: number): Promise<number>;
}

class FileBytes implements ByteSource {
  private position = 0;

  constructor(private readonly handle: FileHandle) {}

  async read(into: Buffer, at: number, length: number): Promise<number> {
    const { bytesRead } = await this.handle.read(into, at, length, this.position);
    this.position += bytesRead;
    return bytesRead;
  }
}

/**
 * A stream's chunks (of any size) copied into pieces. When the stream fails, the bytes
 * before the failure are given first, and the failure on the next read (FlowBytes throws
 * it again to every later reader).
 */
class StreamBytes implements ByteSource {
  private chunk: Buffer | undefined;
  private offset = 0;

  constructor(private readonly bytes: FlowBytes) {}

  async read(into: Buffer, at: number, length: number): Promise<number> {
    let filled = 0;
    while (filled < length) {
      if (this.chunk === undefined || this.offset === this.chunk.length) {
        try {
          this.chunk = await this.bytes.next();
        } catch (error) {
          if (filled === 0) throw error;
          break;
        }
        this.offset = 0;
        if (this.chunk === undefined) break;
        continue;
      }
      const copied = this.chunk.copy(
        into,
        at + filled,
        this.offset,
        Math.min(this.chunk.length, this.offset + length - filled),
      );
      this.offset += copied;
      filled += copied;
    }
    return filled;
  }
}

/**
 * A file's pieces: each ends after a line break (the last may not), so that no line, and no
 * UTF-8 character, is split between two workers.
 */
class Pieces {
  private carry: Buffer = Buffer.alloc(0);
  /** Buffers of pieces already decided, to read later pieces into. */
  private readonly spares: ArrayBuffer[] = [];

  constructor(private readonly source: ByteSource) {}

  /** A decided piece's buffer, given back (nothing may read it any more). */
  recycle(buffer: ArrayBuffer): void {
    if (buffer.byteLength >= PIECE_BYTES + PIECE_SLACK && this.spares.length < 4)
      this.spares.push(buffer);
  }

  /** A buffer for the next piece: a spare one when it is large enough. */
  private block(need: number): Buffer {
    const spare = this.spares.pop();
    if (spare !== undefined && spare.byteLength >= need) return Buffer.from(spare);
    return Buffer.allocUnsafeSlow(Math.max(need, PIECE_BYTES + PIECE_SLACK));
  }

  /** The next piece; undefined at the end; 'long-line' for a line longer than a flow line may be. */
  async next(): Promise<Buffer | 'long-line' | undefined> {
    for (;;) {
      // Each piece has a buffer of its own: it is moved, not copied, to a worker.
      const block = this.block(this.carry.length + PIECE_BYTES);
      this.carry.copy(block, 0);
      const bytesRead = await this.source.read(block, this.carry.length, PIECE_BYTES);
      const filled = this.carry.length + bytesRead;
      if (bytesRead === 0) {
        this.carry = Buffer.alloc(0);
        return filled === 0 ? undefined : block.subarray(0, filled);
      }
      const cut = block.lastIndexOf(LINE_BREAK, filled - 1);
      if (cut < 0) {
        this.carry = block.subarray(0, filled);
        // Four bytes at most per character: surely longer than the limit in characters.
        if (filled > 4 * MAX_FLOW_LINE_LENGTH) return 'long-line';
        continue;
      }
      this.carry = Buffer.from(block.subarray(cut + 1, filled));
      return block.subarray(0, cut + 1);
    }
  }
}

/**
 * Worker threads, and this thread, that answer pieces in the order they get them. This
 * thread decides its pieces between its other work (reading the file, writing the output).
 */
class WorkerPool {
  private readonly workers: WorkerEntry[];
  private readonly hereWaiting: PieceWaiter[] = [];
  private here: ChunkDecider | undefined;

  constructor(
    setup: WorkerSetup,
    workers: number,
    /** This thread's decider, made when it first decides a piece. */
    private readonly makeHere: () => ChunkDecider,
  ) {
    this.workers = Array.from({ length: workers }, () => {
      const entry = {
        worker: new Worker(WORKER_URL, {
          workerData: setup,
          // The collector's young generation grows to 48 MiB by default; a worker's garbage
          // dies young (texts of new cells, a line's flows when not read from bytes). At
          // 16 MiB the process takes 15 MB more than at 6 MiB (262 against 247 MB at 10,000
          // rules, jsonl) for 4 % less time (summary, 1,000 rules).
          resourceLimits: { maxYoungGenerationSizeMb: 16 },
        }),
        waiting: [] as PieceWaiter[],
      };
      entry.worker.on('message', (reply: WorkerReply) => {
        const waiter = entry.waiting.shift()!;
        if (reply.kind === 'result') waiter.resolve(reply.result);
        else waiter.reject(new UserError(reply.message));
      });
      entry.worker.on('error', (error) => {
        for (const waiter of entry.waiting.splice(0)) waiter.reject(error);
      });
      return entry;
    });
  }

  /** Deciders: the workers and this thread. */
  get size(): number {
    return this.workers.length + 1;
  }

  run(task: ChunkTask): Promise<ChunkResult> {
    const entry = this.workers.reduce<WorkerEntry | undefined>(
      (a, b) => (a === undefined || b.waiting.length < a.waiting.length ? b : a),
      undefined,
    );
    return new Promise<ChunkResult>((resolve, reject) => {
      const waiter = { resolve, reject };
      // This thread also reads the file and writes the output: it decides a piece only when
      // every worker has one queued behind the one it is deciding, so that no worker waits
      // for this thread to hand it the next (an even share left the worker idle a third of
      // the time; this rule: 15 % less wall time on a million lines, jsonl and summary).
      if (entry !== undefined && (entry.waiting.length < 2 || this.hereWaiting.length > 0)) {
        entry.waiting.push(waiter);
        const moved = [task.bytes.buffer as ArrayBuffer];
        if (task.spare !== undefined) moved.push(task.spare);
        entry.worker.postMessage(task, moved);
        return;
      }
      this.hereWaiting.push(waiter);
      setImmediate(() => this.decideHere(task));
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }

  /** As a worker answers (simulate-worker.ts): a failure is the message of a usage error. */
  private decideHere(task: ChunkTask): void {
    const waiter = this.hereWaiting.shift()!;
    try {
      waiter.resolve(decideChunk(task, (this.here ??= this.makeHere())));
    } catch (error) {
      waiter.reject(new UserError((error as Error).message));
    }
  }
}

interface WorkerEntry {
  worker: Worker;
  waiting: PieceWaiter[];
}

interface PieceWaiter {
  resolve(result: ChunkResult): void;
  reject(error: unknown): void;
}
