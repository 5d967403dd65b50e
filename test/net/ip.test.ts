import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  canonicalIp,
  cidrContainsCidr,
  cidrContainsIp,
  firstHostAddress,
  formatCidr,
  formatCidrShort,
  formatIp,
  isCanonicalIpv4,
  canonicalIpv4BytesValue,
  canonicalIpv6BytesInto,
  isIpv4MappedText,
  isMappedPrefixTooShort,
  parseCidr,
  parseIp,
} from '../../simulator/net/ip.js';
import { oracleParseIp } from './ip-oracle.js';
import { parseIpInto } from '../../simulator/engine/tuned/fast-ip.js';

describe('parseIp', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['255.255.255.255', '255.255.255.255'],
    ['::', '::'],
    ['::1', '::1'],
    ['fd00:ec2::254', 'fd00:ec2::254'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
    ['::ffff:1.2.3.4', '1.2.3.4'], // IPv4-mapped: the IPv4 address on the wire
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
  ])('%s → %s', (text, canonical) => {
    expect(canonicalIp(text)).toBe(canonical);
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '01.2.3.4',
    'a.b.c.d',
    ':::',
    '1::2::3',
    '12345::',
    'g::1',
    '1:2:3:4:5:6:7:8:9',
  ])('rejects %j', (text) => {
    expect(parseIp(text)).toBeNull();
  });

  it('round-trips random IPv6 values through text', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (value) => {
        const text = formatIp({ family: 6, value });
        expect(parseIp(text)).toEqual({ family: 6, value });
      }),
    );
  });

  it('round-trips random IPv4 values through text', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), (value) => {
        expect(parseIp(formatIp({ family: 4, value }))).toEqual({ family: 4, value });
      }),
    );
  });
});

describe('parseIp against the string-based oracle', () => {
  // Texts near the grammar's edges: groups, `::` in every place, dotted tails, bad digits.
  const piece = fc.oneof(
    fc.constantFrom(
      ':',
      '::',
      '.',
      '0',
      '00',
      '1',
      'ffff',
      'FFFF',
      '10000',
      'g',
      '255',
      '256',
      '01',
    ),
    fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: 1, maxLength: 5 }),
    fc.integer({ min: 0, max: 300 }).map(String),
  );
  const nearAddress = fc.array(piece, { maxLength: 16 }).map((p) => p.join(''));
  const dotted = fc
    .tuple(
      fc.array(piece, { maxLength: 10 }),
      fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 5 }),
    )
    .map(([head, quad]) => `${head.join('')}:${quad.join('.')}`);

  it('accepts and rejects the same texts, with the same values', () => {
    fc.assert(
      fc.property(fc.oneof(nearAddress, dotted, fc.string({ maxLength: 46 })), (text) => {
        expect(parseIp(text)).toEqual(oracleParseIp(text));
      }),
      { numRuns: 20_000 },
    );
  });

  // Valid addresses spelled in every allowed way: upper case, leading zeros, `::` anywhere.
  const spelled = fc
    .tuple(
      fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
        minLength: 8,
        maxLength: 8,
      }),
      fc.array(fc.constantFrom('lower', 'upper', 'padded'), { minLength: 8, maxLength: 8 }),
      fc.nat(8),
      fc.nat(8),
    )
    .map(([groups, styles, from, length]) => {
      const text = groups.map((g, i) => {
        const hex = g.toString(16);
        return styles[i] === 'upper'
          ? hex.toUpperCase()
          : styles[i] === 'padded'
            ? hex.padStart(4, '0')
            : hex;
      });
      const end = Math.min(8, from + length);
      const zeros = end - from >= 1 && groups.slice(from, end).every((g) => g === 0);
      return zeros
        ? `${text.slice(0, from).join(':')}::${text.slice(end).join(':')}`
        : text.join(':');
    });

  // IPv4-mapped addresses in their spellings: dotted tail or hex groups, `::` or zeros.
  const mapped = fc
    .tuple(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.constantFrom('::ffff:', '::FFFF:', '0:0:0:0:0:ffff:', '0::ffff:'),
      fc.boolean(),
    )
    .map(([v, head, hex]) =>
      hex
        ? `${head}${(v >>> 16).toString(16)}:${(v & 0xffff).toString(16)}`
        : `${head}${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`,
    );

  it('canonicalises flow addresses as parsing and formatting does', () => {
    fc.assert(
      fc.property(fc.oneof(nearAddress, dotted, spelled, mapped), (text) => {
        const parsed = oracleParseIp(text);
        expect(canonicalIp(text)).toBe(parsed === null ? null : formatIp(parsed));
      }),
      { numRuns: 20_000 },
    );
  });

  it('formats IPv6 as the WHATWG URL serializer does (RFC 5952)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
          minLength: 8,
          maxLength: 8,
        }),
        (groups) => {
          const value = groups.reduce((v, g) => (v << 16n) | BigInt(g), 0n);
          const text = formatIp({ family: 6, value });
          expect(`[${text}]`).toBe(
            new URL(`http://[${groups.map((g) => g.toString(16)).join(':')}]/`).hostname,
          );
        },
      ),
      { numRuns: 5_000 },
    );
  });
});

