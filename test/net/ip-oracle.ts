/**
 * The first, string-based IP parser and formatter of `simulator/net/ip.ts`, kept as the
 * oracle for the character-level one that replaced it (split and regular expressions, one
 * bigint step per group: slow, and obviously right).
 */

function parseIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    if (part.length > 1 && part.startsWith('0')) return null;
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
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.slice(lastColon + 1).includes('.')) {
    tailV4 = parseIpv4(text.slice(lastColon + 1));
    if (tailV4 === null) return null;
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

export function oracleParseIp(text: string): { family: 4 | 6; value: bigint } | null {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    if (value === null) return null;
    // An IPv4-mapped address (::ffff:0:0/96) is the IPv4 address it carries.
    if (value >> 32n === 0xffffn) return { family: 4, value: value & 0xffffffffn };
    return { family: 6, value };
  }
  const value = parseIpv4(text);
  return value === null ? null : { family: 4, value };
}
