/**
 * AddressSet: exact set algebra over addresses, printed as the fewest CIDRs. Checked against
 * a brute-force model on small address ranges, and on hand-picked edges of both families.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressSet } from '../../simulator/export/model/address-set.js';
import { cidrContainsIp, parseCidr, parseIp } from '../../simulator/net/ip.js';

/** CIDRs inside 10.0.0.0/24, so that a brute-force check over 256 addresses is exact. */
const smallCidr = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 24, max: 32 }))
  .map(([host, prefix]) => `10.0.0.${host}/${prefix}`);

function members(set: AddressSet): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < 256; i++) {
    const ip = parseIp(`10.0.0.${i}`)!;
    if (set.contains(4, ip.value)) out.add(i);
  }
  return out;
}

function model(cidrs: string[]): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < 256; i++) {
    const ip = parseIp(`10.0.0.${i}`)!;
    if (cidrs.some((c) => cidrContainsIp(parseCidr(c)!.cidr, ip))) out.add(i);
  }
  return out;
}

describe('AddressSet', () => {
  it('holds exactly the union of its CIDRs, and prints CIDRs that cover exactly that', () => {
    fc.assert(
      fc.property(fc.array(smallCidr, { maxLength: 6 }), (cidrs) => {
        const set = AddressSet.fromTexts(cidrs);
        const expected = model(cidrs);
        expect(members(set)).toEqual(expected);
        // The printed CIDRs describe the same addresses, and none of them overlap.
        const printed = set.texts(4);
        expect(model(printed)).toEqual(expected);
        const total = printed.reduce((n, c) => n + 2 ** (32 - parseCidr(c)!.cidr.prefix), 0);
        expect(total).toBe(expected.size);
      }),
    );
  });

  it('subtracts exactly', () => {
    fc.assert(
      fc.property(
        fc.array(smallCidr, { maxLength: 4 }),
        fc.array(smallCidr, { maxLength: 4 }),
        (a, b) => {
          const difference = AddressSet.fromTexts(a).minus(AddressSet.fromTexts(b));
          const removed = model(b);
          const expected = new Set([...model(a)].filter((i) => !removed.has(i)));
          expect(members(difference)).toEqual(expected);
        },
      ),
    );
  });

  it('intersects exactly', () => {
    fc.assert(
      fc.property(
        fc.array(smallCidr, { maxLength: 4 }),
        fc.array(smallCidr, { maxLength: 4 }),
        (a, b) => {
          const both = AddressSet.fromTexts(a).intersect(AddressSet.fromTexts(b));
          const other = model(b);
          const expected = new Set([...model(a)].filter((i) => other.has(i)));
          expect(members(both)).toEqual(expected);
        },
      ),
    );
  });

  it('merges adjacent blocks into the fewest CIDRs', () => {
    const set = AddressSet.fromTexts(['10.0.0.0/25', '10.0.0.128/25', '10.0.1.0/24', '10.0.2.1']);
    expect(set.texts(4)).toEqual(['10.0.0.0/23', '10.0.2.1']);
  });

  it('writes a range that is not aligned as several blocks', () => {
    const set = AddressSet.fromTexts(['10.0.0.0/24']).minus(AddressSet.fromTexts(['10.0.0.0']));
    expect(set.texts(4)).toEqual([
      '10.0.0.1',
      '10.0.0.2/31',
      '10.0.0.4/30',
      '10.0.0.8/29',
      '10.0.0.16/28',
      '10.0.0.32/27',
      '10.0.0.64/26',
      '10.0.0.128/25',
    ]);
  });

  it('keeps the families apart and knows full and empty sets', () => {
    const set = AddressSet.fromTexts(['0.0.0.0/0', 'fd00::/8', 'fd00::1', 'not an address']);
    expect(set.isFull(4)).toBe(true);
    expect(set.isFull(6)).toBe(false);
    expect(set.texts(6)).toEqual(['fd00::/8']);
    expect(set.only(6).isEmpty(4)).toBe(true);
    expect(AddressSet.EMPTY.isEmpty()).toBe(true);
    expect(AddressSet.FULL.minus(set).texts(4)).toEqual([]);
    expect(AddressSet.FULL.minus(set).texts(6)).toEqual([
      '::/1',
      '8000::/2',
      'c000::/3',
      'e000::/4',
      'f000::/5',
      'f800::/6',
      'fc00::/8',
      'fe00::/7',
    ]);
  });
});
