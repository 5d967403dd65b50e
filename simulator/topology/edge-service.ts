/**
 * An edge's service (docs/topology.md): one concrete connection — `tcp/P`, `udp/P`, `icmp`, or a
 * port range `tcp/LO-HI` (edge conformance checks a range at its lowest port). Case and
 * leading zeros are normalised so that saving writes one spelling.
 */
import type { Protocol } from '../core/model.js';

export type EdgeServiceCheck =
  | { ok: true; canonical: string; proto: Protocol; lo?: number; hi?: number }
  | { ok: false; problem: 'not-concrete' }
  | { ok: false; problem: 'port-range'; port: string }
  | { ok: false; problem: 'reversed'; fixed: string };

const MAX_PORT = 65535;

export function checkEdgeService(text: string): EdgeServiceCheck {
  const lower = text.trim().toLowerCase();
  if (lower === 'icmp') return { ok: true, canonical: 'icmp', proto: 'icmp' };
  const m = /^(tcp|udp)\/(\d+)(?:-(\d+))?$/.exec(lower);
  if (!m) return { ok: false, problem: 'not-concrete' };
  const proto = m[1] as Protocol;
  const loText = m[2]!;
  const hiText = m[3] ?? loText;
  for (const port of [loText, hiText]) {
    const n = Number(port);
    if (n < 1 || n > MAX_PORT) return { ok: false, problem: 'port-range', port };
  }
  const lo = Number(loText);
  const hi = Number(hiText);
  if (lo > hi) return { ok: false, problem: 'reversed', fixed: `${proto}/${hi}-${lo}` };
  const canonical = lo === hi ? `${proto}/${lo}` : `${proto}/${lo}-${hi}`;
  return { ok: true, canonical, proto, lo, hi };
}

/**
 * The flow an edge's service stands for: its protocol and port (a range's lowest port), or
 * null when the service is not concrete. The one reading of an edge's service: validation,
 * edge conformance and the exporters' audits all go through `checkEdgeService`.
 */
export function parseEdgeService(text: string): { proto: Protocol; port?: number } | null {
  const check = checkEdgeService(text);
  if (!check.ok) return null;
  return check.proto === 'icmp' ? { proto: 'icmp' } : { proto: check.proto, port: check.lo! };
}
