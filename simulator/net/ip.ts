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

function parseIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    if (part.length > 1 && part.startsWith('0')) return null; // no octal-looking octets
    const n = Number(part);
    if (n > 255) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | null {
  if (text.length === 0 || text.length > 45) return null;
  let head = text;
  let tailV4: bigint | null = null;
  // An embedded dotted IPv4 tail (::ffff:1.2.3.4) stands for the last two groups.
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.slice(lastColon + 1).includes('.')) {
    tailV4 = parseIpv4(text.slice(lastColon + 1));
    if (tailV4 === null) return null;
    // Keep a `::` that ends right before the IPv4 part; drop a single separating colon.
    head = text[lastColon - 1] === ':' ? text.slice(0, lastColon + 1) : text.slice(0, lastColon);
  }
  const groupsWanted = tailV4 === null ? 8 : 6;
  const doubleColon = head.indexOf('::');
  if (doubleColon !== head.lastIndexOf('::')) return null;
  let left: string[];
  let right: string[];
  if (doubleColon >= 0) {
    const l = head.slice(0, doubleColon);
    const r = head.slice(doubleColon + 2);
    left = l === '' ? [] : l.split(':');
    right = r === '' ? [] : r.split(':');
    if (left.length + right.length > groupsWanted - 1) return null;
  } else {
    left = head.split(':');
    right = [];
    if (left.length !== groupsWanted) return null;
  }
  const groups = [...left, ...Array(groupsWanted - left.length - right.length).fill('0'), ...right];
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  if (tailV4 !== null) value = (value << 32n) | tailV4;
  return value;
}

/** Parses an IPv4 or IPv6 address (no prefix, no zone index). Returns null if invalid. */
export function parseIp(text: string): IpAddress | null {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === null ? null : { family: 6, value };
  }
  const value = parseIpv4(text);
  return value === null ? null : { family: 4, value };
}

function mask(family: IpFamily, prefix: number): bigint {
  const bits = BigInt(familyBits(family));
  const p = BigInt(prefix);
  return ((1n << p) - 1n) << (bits - p);
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
  let prefix = familyBits(ip.family);
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return null;
    prefix = Number(p);
    if (prefix > familyBits(ip.family)) return null;
  }
  const value = ip.value & mask(ip.family, prefix);
  return { cidr: { family: ip.family, value, prefix }, hostBitsSet: value !== ip.value };
}

export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) {
    const v = ip.value;
    return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((ip.value >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952: compress the longest run (length ≥ 2) of zero groups, the first on ties.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLen).join(':');
  return `${left}::${right}`;
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
 * The first host address of a CIDR, as SPEC §4 "Resolution" uses for a node's source IP:
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
  // Flow files hold millions of addresses, nearly all IPv4 already in canonical form.
  if (isCanonicalIpv4(text)) return text;
  const ip = parseIp(text);
  return ip ? formatIp(ip) : null;
}

/**
 * True when `text` is an IPv4 address in canonical dotted-quad form (four decimal parts
 * 0-255 without leading zeros): the text is then its own canonical form. One pass, no
 * allocation; anything else (IPv6, other spellings, garbage) is false.
 */
export function isCanonicalIpv4(text: string): boolean {
  const n = text.length;
  if (n < 7 || n > 15) return false;
  let parts = 0;
  let value = 0;
  let digits = 0;
  let first = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 46; // a virtual '.' ends the last part
    if (c === 46) {
      if (digits === 0 || value > 255 || (digits > 1 && first === 48)) return false;
      parts++;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 0) first = c;
      value = value * 10 + (c - 48);
      if (++digits > 3) return false;
    } else {
      return false;
    }
  }
  return parts === 4;
}
