/**
 * Turns a plan's per-cell address sets into the entries allow-only targets write: "these
 * addresses on these ports". Addresses allowed on every protocol and port become one
 * entry without ports (the only way NetworkPolicy and Cilium allow ICMP); the rest is
 * grouped by identical address sets, so one entry lists all the ports that share them.
 */
import {
  EMPTY_SET,
  FULL_SET,
  intersect,
  ipSetKey,
  isEmpty,
  overlaps,
  subtract,
  toBlocks,
} from './model/ip-set.js';
import type { IpSet } from './model/ip-set.js';
import type { GroupPlan, PlanContext } from './role-plan.js';
import { mergeCells } from './model/service-cells.js';
import type { Cell } from './model/service-cells.js';

export interface AddressEntry {
  ips: IpSet;
  /** Port intervals per protocol; null means every protocol and port, ICMP included. */
  cells: Cell[] | null;
  /** Rules (by index, -1 for the default) whose decisions the entry carries. */
  rules: number[];
}

export interface AddressEntries {
  entries: AddressEntry[];
  /** What the entries enforce, per cell. */
  achieved: IpSet[];
}

function blockCost(set: IpSet): number {
  return toBlocks(set).reduce((n, b) => n + 1 + b.except.length, 0);
}

/**
 * Entries for one set per cell (`allowed` or `denied` of a plan). `icmpAlone` says
 * whether the target can select ICMP by itself; when it cannot, ICMP is enforced only
 * where everything is, and `achieved` shows what was lost.
 */
export function addressEntries(
  ctx: PlanContext,
  perCell: readonly IpSet[],
  contributors: (cell: number) => number[],
  destOf: (rule: number) => IpSet,
  icmpAlone: boolean,
): AddressEntries {
  const cells = ctx.space.cells;
  const everywhere = perCell.reduce((acc, set) => intersect(acc, set), FULL_SET);
  const entries: AddressEntry[] = [];
  const rulesFor = (cellIndexes: number[], ips: IpSet) => {
    const found = new Set<number>();
    for (const c of cellIndexes) {
      for (const r of contributors(c)) {
        if (r < 0 || overlaps(destOf(r), ips)) found.add(r);
      }
    }
    return [...found].sort((a, b) => a - b);
  };
  if (!isEmpty(everywhere)) {
    entries.push({
      ips: everywhere,
      cells: null,
      rules: rulesFor(
        cells.map((_, i) => i),
        everywhere,
      ),
    });
  }
  const groups = new Map<string, { full: IpSet; rest: IpSet; cells: number[] }>();
  cells.forEach((cell, c) => {
    if (cell.proto === 'icmp' && !icmpAlone) return;
    const full = perCell[c]!;
    const rest = subtract(full, everywhere);
    if (isEmpty(rest)) return;
    const key = ipSetKey(full);
    const group = groups.get(key) ?? { full, rest, cells: [] };
    group.cells.push(c);
    groups.set(key, group);
  });
  for (const group of groups.values()) {
    // Overlapping entries are fine in a union: write whichever of the two is shorter.
    const ips = blockCost(group.full) < blockCost(group.rest) ? group.full : group.rest;
    entries.push({
      ips,
      cells: mergeCells(group.cells.map((c) => cells[c]!)),
      rules: rulesFor(group.cells, ips),
    });
  }
  const achieved = cells.map((cell, c) =>
    cell.proto === 'icmp' && !icmpAlone ? intersect(perCell[c]!, everywhere) : perCell[c]!,
  );
  return { entries, achieved };
}

/** The allow entries of a plan. */
export function allowEntries(
  ctx: PlanContext,
  plan: GroupPlan,
  icmpAlone: boolean,
): AddressEntries {
  return addressEntries(
    ctx,
    plan.decisions.map((d) => d.allowed),
    (c) => plan.decisions[c]!.allowRules,
    (r) => plan.projections[r]?.dest ?? EMPTY_SET,
    icmpAlone,
  );
}
