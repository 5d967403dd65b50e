import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip, echo, ECHO_LIMIT } from '../../simulator/flows/echo.js';
import { duplicateKey, duplicateKeyScan } from '../../simulator/flows/json-duplicate-key.js';

describe('echo', () => {
  it('quotes short values as they are, cuts long ones with an ellipsis', () => {
    expect(echo('pypi.org')).toBe('"pypi.org"');
    expect(echo('a'.repeat(200))).toBe(`"${'a'.repeat(ECHO_LIMIT)}…"`);
  });

  it('escapes controls and never cuts a surrogate pair in half', () => {
    expect(clip('a\u0000b\n\u001b[0m\u009b')).toBe('a\\u0000b\\n\\u001b[0m\\u009b');
    const emoji = 'a'.repeat(ECHO_LIMIT - 1) + '😀';
    expect(clip(emoji)).toBe('a'.repeat(ECHO_LIMIT - 1) + '…');
  });

  it('never lets a control character through (seeded)', () => {
    const seed = 815;
    console.log(`echo controls property: seed ${seed}`);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        // eslint-disable-next-line no-control-regex
        expect(echo(s)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      }),
      { seed, numRuns: 500 },
    );
  });
});

describe('duplicateKey', () => {
  it('finds a key written twice, escaped or not', () => {
    expect(duplicateKey('{"a":1,"a":2}', { a: 2 })).toBe('a');
    expect(duplicateKey('{"src":"x","\\u0073rc":"y"}', { src: 'y' })).toBe('src');
    expect(duplicateKey('{"src":"src","host":"a"}', { src: 'src', host: 'a' })).toBeUndefined();
    expect(duplicateKey('{"a":{"b":1,"b":2},"c":[1,{"a":1}]}', { a: {}, c: [] })).toBeUndefined();
  });

  it('answers as the plain scan does on generated objects (seeded)', () => {
    const seed = 4242;
    console.log(`duplicate key fast path property: seed ${seed}`);
    const key = fc.constantFrom('src', 'host', 'ip', 'proto', 'port', 's"rc', 'h\\ost', 'é');
    const value = fc.oneof(
      fc.constantFrom('src', 'host', 'x', '"host"', 'a\\"b'),
      fc.integer(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, value), { maxLength: 6 }),
        fc.boolean(),
        (members, escape) => {
          const text =
            '{' +
            members
              .map(([k, v]) => {
                const quoted = JSON.stringify(k);
                const written = escape ? quoted.replace(/s/g, '\\u0073') : quoted;
                return `${written}:${JSON.stringify(v)}`;
              })
              .join(',') +
            '}';
          const parsed = JSON.parse(text) as object;
          const expected = new Set(members.map(([k]) => k)).size < members.length;
          expect(duplicateKey(text, parsed) !== undefined).toBe(expected);
          expect(duplicateKey(text, parsed)).toBe(duplicateKeyScan(text));
        },
      ),
      { seed, numRuns: 500 },
    );
  });
});
