/**
 * IPv4 and IPv6 addresses and CIDRs, parsed into numbers so that containment is arithmetic.
 * IPv4 values are held as bigint too, so that one code path serves both families; the
 * matcher converts to its own fast representation when it compiles.
 */

export type IpFamily = 4 | 6;

export interface IpAddress {
  family: IpFamily;
  value: bigint;
}

export interface Cidr {
  family: IpFamily;
  /** Network address with host bits cleared. */
  value: bigint;
  prefix: number;
}

export interface ParsedCidr {
  cidr: Cidr;
  /** True when the text had host bits set (a warning; the CIDR is normalised). */
  hostBitsSet: boolean;
}

const V4_BITS = 32;
const V6_BITS = 128;

export function familyBits(family: IpFamily): number {
  return family === 4 ? V4_BITS : V6_BITS;
}

const DOT = 46;
const COLON = 58;

/**
 * The value of the dotted-quad IPv4 address in `text[from, to)`, or -1: four decimal parts
 * of 1-3 digits, each at most 255, without leading zeros (no octal-looking octets). Read
 * character by character: checks and flow files parse thousands of addresses.
 */
function parseIpv4Number(text: string, from: number, to: number): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let first = 0;
  let parts = 0;
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charCodeAt(i) : DOT; // a virtual '.' ends the last part
    if (c === DOT) {
      if (digits === 0 || part > 255 || (digits > 1 && first === 48) || ++parts > 4) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 0) first = c;
      if (++digits > 3) return -1;
      part = part * 10 + (c - 48);
    } else {
      return -1;
    }
  }
  return parts === 4 ? value : -1;
}

/**
 * The IPv4 address (0 … 2^32 − 1) written in the ASCII bytes `bytes[from, to)` when
 * `isCanonicalIpv4` holds for them, else -1; without making them a string: for flow files read
 * from their bytes (test/net/ip.test.ts holds the two together).
 */
export function canonicalIpv4BytesValue(bytes: Uint8Array, from: number, to: number): number {
  if (to - from < 7 || to - from > 15) return -1;
  let value = 0;
  let i = from;
  for (let part = 0; part < 4; part++) {
    if (part > 0 && (i >= to || bytes[i++] !== DOT)) return -1;
    let octet = bytes[i]! - 48;
    if (i++ >= to || octet < 0 || octet > 9) return -1;
    // A leading zero is a part of its own ("0"): the next byte must then end the part.
    for (let k = 0; octet !== 0 && k < 2 && i < to; k++, i++) {
      const digit = bytes[i]! - 48;
      if (digit < 0 || digit > 9) break;
      octet = octet * 10 + digit;
    }
    if (octet > 255) return -1;
    value = value * 256 + octet;
  }
  return i === to ? value : -1;
}

/** Groups of the IPv6 address being read by `canonicalIpv6BytesInto`. */
const BYTE_GROUPS = new Int32Array(8);

/**
 * When the ASCII bytes `bytes[from, to)` are an IPv6 address written exactly as `canonicalIp`
 * writes it (lower case, no leading zeros, the first longest run of two or more zero groups
 * as `::`, not IPv4-mapped), writes its four words (as `parseIpInto` does) to `out` and
 * returns true; without making the bytes a string: for flow files read from their bytes
 * (test/net/ip.test.ts holds it to `canonicalIp`).
 */
