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
});
