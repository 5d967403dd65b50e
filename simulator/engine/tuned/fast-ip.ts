/**
 * Allocation-free IP parsing for the matcher's hot path. `simulator/net/ip.ts` is the source
 * of truth (bigint values, one code path for both families); this module accepts exactly the
 * same texts but produces plain numbers: an IPv4 address as one int32, an IPv6 address as
 * four int32 words (most significant first). Addresses, masks and networks are all signed
 * int32 so that `(ip & mask) === net` is one comparison and nothing is boxed.
 *
 * Tuned for: the matcher's per-flow address parsing (no bigint, no allocation). Plain
 * reference: `parseIp` in simulator/net/ip.ts; tests: test/engine/structures.test.ts
 * ("parseIpInto") and the differential test.
 */
import type { Cidr, IpAddress } from '../../net/ip.js';
import { parseIp } from '../../net/ip.js';

/**
 * Parses dotted IPv4 text into `out[at]` (as int32); false if invalid. Same acceptance as
 * `parseIp`: four decimal octets ≤ 255, no leading zeros.
 */
export function parseIpv4Into(text: string, out: Int32Array, at: number): boolean {
  const len = text.length;
  if (len < 7 || len > 15) return false;
  let value = 0;
  let part = 0;
  let digits = 0;
  let leadingZero = false;
  let dots = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return false;
      value = (value << 8) | part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (leadingZero && digits === 1) return false; // `01` looks octal: rejected like parseIp
      leadingZero = digits === 0 && c === 48;
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return false;
    } else {
      return false;
    }
  }
  if (dots !== 3 || digits === 0) return false;
  out[at] = (value << 8) | part;
  return true;
}

const scratch = new Int32Array(1);

/** Parses dotted IPv4 text into 0…2^32-1, or returns -1 (for indexes and tests). */
export function parseIpv4Number(text: string): number {
  return parseIpv4Into(text, scratch, 0) ? scratch[0]! >>> 0 : -1;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function wordsFromBigint(value: bigint, out: Int32Array): void {
  for (let i = 0; i < 4; i++) out[i] = Number((value >> BigInt(96 - 32 * i)) & 0xffffffffn) | 0;
}

const groups = new Int32Array(9);

/**
 * IPv6 text with an embedded IPv4 tail (::ffff:1.2.3.4) is rare: use the shared parser. It
 * reads a mapped address as IPv4; here it goes back into words, as the caller expects.
 */
function parseIpv6Slow(text: string, out: Int32Array): boolean {
  const ip = parseIp(text);
  if (ip === null) return false;
  wordsFromBigint(ip.family === 6 ? ip.value : ip.value | (0xffffn << 32n), out);
  return true;
}

/**
 * Parses IPv6 text into four words; false if invalid. Same acceptance as `parseIp`, but an
 * IPv4-mapped address stays in its 128-bit form: `parseIpInto` turns it into IPv4.
 */
export function parseIpv6Into(text: string, out: Int32Array): boolean {
  const len = text.length;
  if (len < 2 || len > 45) return false;
  let n = 0; // groups read
  let gap = -1; // index of the group where `::` stands
  let value = 0;
  let digits = 0;
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
  }
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === 58) {
      if (digits === 0 || n === 8) return false;
      groups[n++] = value;
      value = 0;
      digits = 0;
      if (text.charCodeAt(i + 1) === 58) {
        if (gap >= 0) return false;
        gap = n;
        i += 2;
      } else {
        i++;
        if (i === len) return false; // a single trailing colon
      }
    } else {
      const h = hexValue(c);
      if (h < 0) return c === 46 ? parseIpv6Slow(text, out) : false;
      if (++digits > 4) return false;
      value = value * 16 + h;
      i++;
    }
  }
  if (digits > 0) {
    if (n === 8) return false;
    groups[n++] = value;
  }
  if (gap < 0) {
    if (n !== 8) return false;
  } else {
    if (n > 7) return false;
    const tail = n - gap;
    for (let k = tail - 1; k >= 0; k--) groups[8 - tail + k] = groups[gap + k]!;
    for (let k = gap; k < 8 - tail; k++) groups[k] = 0;
  }
  for (let k = 0; k < 4; k++) out[k] = (groups[2 * k]! << 16) | groups[2 * k + 1]!;
  return true;
}

/**
 * Parses an IPv4 or IPv6 address into `out` (IPv4: out[0] as int32; IPv6: four words) and
 * returns its family, or 0 when the text is not an address. Same acceptance and family as
 * `parseIp`: an IPv4-mapped address (`::ffff:a.b.c.d`) is IPv4.
 */
export function parseIpInto(text: string, out: Int32Array): number {
  if (parseIpv4Into(text, out, 0)) return 4;
  // parseIp reads any text with a colon as IPv6; an IPv4 never has one.
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 58) continue;
    if (!parseIpv6Into(text, out)) return 0;
    if (out[0] !== 0 || out[1] !== 0 || out[2] !== 0xffff) return 6;
    out[0] = out[3]!;
    return 4;
  }
  return 0;
}

/** The int32 mask of an IPv4 prefix length. */
export function maskV4(prefix: number): number {
  return prefix === 0 ? 0 : (-1 << (32 - prefix)) | 0;
}

/** Word `word` (0…3) of the int32 masks of an IPv6 prefix length. */
export function maskV6Word(prefix: number, word: number): number {
  const bits = Math.min(32, Math.max(0, prefix - 32 * word));
  return maskV4(bits);
}

/** An IPv4 CIDR as `[net, mask]` int32 values. */
export function cidrV4(cidr: Cidr): [number, number] {
  const mask = maskV4(cidr.prefix);
  return [Number(cidr.value) & mask, mask];
}

/** An IPv6 CIDR as eight int32 values: four network words then four mask words. */
export function cidrV6(cidr: Cidr): Int32Array {
  const out = new Int32Array(8);
  const words = new Int32Array(4);
  wordsFromBigint(cidr.value, words);
  for (let i = 0; i < 4; i++) {
    const mask = maskV6Word(cidr.prefix, i);
    out[i] = words[i]! & mask;
    out[4 + i] = mask;
  }
  return out;
}

/** An address in the hot-path representation. */
export interface FastIp {
  family: 4 | 6;
  /** IPv4 value as int32; 0 for IPv6. */
  v4: number;
  /** IPv6 words; zeros for IPv4. */
  v6: Int32Array;
}

export function fastIpFrom(ip: IpAddress): FastIp {
  const v6 = new Int32Array(4);
  if (ip.family === 6) wordsFromBigint(ip.value, v6);
  return { family: ip.family, v4: ip.family === 4 ? Number(ip.value) | 0 : 0, v6 };
}

/** Back to the shared representation (for explain and other readable output). */
export function ipAddressFromFast(family: 4 | 6, v4: number, v6: Int32Array): IpAddress {
  if (family === 4) return { family: 4, value: BigInt(v4 >>> 0) };
  let value = 0n;
  for (let i = 0; i < 4; i++) value = (value << 32n) | BigInt(v6[i]! >>> 0);
  return { family: 6, value };
}

/** Does the IPv6 address (four words) lie in the CIDR stored at `at` of `cidrs` (eight words)? */
export function v6InCidr(ip: Int32Array, cidrs: Int32Array, at: number): boolean {
  return (
    (ip[0]! & cidrs[at + 4]!) === cidrs[at]! &&
    (ip[1]! & cidrs[at + 5]!) === cidrs[at + 1]! &&
    (ip[2]! & cidrs[at + 6]!) === cidrs[at + 2]! &&
    (ip[3]! & cidrs[at + 7]!) === cidrs[at + 3]!
  );
}