describe('IPv4-mapped addresses (docs/language.md "IPv4-mapped addresses")', () => {
  it.each([
    ['::ffff:169.254.169.254', '169.254.169.254'],
    ['::ffff:a9fe:a9fe', '169.254.169.254'],
    ['0:0:0:0:0:FFFF:10.30.1.5', '10.30.1.5'],
  ])('reads %s as the IPv4 %s', (text, v4) => {
    expect(parseIp(text)).toEqual(parseIp(v4));
    expect(canonicalIp(text)).toBe(v4);
    expect(isIpv4MappedText(text)).toBe(true);
  });

  it('leaves the neighbours of the mapped range IPv6', () => {
    for (const text of [
      '::fffe:a9fe:a9fe',
      '::1:ffff:a9fe:a9fe',
      '64:ff9b::a9fe:a9fe',
      '::a9fe:a9fe',
    ]) {
      expect(parseIp(text)?.family).toBe(6);
      expect(isIpv4MappedText(text)).toBe(false);
    }
  });

  it('counts a mapped prefix over 128 bits and refuses one shorter than /96', () => {
    expect(formatCidr(parseCidr('::ffff:10.0.0.0/104')!.cidr)).toBe('10.0.0.0/8');
    expect(formatCidr(parseCidr('::ffff:0:0/96')!.cidr)).toBe('0.0.0.0/0');
    expect(formatCidr(parseCidr('::ffff:10.0.0.5')!.cidr)).toBe('10.0.0.5/32');
    expect(parseCidr('::ffff:10.0.0.0/8')).toBeNull();
    expect(isMappedPrefixTooShort('::ffff:10.0.0.0/8')).toBe(true);
    expect(parseCidr('::ffff:10.0.0.0/129')).toBeNull();
    // An IPv6 network never contains an IPv4 address, however it was written.
    expect(cidrContainsIp(parseCidr('::/0')!.cidr, parseIp('::ffff:1.2.3.4')!)).toBe(false);
  });
});

describe('parseCidr', () => {
  it('normalises host bits and says so', () => {
    const parsed = parseCidr('10.1.2.3/16');
    expect(parsed && formatCidr(parsed.cidr)).toBe('10.1.0.0/16');
    expect(parsed?.hostBitsSet).toBe(true);
    expect(parseCidr('10.1.0.0/16')?.hostBitsSet).toBe(false);
  });

  it('gives a bare address its full prefix', () => {
    expect(formatCidr(parseCidr('169.254.169.254')!.cidr)).toBe('169.254.169.254/32');
    expect(formatCidr(parseCidr('fd00:ec2::254')!.cidr)).toBe('fd00:ec2::254/128');
    expect(formatCidrShort(parseCidr('fd00:ec2::254')!.cidr)).toBe('fd00:ec2::254');
  });

  it.each(['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/x', '10.0.0.0/-1', 'x/8'])(
    'rejects %j',
    (text) => {
      expect(parseCidr(text)).toBeNull();
    },
  );

  it('tests containment by family and prefix', () => {
    const net = parseCidr('10.0.0.0/8')!.cidr;
    expect(cidrContainsIp(net, parseIp('10.255.0.1')!)).toBe(true);
    expect(cidrContainsIp(net, parseIp('11.0.0.0')!)).toBe(false);
    expect(cidrContainsIp(net, parseIp('::a00:1')!)).toBe(false);
    expect(cidrContainsCidr(net, parseCidr('10.1.0.0/16')!.cidr)).toBe(true);
    expect(cidrContainsCidr(parseCidr('10.1.0.0/16')!.cidr, net)).toBe(false);
    expect(cidrContainsIp(parseCidr('0.0.0.0/0')!.cidr, parseIp('1.2.3.4')!)).toBe(true);
  });

  it('picks the first host address as docs/language.md says', () => {
    expect(formatIp(firstHostAddress(parseCidr('10.0.1.0/24')!.cidr))).toBe('10.0.1.1');
    expect(formatIp(firstHostAddress(parseCidr('10.0.1.7')!.cidr))).toBe('10.0.1.7');
    expect(formatIp(firstHostAddress(parseCidr('2001:db8::/64')!.cidr))).toBe('2001:db8::1');
  });
});

