/**
 * The service axis cut into cells: for tcp and udp, the port intervals between every
 * boundary any rule mentions; icmp is one cell. Inside a cell every rule either covers all
 * ports or none, so a first-match policy decides each cell by addresses alone.
 */
import type { Protocol, Rule, ServiceItem } from '../../core/model.js';

export interface Cell {
  proto: Protocol;
  /** Port interval (inclusive); 0–0 for icmp. */
  lo: number;
  hi: number;
}

export const PORT_MIN = 1;
export const PORT_MAX = 65535;

export interface CellSpace {
  cells: Cell[];
  /** For every rule (by index), which cells its `on` clause covers. */
  coverage: Uint8Array[];
}

function boundaries(
  rules: readonly Rule[],
  proto: 'tcp' | 'udp',
  extra: readonly { lo: number; hi: number }[],
): number[] {
  const cuts = new Set<number>([PORT_MIN, PORT_MAX + 1]);
  for (const r of extra) {
    cuts.add(r.lo);
    cuts.add(r.hi + 1);
  }
  for (const rule of rules) {
    for (const item of rule.services ?? []) {
      if (item.kind === 'proto' && item.proto === proto && item.ports !== undefined) {
        cuts.add(item.ports.lo);
        cuts.add(item.ports.hi + 1);
      }
    }
  }
  return [...cuts].sort((a, b) => a - b);
}

function itemCovers(item: ServiceItem, cell: Cell): boolean {
  if (item.kind === 'any') return true;
  if (item.proto !== cell.proto) return false;
  if (item.ports === undefined) return true;
  return item.ports.lo <= cell.lo && cell.hi <= item.ports.hi;
}

export function servicesCover(services: readonly ServiceItem[] | null, cell: Cell): boolean {
  return services === null || services.some((s) => itemCovers(s, cell));
}

export function buildCellSpace(
  rules: readonly Rule[],
  extraTcpPorts: readonly { lo: number; hi: number }[] = [],
): CellSpace {
  const cells: Cell[] = [];
  for (const proto of ['tcp', 'udp'] as const) {
    const cuts = boundaries(rules, proto, proto === 'tcp' ? extraTcpPorts : []);
    for (let i = 0; i + 1 < cuts.length; i++) {
      cells.push({ proto, lo: cuts[i]!, hi: cuts[i + 1]! - 1 });
    }
  }
  cells.push({ proto: 'icmp', lo: 0, hi: 0 });
  const coverage = rules.map((rule) =>
    Uint8Array.from(cells, (c) => (servicesCover(rule.services, c) ? 1 : 0)),
  );
  return { cells, coverage };
}

export function cellText(cell: Cell): string {
  if (cell.proto === 'icmp') return 'icmp';
  if (cell.lo === PORT_MIN && cell.hi === PORT_MAX) return cell.proto;
  return cell.lo === cell.hi ? `${cell.proto}/${cell.lo}` : `${cell.proto}/${cell.lo}-${cell.hi}`;
}

/** Merges cells into per-protocol port intervals (adjacent cells join). */
export function mergeCells(cells: readonly Cell[]): Cell[] {
  const sorted = [...cells].sort((a, b) =>
    a.proto !== b.proto ? (a.proto < b.proto ? -1 : 1) : a.lo - b.lo,
  );
  const out: Cell[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && last.proto === c.proto && last.hi + 1 === c.lo) {
      out[out.length - 1] = { proto: c.proto, lo: last.lo, hi: c.hi };
    } else {
      out.push({ ...c });
    }
  }
  return out;
}

/** True when the cells cover every port of tcp and udp, and icmp. */
export function coversEverything(cells: readonly Cell[]): boolean {
  const merged = mergeCells(cells);
  const full = (proto: Protocol) =>
    merged.some((c) => c.proto === proto && c.lo === PORT_MIN && c.hi === PORT_MAX);
  return full('tcp') && full('udp') && merged.some((c) => c.proto === 'icmp');
}
