/**
 * In-cluster destinations. Internal nodes of the topology are the pods the export
 * selects (by role label), so an allowed address set that contains every pod of a role
 * can also name them by label: NetworkPolicy gets a `podSelector` next to its `ipBlock`s
 * (which CNIs may or may not apply to pod addresses), and Cilium needs `toEndpoints`
 * because its CIDR rules never match pods it manages.
 */
import type { TopologyNode } from '../core/model.js';
import { EMPTY_SET, isEmpty, isSubset, unionAll } from './model/ip-set.js';
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
  return groups.filter(
    (g) =>
      g.role !== null &&
      g.members.length > 0 &&
      g.members.every((n) => {
        const owned = ctx.book.owned(n.id);
        return !isEmpty(owned) && isSubset(owned, ips);
      }),
  );
}

function nodeGroups(node: TopologyNode, groups: readonly SourceGroup[]): SourceGroup[] {
  return groups.filter((g) => g.members.includes(node));
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
  const nodes = new Set(groups.flatMap((g) => g.members));
  const reached = [...nodes].filter((n) =>
    nodeGroups(n, groups).every((g) => selected.includes(g)),
  );
  return unionAll(reached.map((n) => ctx.book.owned(n.id)));
}
