/**
 * Which instances a GCP firewall rule reaches: network tags name roles, and a tag selects
 * every instance carrying it, so a rule covering only part of a role cannot be expressed
 * exactly (terraform-gcp.ts reports how).
 */
import type { Rule } from '../core/model.js';
import type { PlanContext } from './role-plan.js';
import { groupApplicability } from './source-groups.js';
import type { GroupMember, SourceGroup } from './source-groups.js';

export interface Targeting {
  /** No tag: the rule applies to every instance of the network. */
  everyone: boolean;
  roles: string[];
  /** The same roles, for membership tests (a zone-wide rule names every role). */
  roleSet: ReadonlySet<string>;
  /** Why the tags differ from the rule's sources, for reasons. */
  note: string | null;
}

export function targeting(ctx: PlanContext, rule: Rule, groups: readonly SourceGroup[]): Targeting {
  if (rule.from.some((i) => i.kind === 'any'))
    return { everyone: true, roles: [], roleSet: new Set(), note: null };
  const roles: string[] = [];
  const partial: string[] = [];
  for (const g of groups) {
    if (g.role === null) continue;
    const a = groupApplicability(rule, g, ctx.book);
    if (a === 'all' || (a === 'some' && rule.action === 'deny')) roles.push(g.role);
    if (a === 'some') partial.push(g.role);
  }
  const note =
    partial.length === 0
      ? null
      : rule.action === 'deny'
        ? `${rule.id} covers only part of role ${partial.join(', ')}, and GCP applies a network tag to every instance carrying it`
        : `${rule.id} covers only part of role ${partial.join(', ')}, and GCP cannot single those instances out by tag, so it is left out there`;
  return { everyone: false, roles, roleSet: new Set(roles), note };
}

export function appliesTo(t: Targeting, member: GroupMember, group: SourceGroup): boolean {
  if (t.everyone) return true;
  const roles = member.node?.roles ?? (group.role === null ? [] : [group.role]);
  return roles.some((r) => t.roleSet.has(r));
}

/** The rules (by index) that apply to an instance, found by its roles. */
export class TargetIndex {
  private readonly everyone: number[] = [];
  private readonly byRole = new Map<string, number[]>();

  constructor(targets: readonly Targeting[]) {
    targets.forEach((t, i) => {
      if (t.everyone) this.everyone.push(i);
      for (const role of t.roleSet) {
        let list = this.byRole.get(role);
        if (list === undefined) this.byRole.set(role, (list = []));
        list.push(i);
      }
    });
  }

  /** The rules that `appliesTo` an instance carrying these roles, ascending. */
  rulesOf(roles: readonly string[]): number[] {
    const lists = [this.everyone, ...roles.map((r) => this.byRole.get(r) ?? [])];
    const nonEmpty = lists.filter((l) => l.length > 0);
    if (nonEmpty.length === 1) return nonEmpty[0]!;
    return [...new Set(nonEmpty.flat())].sort((a, b) => a - b);
  }
}
