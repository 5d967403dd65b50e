/**
 * The pure SHA-256 of generated-file headers hashes text in pieces; node:crypto is the
 * reference it must agree with, including at piece boundaries and across surrogate pairs.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../simulator/util/sha256.js';

const SEED = 20261207;

function reference(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

describe('sha256Hex', () => {
  it('hashes the standard vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('agrees with node:crypto on every length around a block and a piece', () => {
    for (const length of [55, 56, 63, 64, 65, 119, 120, 65_535, 65_536, 65_537, 200_000]) {
      const ascii = 'x'.repeat(length);
      expect(sha256Hex(ascii)).toBe(reference(ascii));
      // A surrogate pair straddling the 65,536-unit piece boundary.
      const emoji = 'a'.repeat(Math.max(0, length - 1)) + '😀é';
      expect(sha256Hex(emoji)).toBe(reference(emoji));
    }
  });

  it('agrees with node:crypto on random text and bytes', () => {
    console.log(`sha256 property seed ${SEED}`);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 3000 }), fc.nat(3), (text, times) => {
        const long = text.repeat(1 + times * 40);
        expect(sha256Hex(long)).toBe(reference(long));
        const bytes = new TextEncoder().encode(long);
        expect(sha256Hex(bytes)).toBe(reference(bytes));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
