/**
 * Flow files for the CLI (docs/cli.md "Flow inputs"): opens each `--flows` file (or stdin),
 * gunzips it when it starts with the gzip magic bytes, and feeds the decoded text chunk by
 * chunk to the one flow reader (simulator/flows/flow-reader.ts), with constant memory.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { FlowInputPlan, FlowReader, FlowReading } from '../flows/flow-reader.js';
import { DETECT_LINES, FlowInputError, planFlowInputs } from '../flows/flow-reader.js';
import { isGzipStart, startsWithGzip } from '../node/file-magic.js';
import { describeIoError, UserError } from './errors.js';

/** The name a flow input goes by in messages. */
export function flowInputName(path: string): string {
  return path === '-' ? '<stdin>' : path;
}

/** Opens a flow file (`-` for stdin) as a stream of decoded text; unreadable files are user errors. */
export async function openFlowSource(
  path: string,
  bytes?: FlowBytes,
): Promise<AsyncIterable<string>> {
  const streamed = bytes ?? (await openFlowBytes(path));
  if (streamed !== undefined) return decoded(streamed);
  // Decoded by the stream (Node's native UTF-8 decoder, which keeps a character split
  // across chunks whole): cheaper than decoding each chunk in JavaScript.
  return createReadStream(path, { encoding: 'utf8' });
}

async function* decoded(bytes: FlowBytes): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of bytes) yield decoder.write(chunk);
  yield decoder.end();
}

/**
 * The bytes of stdin, of a pipe or device (`--flows <(zcat log.gz)`) or of a gzip file
 * (gunzipped), as a stream; undefined for a plain file, which is read where it lies. A folder
 * or an unreadable file is a user error.
 */
export async function openFlowBytes(path: string): Promise<FlowBytes | undefined> {
  if (path === '-') return new FlowBytes(gunzippedWhenGzip(process.stdin));
  const file = await checkFlowFile(path, '.csv, .jsonl, or .gz of one');
  // A pipe cannot be looked into before it is read: it is read as stdin is.
  if (!file.regular) return new FlowBytes(gunzippedWhenGzip(createReadStream(path)));
  if (!file.gzip) return undefined;
  return new FlowBytes(createReadStream(path).pipe(createGunzip())[Symbol.asyncIterator]());
}

/**
 * Refuses a flow file that is missing, unreadable or a folder (a user error, naming the files
 * `kinds` expected); tells whether it is a regular file (not a pipe or a device, which are
 * read once, as they come) and whether such a file starts with the gzip magic bytes.
 */
