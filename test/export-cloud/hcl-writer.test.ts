/**
 * `HclFileWriter` renders items as they are added; the file it writes must equal `hclFile` of
 * the same items in one piece, however the items are split between `add` calls.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BLANK,
  HclFileWriter,
  HclMap,
  HclRaw,
  attr,
  block,
  comment,
  hclFile,
  type HclItem,
  type HclValue,
} from '../../simulator/export/hcl-out.js';
import { fcParameters } from '../engine/arbitraries.js';

const name = fc.constantFrom('name', 'priority', 'destination_ranges', 'x', 'a_longer_name');
const value: fc.Arbitrary<HclValue> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: 0, max: 70000 }),
  fc.boolean(),
  fc.constantFrom('var.project_id', 'google_tags_tag_key.role.id').map((e) => new HclRaw(e)),
  fc.array(fc.string({ maxLength: 30 }), { maxLength: 8 }),
  fc
    .array(fc.tuple(name, fc.string({ maxLength: 8 })), { maxLength: 3 })
    .map((entries) => new HclMap(entries)),
);
const { body } = fc.letrec<{ body: HclItem[]; item: HclItem }>((tie) => ({
  item: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(name, value).map(([n, v]) => attr(n, v)),
    fc
      .array(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 2 })
      .map((l) => comment(...l)),
    fc.constant(BLANK),
    fc
      .tuple(name, fc.array(fc.string({ maxLength: 6 }), { maxLength: 2 }), tie('body'))
      .map(([t, labels, b]) => block(t, labels, b as HclItem[])),
  ),
  body: fc.array(tie('item'), { maxLength: 5 }) as fc.Arbitrary<HclItem[]>,
}));
/** Top-level items: blocks, comments and blank lines, as in a Terraform file. */
const topLevel = fc.array(
  fc.oneof(
    fc.tuple(name, fc.array(name, { maxLength: 2 }), body).map(([t, l, b]) => block(t, l, b)),
    fc.string({ maxLength: 20 }).map((l) => comment(l)),
    fc.constant(BLANK),
  ),
  { maxLength: 12 },
);

describe('HclFileWriter', () => {
  it('writes what hclFile writes, split anywhere', () => {
    fc.assert(
      fc.property(topLevel, fc.array(fc.nat(12), { maxLength: 6 }), (items, cuts) => {
        const writer = new HclFileWriter();
        const at = [...new Set(cuts.map((c) => Math.min(c, items.length)))].sort((a, b) => a - b);
        let from = 0;
        for (const to of [...at, items.length]) {
          writer.add(...items.slice(from, to));
          from = to;
        }
        expect(writer.text()).toBe(hclFile(items));
      }),
      fcParameters(500),
    );
  });

  it('refuses an attribute at the top level, whose alignment would depend on the split', () => {
    expect(() => new HclFileWriter().add(attr('a', 1))).toThrow(/no attributes at the top level/);
  });
});