describe('isCanonicalIpv4 (the fast path of canonicalIp)', () => {
  /** The general answer: an IPv4 address whose canonical text is itself. */
  const general = (text: string): boolean => {
    const ip = parseIp(text);
    return ip !== null && ip.family === 4 && formatIp(ip) === text;
  };

  it.each(['0.0.0.0', '10.0.24.101', '255.255.255.255', '1.2.3.4'])('accepts %s', (text) => {
    expect(isCanonicalIpv4(text)).toBe(true);
  });

  it.each(['010.0.0.1', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1..2.3', '1.2.3.4 ', '::1', ''])(
    'leaves %j to the general path',
    (text) => {
      expect(isCanonicalIpv4(text)).toBe(false);
      expect(canonicalIp(text)).toBe(parseIp(text) === null ? null : formatIp(parseIp(text)!));
    },
  );

  it('agrees with parsing and formatting on every input', () => {
    const quad = fc
      .array(fc.oneof(fc.nat(300).map(String), fc.constantFrom('00', '01', '007', '', 'x')), {
        minLength: 2,
        maxLength: 5,
      })
      .map((parts) => parts.join('.'));
    fc.assert(
      fc.property(fc.oneof(quad, fc.string({ maxLength: 16 })), (text) => {
        expect(isCanonicalIpv4(text)).toBe(general(text));
        // The same answer read from the text's bytes, in the middle of a buffer (bytes after
        // it that would continue an address change nothing).
        const bytes = Buffer.from(`,${text}.1`, 'latin1');
        const value = canonicalIpv4BytesValue(bytes, 1, bytes.length - 2);
        const parsed = parseIp(text);
        expect(value).toBe(general(text) ? Number(parsed!.value) : -1);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('canonicalIpv6BytesInto', () => {
  const group = fc.oneof(
    fc.constantFrom('0', '00', '0000', '1', '01', 'ffff', 'FFFF', 'Ab', 'db8', '12345', ''),
    fc.nat(0xffff).map((n) => n.toString(16)),
  );
  const text = fc.oneof(
    // Eight groups, some runs of zeros, written out or compressed anywhere.
    fc
      .tuple(fc.array(group, { minLength: 1, maxLength: 9 }), fc.nat(9), fc.boolean())
      .map(([groups, at, compress]) =>
        compress
          ? `${groups.slice(0, at).join(':')}::${groups.slice(at).join(':')}`
          : groups.join(':'),
      ),
    fc.nat(0xffff).map((n) => `::ffff:${n.toString(16)}:1`),
    fc.constantFrom('::', '::1', '1::', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8', '1::2::3', ':::'),
    fc.string({ maxLength: 12 }),
  );
  const out = new Int32Array(4);
  const words = new Int32Array(4);

  it('reads exactly the texts canonicalIp keeps as they are, and their words', () => {
    let read = 0;
    fc.assert(
      fc.property(text, (t) => {
        const bytes = Buffer.from(`,${t},`, 'latin1');
        const canonical = t.includes(':') && canonicalIp(t) === t && parseIp(t)?.family === 6;
        expect(canonicalIpv6BytesInto(bytes, 1, bytes.length - 1, out), t).toBe(canonical);
        if (!canonical) return;
        read++;
        parseIpInto(t, words);
        expect([...out]).toEqual([...words]);
      }),
      { numRuns: 5000 },
    );
    expect(read).toBeGreaterThan(500);
  });
});
