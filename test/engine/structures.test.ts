/** The matcher's building blocks against plain implementations. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cidrContainsIp,
  formatCidr,
  formatIp,
  parseCidr,
  parseIp,
} from '../../simulator/net/ip.js';
import type { Cidr } from '../../simulator/net/ip.js';
import { DomainIndex } from '../../simulator/engine/domain-index.js';
import { cidrV4, cidrV6, parseIpInto, v6InCidr } from '../../simulator/engine/tuned/fast-ip.js';
import { HostTable, NO_HOST } from '../../simulator/engine/host-table.js';
import { MAX_MATCHES_V6, PrefixTrie } from '../../simulator/engine/tuned/ip-trie.js';
import { PortIndex } from '../../simulator/engine/port-index.js';
import { owned } from '../../simulator/engine/tuned/owned-string.js';
import { TextTable, textHash } from '../../simulator/engine/tuned/text-table.js';
import { fcParameters } from './arbitraries.js';

const ipText = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.stringMatching(/^[0-9a-fA-F:.]{0,46}$/),
  fc.constantFrom(
    '::',
    '::1',
    '1::',
    ':::',
    '1:::2',
    '::ffff:1.2.3.4',
    '1.2.3.04',
    '0.0.0.0',
    '255.255.255.255',
    '1:2:3:4:5:6:7::',
    '::1:2:3:4:5:6:7:8',
    'fd00:ec2::254',
  ),
);

describe('parseIpInto', () => {
  it('accepts exactly what parseIp accepts, with the same value', () => {
    fc.assert(
      fc.property(ipText, (text) => {
        const out = new Int32Array(4);
        const family = parseIpInto(text, out);
        const ip = parseIp(text);
        expect(family).toBe(ip?.family ?? 0);
        if (ip === null) return;
        const value =
          ip.family === 4
            ? BigInt(out[0]! >>> 0)
            : [...out].reduce((v, w) => (v << 32n) | BigInt(w >>> 0), 0n);
        expect(value).toBe(ip.value);
      }),
      fcParameters(3000),
    );
  });
});

const v4Cidr = fc
  .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }))
  .map(([v, p]) => parseCidr(`${formatIp({ family: 4, value: BigInt(v) })}/${p}`)!.cidr);
const v6Cidr = fc
  .tuple(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: 128 }))
  .map(([v, p]) => parseCidr(`${formatIp({ family: 6, value: v })}/${p}`)!.cidr);

function wordsOf(value: bigint): Int32Array {
  return Int32Array.from([96n, 64n, 32n, 0n], (s) => Number((value >> s) & 0xffffffffn) | 0);
}

describe('prefix trie', () => {
  /** Payload of the first CIDR of each containing prefix length, shortest first (naive scan). */
  const expectedV4 = (cidrs: Cidr[], ip: number): number[] => {
    const address = { family: 4 as const, value: BigInt(ip >>> 0) };
    const containing = cidrs
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => cidrContainsIp(c, address));
    return [...new Set(containing.map(({ c }) => c.prefix))]
      .sort((a, b) => a - b)
      .map((prefix) => containing.find(({ c }) => c.prefix === prefix)!.i);
  };
  const trieV4 = (cidrs: Cidr[], threshold: number): PrefixTrie => {
    const trie = new PrefixTrie(4);
    cidrs.forEach((c, i) => {
      const node = trie.nodeV4(Number(c.value), c.prefix);
      if (trie.payload(node) < 0) trie.setPayload(node, i);
    });
    trie.freezeV4(threshold);
    return trie;
  };
  const checkV4 = (trie: PrefixTrie, cidrs: Cidr[], ip: number): void => {
    const expected = expectedV4(cidrs, ip);
    const out = new Int32Array(MAX_MATCHES_V6);
    const found = trie.matchV4(ip | 0, out);
    expect([...out.subarray(0, found)]).toEqual(expected);
    expect(trie.longestV4(ip | 0)).toBe(expected[expected.length - 1] ?? -1);
  };

  it.each([
    ['walked from the root', Infinity],
    ['expanded into the 16-8-8 table', 0],
  ])('reports every containing IPv4 CIDR, shortest first, and the longest (%s)', (_, threshold) => {
    // Addresses near the CIDRs (one CIDR's value with random low bits), else anywhere.
    const cidrsAndIp = fc.array(v4Cidr, { maxLength: 30 }).chain((cidrs) =>
      fc.tuple(
        fc.constant(cidrs),
        fc
          .tuple(fc.nat(cidrs.length), fc.integer({ min: 0, max: 0xffffffff }), fc.nat(32))
          .map(([k, r, bits]) =>
            k < cidrs.length
              ? (Number(cidrs[k]!.value) | (bits === 32 ? r : r & ((1 << bits) - 1))) >>> 0
              : r,
          ),
      ),
    );
    fc.assert(
      fc.property(cidrsAndIp, ([cidrs, ip]) => checkV4(trieV4(cidrs, threshold), cidrs, ip)),
      fcParameters(300),
    );
  });

  it('expands /0, /16, /24 and /32 edges and shared chains into the 16-8-8 table', () => {
    const texts = [
      '0.0.0.0/0',
      '10.0.0.0/8',
      '10.1.0.0/16',
      '10.1.0.0/17',
      '10.1.2.0/24',
      '10.1.2.0/25',
      '10.1.2.3/32',
      '255.255.255.255/32',
      '0.0.0.0/32',
      '10.1.2.0/30',
    ];
    const cidrs = texts.map((t) => parseCidr(t)!.cidr);
    const ips = [
      '10.1.2.3',
      '10.1.2.4',
      '10.1.2.200',
      '10.1.3.1',
      '10.1.200.1',
      '10.2.0.0',
      '11.0.0.0',
      '0.0.0.0',
      '255.255.255.255',
      '255.255.255.254',
    ].map((t) => Number(parseIp(t)!.value));
    for (const threshold of [Infinity, 0]) {
      const trie = trieV4(cidrs, threshold);
      for (const ip of ips) checkV4(trie, cidrs, ip);
    }
    const out = new Int32Array(MAX_MATCHES_V6);
    const trie = trieV4(cidrs, 0);
    const found = trie.matchV4(Number(parseIp('10.1.2.3')!.value) | 0, out);
    expect([...out.subarray(0, found)]).toEqual([0, 1, 2, 3, 4, 5, 9, 6]);
  });

  it.each([
    ['walked from the root', Infinity],
    ['started from the word shortcuts', 0],
  ])('finds IPv6 CIDRs and agrees with the int32 containment test (%s)', (_, threshold) => {
    // Addresses near the CIDRs: one CIDR's value with random low bits.
    const near = (cidrs: Cidr[]) =>
      fc
        .tuple(fc.nat(cidrs.length), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.nat(128))
        .map(([k, r, bits]) =>
          k < cidrs.length ? cidrs[k]!.value | (r & ((1n << BigInt(bits)) - 1n)) : r,
        );
    const cidrsAndIp = fc
      .array(v6Cidr, { maxLength: 20 })
      .chain((cidrs) => fc.tuple(fc.constant(cidrs), near(cidrs)));
    fc.assert(
      fc.property(cidrsAndIp, ([cidrs, value]) => {
        const trie = new PrefixTrie();
        const cidrWords = cidrs.map((c: Cidr) => cidrV6(c));
        cidrs.forEach((c, i) => {
          const node = trie.nodeV6(cidrWords[i]!, c.prefix);
          if (trie.payload(node) < 0) trie.setPayload(node, i);
        });
        trie.freezeV6(threshold);
        const ip = wordsOf(value);
        const address = { family: 6 as const, value };
        const out = new Int32Array(MAX_MATCHES_V6);
        const found = [...out.subarray(0, trie.matchV6(ip, out))];
        cidrs.forEach((c, i) => {
          expect(v6InCidr(ip, cidrWords[i]!, 0)).toBe(cidrContainsIp(c, address));
        });
        const containing = cidrs
          .map((c, i) => ({ c, i }))
          .filter(({ c }) => cidrContainsIp(c, address));
        const firstOfEachPrefix = [...new Set(containing.map(({ c }) => c.prefix))]
          .sort((a, b) => a - b)
          .map((prefix) => containing.find(({ c }) => c.prefix === prefix)!.i);
        expect(found).toEqual(firstOfEachPrefix);
        expect(trie.longestV6(ip)).toBe(firstOfEachPrefix[firstOfEachPrefix.length - 1] ?? -1);
      }),
      fcParameters(300),
    );
  });

  it('keeps IPv4 networks and masks as int32 (the /0 and /32 edges)', () => {
    expect(cidrV4(parseCidr('0.0.0.0/0')!.cidr)).toEqual([0, 0]);
    expect(cidrV4(parseCidr('255.255.255.255/32')!.cidr)).toEqual([-1, -1]);
    expect(formatCidr(parseCidr('10.0.0.0/8')!.cidr)).toBe('10.0.0.0/8');
  });
});