export function canonicalIpv6BytesInto(
  bytes: Uint8Array,
  from: number,
  to: number,
  out: Int32Array,
): boolean {
  if (to - from < 2 || to - from > 39) return false;
  const g = BYTE_GROUPS;
  let n = 0;
  /** Groups read before the `::`, or -1 without one. */
  let gap = -1;
  let i = from;
  if (bytes[i] === COLON) {
    if (bytes[i + 1] !== COLON) return false;
    gap = 0;
    i += 2;
  }
  while (i < to) {
    // A group: one to four lower-case hex digits, the first not a zero unless alone.
    const start = i;
    let value = 0;
    for (; i < to && i - start < 5; i++) {
      const c = bytes[i]!;
      if (c >= 48 && c <= 57) value = value * 16 + c - 48;
      else if (c >= 97 && c <= 102) value = value * 16 + c - 87;
      else break;
    }
    const digits = i - start;
    if (digits === 0 || digits > 4 || n === 8) return false;
    if (digits > 1 && bytes[start] === 48) return false;
    g[n++] = value;
    if (i === to) break;
    if (bytes[i] !== COLON || ++i === to) return false;
    if (bytes[i] === COLON) {
      if (gap >= 0) return false;
      gap = n;
      i++;
    }
  }
  if (gap < 0 ? n !== 8 : n > 6) return false;
  if (gap >= 0) {
    // The groups after the `::` move to the end; zeros fill the run.
    const after = n - gap;
    for (let k = 0; k < after; k++) g[7 - k] = g[n - 1 - k]!;
    for (let k = gap; k < 8 - after; k++) g[k] = 0;
  }
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return false; // IPv4-mapped: canonical as IPv4
  }
  // The `::` must stand for exactly the run formatGroups compresses (none, without a `::`).
  const run = zeroRun(g);
  if (gap < 0 ? run >= 0 : run !== gap * ZERO_RUN_START + 8 - n) return false;
  for (let w = 0; w < 4; w++) out[w] = (g[2 * w]! << 16) | g[2 * w + 1]!;
  return true;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Reads the colon-separated hex groups of `text[from, to)` into `groups[at..limit)`.
 * Returns how many were read, or -1 when a group is empty, longer than four digits, not
 * hex, or would not fit.
 */
function readGroups(
  text: string,
  from: number,
  to: number,
  groups: number[],
  at: number,
  limit: number,
): number {
  if (from === to) return 0;
  let count = 0;
  let value = 0;
  let digits = 0;
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charCodeAt(i) : COLON; // a virtual ':' ends the last group
    if (c === COLON) {
      if (digits === 0 || at + count >= limit) return -1;
      groups[at + count++] = value;
      value = 0;
      digits = 0;
    } else {
      const d = hexDigit(c);
      if (d < 0 || ++digits > 4) return -1;
      value = value * 16 + d;
    }
  }
  return count;
}

/**
 * Reads an IPv6 address into eight 16-bit `groups`; false when the text is not one. Numbers
 * only, no bigint: flow files canonicalise millions of addresses.
 */
function readIpv6(text: string, groups: number[]): boolean {
  const n = text.length;
  if (n === 0 || n > 45) return false;
  let end = n;
  let wanted = 8;
  // An embedded dotted IPv4 tail (::ffff:1.2.3.4) stands for the last two groups.
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.indexOf('.', lastColon + 1) >= 0) {
    const v4 = parseIpv4Number(text, lastColon + 1, n);
    if (v4 < 0) return false;
    groups[6] = Math.floor(v4 / 65536);
    groups[7] = v4 % 65536;
    wanted = 6;
    // Keep a `::` that ends right before the IPv4 part; drop a single separating colon.
    end = text.charCodeAt(lastColon - 1) === COLON ? lastColon + 1 : lastColon;
  }
  const doubleColon = text.indexOf('::');
  if (doubleColon < 0) return readGroups(text, 0, end, groups, 0, wanted) === wanted;
  if (text.indexOf('::', doubleColon + 1) >= 0) return false;
  const left = readGroups(text, 0, doubleColon, groups, 0, wanted);
  if (left < 0) return false;
  const right = readGroups(text, doubleColon + 2, end, groups, left, wanted);
  if (right < 0 || left + right > wanted - 1) return false;
  // The groups after `::` belong at the end; `::` stands for the zeros in between.
  for (let i = right - 1; i >= 0; i--) groups[wanted - right + i] = groups[left + i]!;
  for (let i = left; i < wanted - right; i++) groups[i] = 0;
  return true;
}

