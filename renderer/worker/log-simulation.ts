/**
 * Logs and flow files the user dropped on the simulation panel, simulated in the worker
 * (docs/traffic.md "In the app"): the same plan and reader as `egress simulate --flows A
 * --flows B` (docs/cli.md "Flow inputs"). Each file is streamed from its Blob (gunzipped
 * when it starts with the gzip magic bytes), companion logs (Zeek's `ssl.log`, `http.log`,
 * `dns.log`) are read first into their format's collector, then every flow of the other
 * files is decided, and the rows go back a batch at a time so that no single message is
 * large enough to stall the UI thread that receives it.
 */
import {
  DETECT_LINES,
  FlowInputError,
  isFlowFileFormat,
  planFlowInputs,
  type CompanionCollector,
  type FlowReader,
  type FlowReading,
  type Project,
} from '../../simulator/index.js';
import type { EngineProgress, FlowRow, FlowRun, LogFile } from './protocol.js';

/** Rows per progress message: small enough to decode in a few milliseconds. */
export const ROWS_PER_BATCH = 2000;

const GZIP_MAGIC = [0x1f, 0x8b];

/** A file the worker cannot read (bad gzip, unreadable bytes): the run's one error. */
class LogReadError extends Error {}

async function isGzip(blob: Blob): Promise<boolean> {
  const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

/** The file's decoded text, chunk by chunk, without holding it whole. */
async function* textChunks(file: LogFile): AsyncGenerator<string> {
  const gzip = await isGzip(file.blob);
  let bytes: ReadableStream<BufferSource> = file.blob.stream();
  if (gzip) bytes = bytes.pipeThrough(new DecompressionStream('gzip'));
  const reader = bytes.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      let next: ReadableStreamReadResult<string>;
      try {
        next = await reader.read();
      } catch {
        throw new LogReadError(
          `${file.name}: ${gzip ? 'not a readable gzip file' : 'the file could not be read'}`,
        );
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // Stops the stream when the caller has read enough (the head for detection).
    void reader.cancel().catch(() => undefined);
  }
}

/** The first non-empty lines, for sorting companions from flow files before reading. */
async function headLines(file: LogFile): Promise<string[]> {
  const lines: string[] = [];
  let rest = '';
  for await (const chunk of textChunks(file)) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    for (const part of parts) if (part.trim() !== '') lines.push(part.replace(/\r$/, ''));
    if (lines.length >= DETECT_LINES || rest.length > 1 << 20) break;
  }
  if (lines.length < DETECT_LINES && rest.trim() !== '') lines.push(rest.replace(/\r$/, ''));
  return lines.slice(0, DETECT_LINES);
}

/** Feeds a file to a reader, handing over what each chunk gives. */
async function readInto(
  file: LogFile,
  reader: FlowReader,
  take: (readings: FlowReading[]) => void,
): Promise<void> {
  for await (const chunk of textChunks(file)) take(reader.push(chunk));
  take(reader.end());
}

/**
 * Simulates the files as one source; the rows go to `emit` in input order and the answer
 * carries everything else (problems with their file, skip counts, or why nothing could be
 * read).
 */
export async function simulateLogs(
  project: Project,
  files: readonly LogFile[],
  emit: (progress: EngineProgress['simulate-logs']) => void,
): Promise<FlowRun> {
  const run: FlowRun = {
    file: files.map((f) => f.name).join(' + '),
    rows: [],
    rejected: [],
    rejectedCount: 0,
    skipped: [],
    fromLog: false,
    error: null,
  };
  const several = files.length > 1;
  let batch: FlowRow[] = [];
  let read = 0;
  const flush = (): void => {
    if (batch.length === 0) return;
    emit({ rows: batch, read });
    batch = [];
  };
  const takeProblems = (file: string, reader: FlowReader): void => {
    for (const p of reader.problems) {
      if (run.rejected.length < PROBLEMS_LISTED) run.rejected.push({ ...p, file });
    }
    run.rejectedCount += reader.problemCount;
    for (const s of reader.skips) run.skipped!.push({ ...s, file });
  };

  try {
    const matcher = project.matcher();
    const plan = several
      ? planFlowInputs(
          await Promise.all(files.map(async (f) => ({ file: f.name, head: await headLines(f) }))),
        )
      : { companions: [], flows: [0] };

    const companions = new Map<string, CompanionCollector>();
    for (const { index, format } of plan.companions) {
      const collector = companions.get(format.name) ?? format.companion!.collector();
      companions.set(format.name, collector);
      const file = files[index]!;
      const reader = project.flowReader(file.name, {
        format: format.name,
        collectInto: collector,
      });
      await readInto(file, reader, () => undefined);
      takeProblems(file.name, reader);
    }

    for (const index of plan.flows) {
      const file = files[index]!;
      const reader = project.flowReader(file.name, { companions });
      await readInto(file, reader, (readings) => {
        for (const r of readings) {
          if (r.kind !== 'flow') continue;
          const { flow, line, logged, hostSource } = r.observed;
          const row: FlowRow = { line, flow, verdict: matcher.evaluate(flow) };
          if (logged !== undefined) row.logged = logged;
          if (hostSource !== undefined) row.hostSource = hostSource;
          if (several) row.file = file.name;
          batch.push(row);
          read++;
          if (batch.length === ROWS_PER_BATCH) flush();
        }
      });
      if (reader.format !== undefined && !isFlowFileFormat(reader.format)) run.fromLog = true;
      takeProblems(file.name, reader);
    }
    flush();
    return run;
  } catch (error) {
    if (error instanceof FlowInputError || error instanceof LogReadError) {
      // Words for the app, where files are dropped rather than given with --flows.
      const message = error.message.replace(
        /add it with another --flows$/,
        'drop or open it together with that log',
      );
      return { ...run, rejected: [], rejectedCount: 0, skipped: [], error: message };
    }
    throw error;
  }
}

/** Problems listed with their line (all are counted), as for one flow file. */
const PROBLEMS_LISTED = 1000;