describe('DomainIndex wildcards', () => {
  it('finds exactly the suffixes a host ends with after a dot', () => {
    const labels = fc.constantFrom('a', 'b', 'example', 'com', 'co', 'hf', 'x-y');
    const name = fc.array(labels, { minLength: 1, maxLength: 5 }).map((l) => l.join('.'));
    fc.assert(
      fc.property(fc.uniqueArray(name, { maxLength: 12 }), name, (suffixes, host) => {
        const index = new DomainIndex();
        suffixes.forEach((s, i) => index.addWildcard(s, i));
        const found = [...index.found.subarray(0, index.matchWildcards(host))].sort(
          (a, b) => a - b,
        );
        const expected = suffixes.flatMap((s, i) => (host.endsWith('.' + s) ? [i] : []));
        expect(found).toEqual(expected);
      }),
      fcParameters(500),
    );
  });

  it('confirms a hash match by comparing the text', () => {
    // Read right to left with multiplier 31, "aA" and "BB" hash alike (65·31+97 = 66·31+66).
    const index = new DomainIndex();
    index.addWildcard('aa.com', 1);
    index.addWildcard('aA.com', 2);
    expect(index.matchWildcards('x.BB.com')).toBe(0);
    expect(index.matchWildcards('x.aA.com')).toBe(1);
    expect(index.found[0]).toBe(2);
  });
});