export async function checkFlowFile(
  path: string,
  kinds: string,
): Promise<{ regular: boolean; gzip: boolean }> {
  try {
    const info = await stat(path);
    if (info.isDirectory())
      throw new UserError(`${path}: is a folder; give a flow file (${kinds})`);
    if (!info.isFile()) return { regular: false, gzip: false };
    return { regular: true, gzip: await startsWithGzip(path) };
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${path}: ${describeIoError((error as NodeJS.ErrnoException).code ?? '')}`);
  }
}

/** A stream that cannot be peeked before it is read (stdin, a pipe): its first bytes decide. */
async function* gunzippedWhenGzip(stream: NodeJS.ReadableStream): AsyncGenerator<Buffer> {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  // The magic bytes may come in two chunks (a pipe gives what was written).
  const head: Buffer[] = [];
  let held = 0;
  while (held < 2) {
    const next = await chunks.next();
    if (next.done) break;
    head.push(next.value);
    held += next.value.length;
  }
  if (held === 0) return;
  const all = (async function* () {
    yield* head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  })();
  if (isGzipStart(Buffer.concat(head, Math.min(held, 2))))
    yield* Readable.from(all).pipe(createGunzip()) as AsyncIterable<Buffer>;
  else yield* all;
}

/**
 * A flow input's bytes as they come, chunk by chunk, read once. What is read while
 * `record` is on can be put back (`rewind`), so that the parallel path may read the start
 * of stdin to decide, and leave all of it to the single-threaded loop when it declines.
 */
export class FlowBytes {
  /** Chunks put back, read before any new one. */
  private readonly pending: Buffer[] = [];
  private recorded: Buffer[] | undefined;
  private done = false;
  /** The source's failure, thrown again to every later reader once the chunks before it are read. */
  private failure: { error: unknown } | undefined;
  /** A chunk asked for and not yet come (`nextWithin` stopped waiting for it). */
  private inflight: Promise<IteratorResult<Buffer>> | undefined;

  constructor(private readonly chunks: AsyncIterator<Buffer>) {}

  /** The next chunk; undefined at the end. Failures of the source (gzip, I/O) are thrown. */
  async next(): Promise<Buffer | undefined> {
    const chunk = await this.nextWithin(Infinity);
    return chunk === 'late' ? undefined : chunk;
  }

  /** `next`, or 'late' when no chunk comes within `ms` (the chunk is then read later). */
  private async nextWithin(ms: number): Promise<Buffer | undefined | 'late'> {
    let chunk = this.pending.shift();
    if (chunk === undefined && this.failure !== undefined) throw this.failure.error;
    if (chunk === undefined && !this.done) {
      if (this.inflight === undefined) {
        this.inflight = this.chunks.next();
        // Awaited below or by a later call: never a rejection nobody sees.
        this.inflight.catch(() => undefined);
      }
      let timer: NodeJS.Timeout | undefined;
      const late =
        ms === Infinity
          ? undefined
          : new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
      let next: IteratorResult<Buffer> | 'late';
      try {
        next = await (late === undefined ? this.inflight : Promise.race([this.inflight, late]));
      } catch (error) {
        this.failure = { error };
        this.inflight = undefined;
        throw error;
      } finally {
        clearTimeout(timer);
      }
      if (next === 'late') return 'late';
      this.inflight = undefined;
      if (next.done) this.done = true;
      else chunk = next.value;
    }
    if (chunk !== undefined) this.recorded?.push(chunk);
    return chunk;
  }

  /** Remembers the chunks read from now on, until `rewind` or `forget`. */
  record(): void {
    this.recorded = [];
  }

  /** Puts the chunks read since `record` back: they are read again, in order. */
  rewind(): void {
    this.pending.unshift(...(this.recorded ?? []));
    this.recorded = undefined;
  }

  forget(): void {
    this.recorded = undefined;
  }

  /**
   * Reads ahead, as `record` and `rewind` do: true when the input holds `bytes` or more and
   * they come without a pause of `patience` ms after the first chunk (a live feed, such as a
   * log followed as it grows, is read as it comes instead).
   */
  async holds(bytes: number, patience = Infinity): Promise<boolean> {
    this.record();
    try {
      let held = 0;
      while (held < bytes) {
        const chunk = await this.nextWithin(held === 0 ? Infinity : patience);
        if (chunk === undefined || chunk === 'late') return false;
        held += chunk.length;
      }
      return true;
    } finally {
      this.rewind();
    }
  }

  /** Every chunk left; a reader that stops early closes the source. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    try {
      for (let chunk = await this.next(); chunk !== undefined; chunk = await this.next())
        yield chunk;
    } finally {
      if (!this.done && this.failure === undefined) await this.chunks.return?.();
    }
  }
}

/**
 * Yields the reader's answers in batches (one per chunk read). Unreadable input (I/O, gzip,
 * no known format, a bad header) is a user error naming the file.
 */
export async function* readFlowInput(
  path: string,
  makeReader: (file: string) => FlowReader,
  /** The input's bytes when already opened (stdin, gzip: `openFlowBytes`). */
  bytes?: FlowBytes,
): AsyncGenerator<FlowReading[]> {
  const file = flowInputName(path);
  const source = await openFlowSource(path, bytes);
  try {
    const reader = makeReader(file);
    for await (const chunk of source) {
      const batch = reader.push(chunk);
      if (batch.length > 0) yield batch;
    }
    const tail = reader.end();
    if (tail.length > 0) yield tail;
  } catch (error) {
    throw flowInputFailure(file, error);
  }
}

/**
 * The name of the format `reader` (made for this file, without `--input-format`) finds in
 * the file's first lines, as when it reads the file; a file no format claims is a user error.
 */
export async function flowFileFormat(path: string, reader: FlowReader): Promise<string> {
  try {
    for await (const chunk of await openFlowSource(path)) {
      reader.push(chunk);
      if (reader.format !== undefined) break;
    }
    if (reader.format === undefined) reader.end();
  } catch (error) {
    throw flowInputFailure(flowInputName(path), error);
  }
  return reader.format!.name;
}

/** A failure while reading flow input `file`, as the user error to report. */
export function flowInputFailure(file: string, error: unknown): UserError {
  if (error instanceof FlowInputError) return new UserError(error.message);
  if (error instanceof UserError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return new UserError(
    `${file}: ${code?.startsWith('Z_') ? 'not a readable gzip file' : code ? describeIoError(code) : (error as Error).message}`,
  );
}

/**
 * The first non-empty lines of a flow file, for detection before it is read; at most a few
 * chunks. An input read as a stream (stdin, a pipe, gzip: `openFlowBytes`) is read while it
 * records, then put back (`opened`), to be read from its start by whoever reads it.
 */
export async function readFlowHead(path: string): Promise<{ head: string[]; opened?: FlowBytes }> {
  let opened: FlowBytes | undefined;
  let source: AsyncIterable<string> | undefined;
  try {
    opened = await openFlowBytes(path);
    opened?.record();
    source =
      opened !== undefined ? decodedHead(opened) : createReadStream(path, { encoding: 'utf8' });
    return { head: await headLines(source), ...(opened ? { opened } : {}) };
  } catch {
    // An unreadable input is reported, with its reason, when it is read for its flows.
    return { head: [], ...(opened ? { opened } : {}) };
  } finally {
    opened?.rewind();
    (source as { destroy?: () => void } | undefined)?.destroy?.();
  }
}

/** The decoded text of a recording stream's chunks, without closing it when left early. */
async function* decodedHead(bytes: FlowBytes): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for (let chunk = await bytes.next(); chunk !== undefined; chunk = await bytes.next())
    yield decoder.write(chunk);
}

/** The first DETECT_LINES non-empty lines of a text (1 MiB at most of a line). */
async function headLines(source: AsyncIterable<string>): Promise<string[]> {
  const lines: string[] = [];
  let text = '';
  for await (const chunk of source) {
    text += chunk;
    const parts = text.split('\n');
    text = parts.pop()!;
    for (const part of parts) if (part.trim() !== '') lines.push(part.replace(/\r$/, ''));
    if (lines.length >= DETECT_LINES || text.length > 1 << 20) break;
  }
  if (lines.length < DETECT_LINES && text.trim() !== '') lines.push(text.replace(/\r$/, ''));
  return lines.slice(0, DETECT_LINES);
}

/**
 * Which `--flows` inputs are companion logs and which are flows (see `planFlowInputs`), and
 * the inputs that could be read only once, already opened (`opened`, by input): read them
 * from there.
 */
export async function planFlowFiles(
  paths: readonly string[],
  inputFormat: string | undefined,
): Promise<FlowInputPlan & { opened: (FlowBytes | undefined)[] }> {
  // One input needs no plan: it is a flow file (a companion alone is refused by the reader).
  if (paths.length === 1) return { companions: [], flows: [0], opened: [] };
  const heads = [];
  const opened: (FlowBytes | undefined)[] = [];
  for (const path of paths) {
    const read = await readFlowHead(path);
    heads.push({ file: flowInputName(path), head: read.head });
    opened.push(read.opened);
  }
  try {
    return { ...planFlowInputs(heads, inputFormat), opened };
  } catch (error) {
    if (error instanceof FlowInputError) throw new UserError(error.message);
    throw error;
  }
}