function parseIpv6(text: string): bigint | null {
  const g = [0, 0, 0, 0, 0, 0, 0, 0];
  if (!readIpv6(text, g)) return null;
  return (
    (BigInt(g[0]! * 65536 + g[1]!) << 96n) |
    (BigInt(g[2]! * 65536 + g[3]!) << 64n) |
    (BigInt(g[4]! * 65536 + g[5]!) << 32n) |
    BigInt(g[6]! * 65536 + g[7]!)
  );
}

/** `zeroRun`'s result is `start * ZERO_RUN_START + length`. */
const ZERO_RUN_START = 16;

/**
 * The run of zero groups RFC 5952 writes as `::`: the longest of two or more (the first of
 * the longest wins ties), as `start * ZERO_RUN_START + length`; -1 when there is none.
 */
function zeroRun(groups: ArrayLike<number>): number {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  return bestStart < 0 ? -1 : bestStart * ZERO_RUN_START + bestLength;
}

/** RFC 5952 text of eight groups: lower-case hex, the longest run (≥ 2) of zeros as `::`. */
function formatGroups(groups: readonly number[]): string {
  const run = zeroRun(groups);
  const bestStart = run < 0 ? -1 : Math.floor(run / ZERO_RUN_START);
  const bestLen = run < 0 ? 0 : run % ZERO_RUN_START;
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += '::';
      i += bestLen - 1;
    } else {
      text += (i === 0 || i === bestStart + bestLen ? '' : ':') + groups[i]!.toString(16);
    }
  }
  return text;
}

/** `::ffff:0:0/96`: an IPv6 address here is an IPv4 address on the wire (RFC 4291 §2.5.5.2). */
const MAPPED_HIGH_BITS = 0xffffn;
const MAPPED_BITS = 96;

/**
 * Parses an IPv4 or IPv6 address (no prefix, no zone index). Returns null if invalid.
 * An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, `::ffff:a00:1`) is the IPv4 address it
 * carries (docs/language.md "IPv4-mapped addresses"): family 4, so that IPv4 rules judge it.
 */
export function parseIp(text: string): IpAddress | null {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    if (value === null) return null;
    if (value >> 32n === MAPPED_HIGH_BITS) return { family: 4, value: value & 0xffffffffn };
    return { family: 6, value };
  }
  const value = parseIpv4Number(text, 0, text.length);
  return value < 0 ? null : { family: 4, value: BigInt(value) };
}

/** The network masks of each family by prefix length, made once. */
const MASKS: Record<IpFamily, bigint[]> = { 4: masks(V4_BITS), 6: masks(V6_BITS) };

function masks(bits: number): bigint[] {
  const out: bigint[] = [];
  for (let p = 0; p <= bits; p++) out.push(((1n << BigInt(p)) - 1n) << BigInt(bits - p));
  return out;
}

function mask(family: IpFamily, prefix: number): bigint {
  return MASKS[family][prefix]!;
}

/**
 * Parses `ADDR/PREFIX` or a bare address (full prefix). Returns null if invalid.
 * Host bits are cleared and reported through `hostBitsSet`.
 */
export function parseCidr(text: string): ParsedCidr | null {
  const slash = text.indexOf('/');
  const addrText = slash >= 0 ? text.slice(0, slash) : text;
  const ip = parseIp(addrText);
  if (!ip) return null;
  // A mapped address counts its prefix over all 128 bits: `::ffff:10.0.0.0/104` is 10.0.0.0/8.
  const mapped = ip.family === 4 && addrText.includes(':');
  let prefix = familyBits(ip.family);
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return null;
    prefix = Number(p);
    if (mapped) {
      // Shorter than /96, the network would reach past the mapped range into IPv6.
      if (prefix < MAPPED_BITS || prefix > V6_BITS) return null;
      prefix -= MAPPED_BITS;
    }
    if (prefix > familyBits(ip.family)) return null;
  }
  const value = ip.value & mask(ip.family, prefix);
  return { cidr: { family: ip.family, value, prefix }, hostBitsSet: value !== ip.value };
}

