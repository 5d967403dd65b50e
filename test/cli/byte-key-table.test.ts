/**
 * The byte-keyed table (simulator/cli/simulate/byte-key-table.ts), as `egress simulate` uses it for
 * lines and cells, against a plain Map of key text to tag and payload: on random sequences of
 * lines, many repeated, some equal but for one byte, some multi-byte, with tables small enough
 * to be emptied often, every key the table answers is answered as the Map would (tag, payload
 * and words), and a key it stored is found next time. Hashes cut to 0 or 2 bits make different keys collide, so the
 * byte comparison is tested.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ByteKeyTable,
  HASH_START,
  hashBytes,
  hashStep,
} from '../../simulator/cli/simulate/byte-key-table.js';

const LINES = [
  'trainer,pypi.org,,tcp,443,,',
  'trainer,pypi.org,,tcp,443,,\r',
  'trainer,pypi.org,,tcp,444,,',
  'trainer,pypi.org,,tcp,4430,,',
  'trainer,bücher.example,,tcp,443,,',
  '{"src":"notebook","ip":"10.0.0.2","proto":"udp","port":53}',
  '',
  'x',
  'y',
];

function outputOf(cache: ByteKeyTable, entry: number): string {
  const target = Buffer.alloc(cache.payloadLengthOf(entry) + 3);
  const n = cache.copyPayload(entry, target, 3);
  return target.toString('utf8', 3, 3 + n);
}

function wordsOf(cache: ByteKeyTable, entry: number, count: number): number[] {
  const at = cache.wordsAt(entry);
  return Array.from(cache.words.subarray(at, at + count));
}

describe('the byte-keyed table', () => {
  it('answers as a map of line text would (seeded)', () => {
    const seed = 2026_12_07_2;
    console.log(`byte-key-table: fast-check seed ${seed}`);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...LINES), fc.string({ maxLength: 12 })), {
          maxLength: 200,
          size: 'max',
        }),
        fc.constantFrom(1, 2, 5, 64),
        fc.constantFrom(64, 256, 1 << 16),
        fc.constantFrom(-1, 0, 3),
        (lines, entries, bytes, hashMask) => {
          const cache = new ByteKeyTable(entries, bytes, hashMask);
          const model = new Map<string, { decision: number; output: string; words: number[] }>();
          lines.forEach((line, i) => {
            // Several lines in one buffer, as in a piece of a file, at an offset.
            const buffer = Buffer.from(`pad\n${line}\nafter`);
            const start = 4;
            const end = start + Buffer.byteLength(line);
            const entry = cache.find(buffer, start, end);
            // One pass that finds the line break and hashes the line finds the same entry.
            if (!line.includes('\n')) {
              expect(cache.findLine(buffer, start)).toBe(entry);
              expect(cache.lineEnd).toBe(end);
            }
            // A hash made step by step while scanning finds the same entry.
            let hash = HASH_START;
            for (let k = start; k < end; k++) hash = hashStep(hash, buffer[k]!);
            expect(hash).toBe(hashBytes(buffer, start, end));
            expect(cache.findHashed(buffer, start, end, hash)).toBe(entry);
            if (entry >= 0) {
              const expected = model.get(line);
              expect(expected).toBeDefined();
              expect(cache.tag(entry)).toBe(expected!.decision);
              expect(outputOf(cache, entry)).toBe(expected!.output);
              expect(wordsOf(cache, entry, expected!.words.length)).toEqual(expected!.words);
              return;
            }
            // Some entries with words (as many as 9, negative ones too), some without.
            const words = Array.from({ length: i % 10 }, (_, k) => (k - 4) * 0x10001 * (i + 1));
            const value = {
              decision: (i % 7) - 2,
              output: `{"line":${JSON.stringify(line)}}\n`,
              words,
            };
            model.set(line, value);
            const added = cache.add(buffer, start, end, value.decision, value.output, words);
            if (added < 0) return;
            expect(cache.find(buffer, start, end)).toBe(added);
            expect(outputOf(cache, added)).toBe(value.output);
            expect(wordsOf(cache, added, words.length)).toEqual(words);
          });
        },
      ),
      { seed, numRuns: 300 },
    );
  });

  it('finds a repeated line and tells apart lines that differ in one byte', () => {
    const cache = new ByteKeyTable();
    const a = Buffer.from('trainer,pypi.org,,tcp,443,,');
    const b = Buffer.from('trainer,pypi.org,,tcp,444,,');
    expect(cache.find(a, 0, a.length)).toBe(-1);
    const entry = cache.add(a, 0, a.length, 3, 'out-a\n');
    expect(cache.find(b, 0, b.length)).toBe(-1);
    expect(cache.find(Buffer.from(a), 0, a.length)).toBe(entry);
    expect(cache.tag(entry)).toBe(3);
    expect(cache.size).toBe(1);
  });
});
