/**
 * A node's "first address" (docs/language.md "Resolution"): its first address entry, as the address
 * itself or, for a CIDR, the CIDR's first host address. Entries that do not parse are skipped
 * (the topology loader reports them); a node without a usable entry has no first address.
 */
import type { TopologyNode } from '../core/model.js';
import { firstHostAddress, parseCidr } from '../net/ip.js';
import type { IpAddress } from '../net/ip.js';

export function firstAddressOf(node: TopologyNode): IpAddress | null {
  for (const text of node.addresses) {
    const parsed = parseCidr(text);
    if (parsed) return firstHostAddress(parsed.cidr);
  }
  return null;
}