export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) {
    const v = Number(ip.value);
    return `${Math.floor(v / 16777216)}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
  const groups: number[] = [];
  for (let shift = 96n; shift >= 0n; shift -= 32n) {
    const word = Number(BigInt.asUintN(32, ip.value >> shift));
    groups.push(Math.floor(word / 65536), word % 65536);
  }
  return formatGroups(groups);
}

/** Canonical text `addr/prefix` (always with the prefix). */
export function formatCidr(cidr: Cidr): string {
  return `${formatIp({ family: cidr.family, value: cidr.value })}/${cidr.prefix}`;
}

/** Canonical text: a bare address when the prefix is full, else `addr/prefix`. */
export function formatCidrShort(cidr: Cidr): string {
  const ip = formatIp({ family: cidr.family, value: cidr.value });
  return cidr.prefix === familyBits(cidr.family) ? ip : `${ip}/${cidr.prefix}`;
}

export function cidrContainsIp(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.family !== ip.family) return false;
  return (ip.value & mask(cidr.family, cidr.prefix)) === cidr.value;
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContainsCidr(outer: Cidr, inner: Cidr): boolean {
  return (
    outer.family === inner.family &&
    inner.prefix >= outer.prefix &&
    (inner.value & mask(outer.family, outer.prefix)) === outer.value
  );
}

/**
 * The first host address of a CIDR, as docs/language.md "Resolution" uses for a node's source IP:
 * the address itself for a full-length prefix, the network address + 1 otherwise (for /31,
 * /127 and wider prefixes alike, the first address after the network address).
 */
export function firstHostAddress(cidr: Cidr): IpAddress {
  const full = familyBits(cidr.family);
  if (cidr.prefix >= full - 1) return { family: cidr.family, value: cidr.value };
  return { family: cidr.family, value: cidr.value + 1n };
}

/** Canonical text of an IP string, or null if it is not an address. */
export function canonicalIp(text: string): string | null {
  // Flow files hold millions of addresses. An IPv4 address has one spelling (leading zeros
  // are refused), so a valid one is canonical already; IPv6 goes through its groups.
  if (!text.includes(':')) return isCanonicalIpv4(text) ? text : null;
  if (!readIpv6(text, CANONICAL_GROUPS)) return null;
  const g = CANONICAL_GROUPS;
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`;
  }
  return formatGroups(g);
}

/**
 * True when `text` (an address or CIDR) is written as an IPv4-mapped IPv6 address, which
 * is read as its IPv4 form: checks warn and suggest that form.
 */
export function isIpv4MappedText(text: string): boolean {
  const slash = text.indexOf('/');
  const address = slash >= 0 ? text.slice(0, slash) : text;
  return address.includes(':') && parseIp(address)?.family === 4;
}

/** True when `text` writes an IPv4-mapped address with a prefix shorter than /96. */
export function isMappedPrefixTooShort(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0 || !isIpv4MappedText(text)) return false;
  const prefix = text.slice(slash + 1);
  return /^\d{1,3}$/.test(prefix) && Number(prefix) < MAPPED_BITS;
}

/** Scratch groups of `canonicalIp` (filled completely by every successful read). */
const CANONICAL_GROUPS = [0, 0, 0, 0, 0, 0, 0, 0];

/**
 * True when `text` is an IPv4 address in canonical dotted-quad form (four decimal parts
 * 0-255 without leading zeros): the text is then its own canonical form. One pass, no
 * allocation; anything else (IPv6, other spellings, garbage) is false.
 */
export function isCanonicalIpv4(text: string): boolean {
  return text.length >= 7 && text.length <= 15 && parseIpv4Number(text, 0, text.length) >= 0;
}
