/**
 * In-cluster destinations. Internal nodes of the topology are the pods the export
 * selects (by role label), so an allowed address set that contains every pod of a role
 * can also name them by label: NetworkPolicy gets a `podSelector` next to its `ipBlock`s
 * (which CNIs may or may not apply to pod addresses), and Cilium needs `toEndpoints`
 * because its CIDR rules never match pods it manages.
 */
import type { TopologyNode } from '../core/model.js';
import { EMPTY_SET, ipSetKey, isEmpty, isSubset, unionAll } from './model/ip-set.js';
import type { IpSet } from './model/ip-set.js';
import type { PlanContext } from './role-plan.js';
import type { SourceGroup } from './source-groups.js';

/**
 * Role groups all of whose pods lie inside `ips` (every member has addresses, all inside).
 * Never the role-less group: "no role label" would also select pods the topology does not
 * know, so those are reached by address only.
 */
export function coveredGroups(
  ctx: PlanContext,
  groups: readonly SourceGroup[],
  ips: IpSet,
): SourceGroup[] {
  // Targets ask again for the same sets cell after cell and group after group.
  const memo = memoOf(groups);
  const key = ipSetKey(ips);
  const known = memo.covered.get(key);
  if (known) return known;
  const found = groups.filter(
    (g) =>
      g.role !== null &&
      g.members.length > 0 &&
      g.members.every((n) => {
        const owned = ctx.book.owned(n.id);
        return !isEmpty(owned) && isSubset(owned, ips);
      }),
  );
  memo.covered.set(key, found);
  return found;
}

interface GroupsMemo {
  covered: Map<string, SourceGroup[]>;
  /** Every node of the groups, in order, with the groups it belongs to. */
  nodeGroups: Map<TopologyNode, SourceGroup[]>;
}

const memos = new WeakMap<readonly SourceGroup[], GroupsMemo>();

function memoOf(groups: readonly SourceGroup[]): GroupsMemo {
  let memo = memos.get(groups);
  if (memo === undefined) {
    const nodeGroups = new Map<TopologyNode, SourceGroup[]>();
    for (const g of groups) {
      for (const n of g.members) {
        const list = nodeGroups.get(n);
        if (list) list.push(g);
        else nodeGroups.set(n, [g]);
      }
    }
    memo = { covered: new Map(), nodeGroups };
    memos.set(groups, memo);
  }
  return memo;
}

/** Every address owned by an internal node: the addresses of pods. */
export function podAddresses(ctx: PlanContext, groups: readonly SourceGroup[]): IpSet {
  return unionAll(groups.flatMap((g) => g.members.map((n) => ctx.book.owned(n.id))));
}

/**
 * The pod addresses a set of selected groups reaches whatever label each pod carries: a
 * node with two roles is reached only if both its roles are selected.
 */
export function reachedPodAddresses(
  ctx: PlanContext,
  groups: readonly SourceGroup[],
  selected: readonly SourceGroup[],
): IpSet {
  if (selected.length === 0) return EMPTY_SET;
  const chosen = new Set(selected);
  const reached = [...memoOf(groups).nodeGroups].flatMap(([n, of]) =>
    of.every((g) => chosen.has(g)) ? [n] : [],
  );
  return unionAll(reached.map((n) => ctx.book.owned(n.id)));
}
