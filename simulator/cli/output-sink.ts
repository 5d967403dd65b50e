/** Buffered writes to stdout that respect back-pressure, for outputs of millions of lines. */

export class OutputSink {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {}

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }

  /** Flushes when enough has accumulated; await it between batches. */
  async maybeFlush(threshold = 1 << 16): Promise<void> {
    if (this.size >= threshold) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(text)) {
      await new Promise<void>((resolve) => this.stream.once('drain', () => resolve()));
    }
  }
}