describe('PortIndex', () => {
  it('gives the sorted rules whose range contains the port', () => {
    const range = fc
      .tuple(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 60 }))
      .map(([lo, width]) => ({ lo, hi: lo + width }));
    fc.assert(
      fc.property(
        fc.array(range, { maxLength: 25 }),
        fc.integer({ min: 0, max: 300 }),
        (ranges, port) => {
          const lists: number[][] = [];
          const withRules = ranges.map((r, rule) => ({ ...r, rule }));
          const index = PortIndex.build(withRules, 1e6, (rules) => lists.push(rules) - 1)!;
          const id = index.lookup(port);
          const expected = withRules.filter((r) => r.lo <= port && port <= r.hi).map((r) => r.rule);
          expect(id < 0 ? [] : lists[id]).toEqual(expected);
        },
      ),
      fcParameters(300),
    );
  });

  it('gives up beyond its budget', () => {
    const wide = Array.from({ length: 50 }, (_, rule) => ({ lo: 1 + rule, hi: 65535, rule }));
    expect(PortIndex.build(wide, 100, () => 0)).toBeNull();
  });
});

describe('TextTable', () => {
  /** Texts that stress the packing of two UTF-16 units a word. */
  const text = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'binary', maxLength: 9 }),
    fc.constantFrom('', 'a', 'a\0', '\0', '\u8000', 'a\u8000', '\uffff\uffff', 'pypi.org'),
  );
  const op = fc.record({
    text,
    built: fc.boolean(),
    payload: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 4 }),
  });

  it('finds what a Map would, and drops only run-time records past its limit', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        // 0: hash slots from the start; 60: a Map throughout; between: moves mid-way.
        fc.integer({ min: 0, max: 60 }),
        (drawn, limit, smallLimit) => {
          // Built records come first (insert refuses them later).
          const ops = [...drawn.filter((o) => o.built), ...drawn.filter((o) => !o.built)];
          const table = new TextTable(limit, smallLimit);
          const built = new Map<string, number[]>();
          let added = new Map<string, number[]>();
          let addedCount = 0;
          for (const { text: t, built: isBuilt, payload } of ops) {
            if (built.has(t) || added.has(t)) continue; // insert takes new texts only
            table.insert(t, payload, isBuilt);
            if (isBuilt) built.set(t, payload);
            else {
              if (++addedCount > limit) {
                added = new Map();
                addedCount = 1;
              }
              added.set(t, payload);
            }
            for (const probe of [t, ...ops.map((o) => o.text)]) {
              const want = built.get(probe) ?? added.get(probe);
              const at = table.find(probe);
              if (want === undefined) {
                expect(at).toBe(-1);
              } else {
                expect(at).toBeGreaterThanOrEqual(0);
                expect([...table.records.subarray(at, at + want.length)]).toEqual(want);
              }
            }
          }
        },
      ),
      fcParameters(500),
    );
  });

  it('tells apart texts that differ only in length or in a high code unit', () => {
    const table = new TextTable(100, 0);
    const texts = ['', 'a', 'a\0', 'a\u8000', 'a\u8001', '\u8000a', 'ab', 'ab\0'];
    texts.forEach((t, i) => table.insert(t, [i], i < 4));
    texts.forEach((t, i) => expect(table.records[table.find(t)]).toBe(i));
    expect(table.find('b')).toBe(-1);
    expect(textHash('ab')).not.toBe(textHash('ba'));
  });

  it('refuses a built record after a run-time one', () => {
    const table = new TextTable(4);
    table.insert('a', [1], true);
    table.insert('b', [2], false);
    expect(() => table.insert('c', [3], true)).toThrow(/built records come first/);
  });
});

describe('HostTable', () => {
  it('drops hosts added at run time past its limit, never the built ones', () => {
    const table = new HostTable(2);
    const built = table.addBuilt('pypi.org', { node: 3, domainId: 7, wildcards: [], rules: [40] });
    table.add('a.example', { node: -1, domainId: -1, wildcards: [5], rules: [12] });
    table.add('b.example', NO_HOST);
    table.add('c.example', NO_HOST);
    expect(table.get('a.example')).toBe(-1);
    expect(table.get('pypi.org')).toBe(built);
    const r = table.records;
    expect([...r.subarray(built, built + 5)]).toEqual([3, 7, 0, 1, 40]);
    const c = table.get('c.example');
    expect([...r.subarray(c, c + 4)]).toEqual([-1, -1, 0, 0]);
    expect([...r.subarray(table.none, table.none + 4)]).toEqual([-1, -1, 0, 0]);
  });
});

describe('owned', () => {
  it('returns the same text, whatever its length and characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        expect(owned(text)).toBe(text);
        expect(owned(`x${text}`.slice(1))).toBe(text);
      }),
      fcParameters(200),
    );
  });
});
