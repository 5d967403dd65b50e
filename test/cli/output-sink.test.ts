import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OutputSink } from '../../simulator/cli/output-sink.js';

describe('OutputSink', () => {
  it('writes everything in order, in pieces below the large-string size, waiting for drains', async () => {
    const chunks: string[] = [];
    // A slow consumer that asks for a drain after 1 KiB.
    const stream = new Writable({
      highWaterMark: 1024,
      decodeStrings: false,
      write(chunk: string, _encoding, done) {
        chunks.push(chunk);
        setTimeout(done, 1);
      },
    });
    const sink = new OutputSink(stream);
    const expected: string[] = [];
    let pressure = false;
    for (let batch = 0; batch < 20; batch++) {
      for (let i = 0; i < 1000; i++) {
        const line = `{"batch":${batch},"line":${i}}\n`;
        expected.push(line);
        sink.write(line);
      }
      pressure ||= stream.writableNeedDrain;
      await sink.maybeFlush();
      // Back-pressure respected: nothing from earlier batches is still waiting.
      expect(stream.writableLength).toBeLessThan(64 * 1024);
    }
    await sink.flush();
    await new Promise<void>((resolve) => stream.end(resolve));
    expect(pressure).toBe(true);
    expect(chunks.join('')).toBe(expected.join(''));
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(64 * 1024);
  });

  it('says a buffer is written only once the stream is done with it, so that it may be reused', async () => {
    const seen: string[] = [];
    const consumed: number[] = [];
    // A slow consumer that reads each buffer a while after it is handed over.
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        setTimeout(() => {
          seen.push(chunk.toString());
          consumed.push(seen.length);
          done();
        }, 2);
      },
    });
    const sink = new OutputSink(stream);
    const buffer = Buffer.alloc(5);
    for (let i = 0; i < 5; i++) {
      buffer.write(`line${i}`);
      // Reused as soon as the sink says so, as simulate reuses its output buffers.
      await new Promise<void>((resolve) => sink.writeBytes(buffer, resolve));
      expect(consumed).toHaveLength(i + 1);
    }
    await sink.flush();
    expect(seen).toEqual(['line0', 'line1', 'line2', 'line3', 'line4']);
  });
});
