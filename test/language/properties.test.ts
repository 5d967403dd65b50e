/**
 * Property tests (docs/architecture.md): the parser and checker never throw on any input; formatting is
 * idempotent; formatting changes layout only (same syntax tree apart from ranges, same model).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPolicy,
  formatPolicy,
  parseFlowSpec,
  parsePolicy,
} from '../../simulator/language/index.js';
import { layoutPolicy, tokenSoup } from './arbitraries.js';

/** The tree or model without positions: what the text means, not where it stands. */
function meaning(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === 'range' ? undefined : v)));
}

const anyText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  tokenSoup,
);

describe('never throws', () => {
  it('parses, checks, formats and reads flows from arbitrary text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parsePolicy(text);
        const checked = checkPolicy(text, { file: 'fuzz.egress' });
        const formatted = formatPolicy(text);
        parseFlowSpec(text);
        expect(Array.isArray(parsed.diagnostics)).toBe(true);
        expect(checked.model.rules.length).toBeLessThanOrEqual(checked.ast.statements.length);
        expect(typeof formatted.text).toBe('string');
      }),
      { numRuns: 400 },
    );
  });

  it('reports every diagnostic with a code, a message and a range inside the text', () => {
    fc.assert(
      fc.property(tokenSoup, (text) => {
        for (const d of checkPolicy(text).diagnostics) {
          expect(d.code).toMatch(/^EGS[12]\d{3}$/);
          expect(d.message.length).toBeGreaterThan(0);
          expect(d.range!.start.offset).toBeLessThanOrEqual(d.range!.end.offset);
          expect(d.range!.end.offset).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('formatPolicy', () => {
  it('is idempotent on any text, broken or not', () => {
    fc.assert(
      fc.property(fc.oneof(tokenSoup, layoutPolicy, fc.string({ maxLength: 200 })), (text) => {
        const once = formatPolicy(text).text;
        const twice = formatPolicy(once);
        expect(twice.text).toBe(once);
        expect(twice.changed).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('changes layout only on valid policies: same tree, same model, no new errors', () => {
    fc.assert(
      fc.property(layoutPolicy, (text) => {
        const before = checkPolicy(text);
        expect(before.diagnostics.filter((d) => d.code.startsWith('EGS10'))).toEqual([]);
        const formatted = formatPolicy(text).text;
        const after = checkPolicy(formatted);
        expect(meaning(after.ast)).toEqual(meaning(before.ast));
        expect(meaning(after.model)).toEqual(meaning(before.model));
        expect(after.diagnostics.map((d) => d.code)).toEqual(before.diagnostics.map((d) => d.code));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the tree of broken files too (statements with errors are copied)', () => {
    fc.assert(
      fc.property(tokenSoup, (text) => {
        const before = parsePolicy(text);
        const after = parsePolicy(formatPolicy(text).text);
        expect(meaning(after.ast)).toEqual(meaning(before.ast));
      }),
      { numRuns: 400 },
    );
  });
});
