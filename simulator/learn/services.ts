/**
 * Services as seen (docs/traffic.md "What learn proposes"): one item per protocol and port,
 * contiguous ports of a protocol joined into a range (`tcp/8000-8002`), icmp as `icmp`.
 */
import type { Protocol } from '../core/model.js';

/** Ports that need no second look: web, DNS and NTP. Anything else is flagged. */
export const USUAL_SERVICES: ReadonlySet<string> = new Set([
  'tcp/80',
  'tcp/443',
  'tcp/53',
  'udp/53',
  'udp/123',
]);

export function serviceKey(proto: Protocol, port: number | undefined): string {
  return port === undefined ? proto : `${proto}/${port}`;
}

/** `keys` as `serviceKey` gives them, as policy service items: tcp, then udp, then icmp. */
export function serviceItems(keys: Iterable<string>): string[] {
  const ports: Record<'tcp' | 'udp', number[]> = { tcp: [], udp: [] };
  let icmp = false;
  for (const key of new Set(keys)) {
    if (key === 'icmp') icmp = true;
    else {
      const [proto, port] = key.split('/') as ['tcp' | 'udp', string];
      ports[proto].push(Number(port));
    }
  }
  const out: string[] = [];
  for (const proto of ['tcp', 'udp'] as const) {
    const sorted = ports[proto].sort((a, b) => a - b);
    for (let i = 0; i < sorted.length;) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
      out.push(j === i ? `${proto}/${sorted[i]}` : `${proto}/${sorted[i]}-${sorted[j]}`);
      i = j + 1;
    }
  }
  if (icmp) out.push('icmp');
  return out;
}
