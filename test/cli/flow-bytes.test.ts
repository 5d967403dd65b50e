/**
 * FlowBytes, the stream of a flow input's bytes that the parallel path of `egress simulate`
 * reads ahead of and gives back: chunks read while recording come again after `rewind`, in
 * order; `holds` reads ahead and gives everything back, says no to a feed that pauses, and
 * loses no chunk that comes after it stopped waiting; a failing source fails every later
 * read, after the chunks before it.
 */
import { describe, expect, it } from 'vitest';
import { FlowBytes } from '../../simulator/cli/flow-input.js';

/** A source of chunks, each after `delays[i]` ms, then a failure if one is given. */
async function* source(chunks: string[], delays: number[] = [], failure?: Error) {
  for (const [i, chunk] of chunks.entries()) {
    if ((delays[i] ?? 0) > 0) await new Promise((r) => setTimeout(r, delays[i]));
    yield Buffer.from(chunk);
  }
  if (failure !== undefined) throw failure;
}

async function all(bytes: FlowBytes): Promise<string> {
  let text = '';
  for await (const chunk of bytes) text += chunk.toString();
  return text;
}

describe('FlowBytes', () => {
  it('gives the chunks read while recording again after rewind, and not after forget', async () => {
    const bytes = new FlowBytes(source(['ab', 'cd', 'ef']));
    bytes.record();
    expect((await bytes.next())?.toString()).toBe('ab');
    expect((await bytes.next())?.toString()).toBe('cd');
    bytes.rewind();
    bytes.record();
    expect((await bytes.next())?.toString()).toBe('ab');
    bytes.forget();
    expect(await all(bytes)).toBe('cdef');
  });

  it('holds: reads ahead and gives everything back', async () => {
    const bytes = new FlowBytes(source(['abc', 'def', 'g']));
    expect(await bytes.holds(6)).toBe(true);
    expect(await bytes.holds(8)).toBe(false);
    expect(await all(bytes)).toBe('abcdefg');
  });

  it('holds: no to a feed that pauses, and the late chunk is read after', async () => {
    const bytes = new FlowBytes(source(['abc', 'def', 'ghi'], [0, 0, 300]));
    expect(await bytes.holds(9, 50)).toBe(false);
    expect(await all(bytes)).toBe('abcdefghi');
  });

  it('a failing source: the chunks before, then the failure on every later read', async () => {
    const failure = new Error('unexpected end of file');
    const bytes = new FlowBytes(source(['ab', 'cd'], [], failure));
    await expect(bytes.holds(100)).rejects.toBe(failure);
    bytes.record();
    expect((await bytes.next())?.toString()).toBe('ab');
    expect((await bytes.next())?.toString()).toBe('cd');
    await expect(bytes.next()).rejects.toBe(failure);
    bytes.rewind();
    const read: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of bytes) read.push(chunk.toString());
      })(),
    ).rejects.toBe(failure);
    expect(read).toEqual(['ab', 'cd']);
  });
});
