/** Buffered writes to stdout that respect back-pressure, for outputs of millions of lines. */

/**
 * Text is handed to the stream in pieces of about this many characters. Below V8's
 * large-object size (128 KiB), on purpose: building a larger string costs about ten times
 * as much per character (measured: half a second per million jsonl lines).
 */
const PIECE = 1 << 15;

export class OutputSink {
  private pending = '';
  private mustDrain = false;

  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {}

  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= PIECE) this.pass();
  }

  /**
   * Text already encoded (the parallel workers' output), after what is pending. `written` is
   * called once the stream is done with the bytes (then they may be overwritten).
   */
  writeBytes(bytes: Uint8Array, written?: () => void): void {
    if (this.pending !== '') this.pass();
    if (!this.stream.write(bytes, written)) this.mustDrain = true;
  }

  /** Waits while the stream asks for it (back-pressure); await it between batches. */
  async maybeFlush(): Promise<void> {
    if (this.mustDrain) await this.drained();
  }

  async flush(): Promise<void> {
    if (this.pending !== '') this.pass();
    if (this.mustDrain) await this.drained();
  }

  private pass(): void {
    if (!this.stream.write(this.pending)) this.mustDrain = true;
    this.pending = '';
  }

  private drained(): Promise<void> {
    return new Promise<void>((resolve) =>
      this.stream.once('drain', () => {
        this.mustDrain = false;
        resolve();
      }),
    );
  }
}
