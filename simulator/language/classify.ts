/** What a word looks like (see `ItemShape`); the checker decides if it fits its place. */
import type { ItemShape } from './ast.js';

const SERVICE = /^(?:tcp|udp|icmp)(?:\/.*)?$/;
const IPV4_LIKE = /^[0-9][0-9.]*(?:\/.*)?$/;
const HEX = /^[0-9a-fA-F]*$/;
const NAME = /^[a-z][a-z0-9_-]*$/;

export function classifyItem(text: string): ItemShape {
  if (text === 'any') return 'any';
  // A quoted word is never valid; 'word' lets the checker say "remove the quotes".
  if (/^["'`]/.test(text)) return 'word';
  if (text.startsWith('/')) return 'path';
  const colon = text.indexOf(':');
  if (colon >= 0) {
    const prefix = text.slice(0, colon);
    if (prefix === 'role' || prefix === 'node' || prefix === 'zone') return prefix;
    // `fd00:…`, `::1`, `dead:beef::/32`: an IPv6 address starts with a hex group (or `::`).
    if (HEX.test(prefix)) return 'address';
    return 'prefix';
  }
  if (SERVICE.test(text)) return 'service';
  if (IPV4_LIKE.test(text) && text.includes('.')) return 'address';
  if (text.includes('.') || text.startsWith('*')) return 'domain';
  if (NAME.test(text)) return 'name';
  return 'word';
}
