import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { didYouMean, editDistance, suggest } from '../../simulator/util/suggest.js';
import {
  domainMatches,
  isPlainDomainBytes,
  parseDomainPattern,
} from '../../simulator/util/domain.js';
import { sha256Hex } from '../../simulator/util/sha256.js';

describe('suggest', () => {
  it('counts a transposition as one edit', () => {
    expect(editDistance('vcp', 'vpc')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests the near miss and nothing for far names', () => {
    expect(didYouMean('vcp', ['vpc', 'internet'])).toBe(' (did you mean "vpc"?)');
    expect(suggest('trainr', ['trainer', 'notebook'])).toBe('trainer');
    expect(suggest('zzz', ['trainer', 'notebook'])).toBeUndefined();
  });
});

describe('domains', () => {
  it('parses names and wildcards, case-insensitively, without trailing dot', () => {
    expect(parseDomainPattern('PyPI.org.')).toEqual({ name: 'pypi.org', wildcard: false });
    expect(parseDomainPattern('*.HuggingFace.co')).toEqual({
      name: 'huggingface.co',
      wildcard: true,
    });
  });

  it.each([
    ['localhost', 'no-dot'],
    ['a..b', 'label-empty'],
    ['foo.*.com', 'wildcard-position'],
    ['*foo.com', 'wildcard-position'],
    ['-a.com', 'label-hyphen'],
    ['a b.com', 'label-chars'],
    [`${'a'.repeat(64)}.com`, 'label-too-long'],
    [`${'a.'.repeat(130)}com`, 'too-long'],
  ])('rejects %j (%s)', (text, problem) => {
    expect(parseDomainPattern(text)).toBe(problem);
  });

  it('matches a wildcard at any depth but not the apex', () => {
    const p = parseDomainPattern('*.example.com');
    if (typeof p === 'string') throw new Error(p);
    expect(domainMatches(p, 'a.example.com')).toBe(true);
    expect(domainMatches(p, 'a.b.example.com')).toBe(true);
    expect(domainMatches(p, 'example.com')).toBe(false);
    expect(domainMatches(p, 'badexample.com')).toBe(false);
  });
});

describe('sha256Hex', () => {
  it('equals node:crypto on random input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
    );
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('domain fast path', () => {
  // A trailing dot always takes the general path (and is then normalised away), so comparing
  // `s` with `s + '.'` compares the one-pass check with the general one on every input.
  const domainish = fc.string({
    unit: fc.constantFrom(...'abcz09-_.*A'.split(''), 'é'),
    maxLength: 70,
  });

  it('agrees with the general check on every input', () => {
    fc.assert(
      fc.property(domainish, (s) => {
        fc.pre(!s.endsWith('.'));
        expect(parseDomainPattern(s)).toEqual(parseDomainPattern(s + '.'));
      }),
      { numRuns: 3000 },
    );
  });

  it('over bytes, holds exactly for the names that are their own value', () => {
    fc.assert(
      fc.property(domainish, fc.string({ maxLength: 3 }), (s, around) => {
        // Bytes around the name, as in a row of a file, are not read.
        const bytes = Buffer.from(around + s + around);
        const from = Buffer.byteLength(around);
        const to = from + Buffer.byteLength(s);
        expect(isPlainDomainBytes(bytes, from, to), s).toBe(
          JSON.stringify(parseDomainPattern(s)) === JSON.stringify({ name: s, wildcard: false }),
        );
      }),
      { numRuns: 5000 },
    );
    const label63 = 'a'.repeat(63);
    const long = [label63, label63, label63, 'a'.repeat(61)].join('.');
    for (const [name, plain] of [
      [long, true],
      [long + 'a', false],
      [`${label63}a.com`, false],
      ['a_b.c-d.example', true],
    ] as const) {
      expect(isPlainDomainBytes(Buffer.from(name), 0, name.length), name).toBe(plain);
    }
  });

  it('covers the edges of label and name length', () => {
    const label63 = 'a'.repeat(63);
    const long = [label63, label63, label63, 'a'.repeat(61)].join('.');
    expect(long.length).toBe(253);
    expect(parseDomainPattern(long)).toEqual({ name: long, wildcard: false });
    expect(parseDomainPattern(long + 'a')).toBe('too-long');
    expect(parseDomainPattern(`${label63}a.com`)).toBe('label-too-long');
    expect(parseDomainPattern('-a.com')).toBe('label-hyphen');
    expect(parseDomainPattern('a-.com')).toBe('label-hyphen');
    expect(parseDomainPattern('a..com')).toBe('label-empty');
    expect(parseDomainPattern('localhost')).toBe('no-dot');
  });
});
