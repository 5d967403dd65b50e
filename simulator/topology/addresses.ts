/**
 * Address fields of a topology: zone CIDRs and node addresses are parsed once, normalised
 * to canonical text (host bits cleared, IPv6 compressed), and kept with their parsed form
 * for the cross-checks between nodes and zones.
 */
import type { Cidr } from '../net/ip.js';
import { cidrContainsCidr, familyBits, formatCidr, formatIp, parseCidr } from '../net/ip.js';

export type AddressCheck =
  { ok: true; canonical: string; cidr: Cidr; hostBitsSet: boolean } | { ok: false };

/** A zone CIDR: always written with its prefix (`10.0.0.0/16`, a lone address as `/32`). */
export function checkZoneCidr(text: string): AddressCheck {
  const parsed = parseCidr(text);
  if (!parsed) return { ok: false };
  return {
    ok: true,
    canonical: formatCidr(parsed.cidr),
    cidr: parsed.cidr,
    hostBitsSet: parsed.hostBitsSet,
  };
}

/** A node address: an IP stays a bare IP, a CIDR stays a CIDR (`10.0.1.5/32` is kept). */
export function checkNodeAddress(text: string): AddressCheck {
  const parsed = parseCidr(text);
  if (!parsed) return { ok: false };
  const canonical = text.includes('/')
    ? formatCidr(parsed.cidr)
    : formatIp({ family: parsed.cidr.family, value: parsed.cidr.value });
  return { ok: true, canonical, cidr: parsed.cidr, hostBitsSet: parsed.hostBitsSet };
}

export function containsAddress(networks: readonly Cidr[], address: Cidr): boolean {
  return networks.some((n) => cidrContainsCidr(n, address));
}

/** The index of the network that contains `address` with the longest prefix (first on ties). */
export function longestMatch(networks: readonly Cidr[], address: Cidr): number {
  let best = -1;
  let bestPrefix = -1;
  networks.forEach((n, i) => {
    if (n.prefix > bestPrefix && cidrContainsCidr(n, address)) {
      best = i;
      bestPrefix = n.prefix;
    }
  });
  return best;
}

/** `10.0.0.0/16` style text of an address for messages (a lone address without prefix). */
export function cidrText(cidr: Cidr): string {
  return cidr.prefix === familyBits(cidr.family)
    ? formatIp({ family: cidr.family, value: cidr.value })
    : formatCidr(cidr);
}
