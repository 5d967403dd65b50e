/** The pieces of a learned rule: exact address covers, wildcard collapse, service ranges. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  collapseNames,
  exactCover,
  exactCoverText,
  serviceItems,
} from '../../simulator/learn/index.js';
import type { IpAddress } from '../../simulator/net/ip.js';
import { cidrContainsIp, parseIp } from '../../simulator/net/ip.js';
import { seededParameters } from './seeded.js';

const v4 = (text: string): IpAddress => parseIp(text)!;

describe('exactCover', () => {
  it('joins the two halves of a block, and nothing else', () => {
    const ips = ['10.0.0.0', '10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.5', '10.0.0.6'].map(v4);
    expect(exactCoverText(ips)).toEqual(['10.0.0.0/30', '10.0.0.5', '10.0.0.6']);
  });

  it('keeps IPv4 before IPv6 and merges IPv6 halves', () => {
    expect(exactCoverText(['fd00::1', 'fd00::0', '192.0.2.7'].map(v4))).toEqual([
      '192.0.2.7',
      'fd00::/127',
    ]);
  });

  // Reference: the covered set is exactly the observed set, and no two CIDRs could merge.
  it('covers exactly the observed addresses with no mergeable pair (random sets)', () => {
    const params = seededParameters('exactCover', 300);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 63 }), { maxLength: 64 }), (offsets) => {
        const observed = new Set(offsets);
        const cover = exactCover(offsets.map((o) => v4(`10.1.2.${o}`)));
        for (let o = 0; o < 64; o++) {
          const inside = cover.filter((c) => cidrContainsIp(c, v4(`10.1.2.${o}`))).length;
          expect(inside).toBe(observed.has(o) ? 1 : 0);
        }
        for (const a of cover) {
          for (const b of cover) {
            const siblings =
              a !== b &&
              a.prefix === b.prefix &&
              a.value >> BigInt(33 - a.prefix) === b.value >> BigInt(33 - b.prefix);
            expect(siblings).toBe(false);
          }
        }
      }),
      params,
    );
  });
});

describe('collapseNames', () => {
  it('collapses three names under one parent to a wildcard', () => {
    expect(collapseNames(['a.cdn.example.com', 'b.cdn.example.com', 'c.cdn.example.com'])).toEqual([
      '*.cdn.example.com',
    ]);
  });

  it('keeps two names, names beside their seen apex, and never writes *.com', () => {
    expect(collapseNames(['a.example.com', 'b.example.com'])).toEqual([
      'a.example.com',
      'b.example.com',
    ]);
    expect(
      collapseNames(['x.example.org', 'y.example.org', 'z.example.org', 'example.org']),
    ).toEqual(['example.org', 'x.example.org', 'y.example.org', 'z.example.org']);
    expect(collapseNames(['a.com', 'b.com', 'c.com'])).toEqual(['a.com', 'b.com', 'c.com']);
  });
});

describe('serviceItems', () => {
  it('joins contiguous ports of a protocol only', () => {
    expect(
      serviceItems([
        'tcp/443',
        'tcp/8000',
        'tcp/8002',
        'tcp/8001',
        'udp/53',
        'udp/54',
        'icmp',
        'tcp/80',
      ]),
    ).toEqual(['tcp/80', 'tcp/443', 'tcp/8000-8002', 'udp/53-54', 'icmp']);
  });
});
