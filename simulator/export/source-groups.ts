/**
 * The sources an allow-only or tag-based target can tell apart: one group per role (pods
 * labelled `egress-studio/role: R`, security groups, network tags) and one for internal
 * nodes without a role. Policies speak of roles, nodes, zones and CIDRs; these groups are
 * what the targets can select, and the applicability of each rule to each group decides
 * whether it can be exported exactly.
 */
import type { PolicyModel, Rule, TopologyNode } from '../core/model.js';
import { abstractApplicability } from './model/node-coverage.js';
import type { Applicability, NodeCoverage } from './model/node-coverage.js';

export interface SourceGroup {
  /** The role, or null for internal nodes without a role. */
  role: string | null;
  /** Internal topology nodes in the group (empty without a topology). */
  members: TopologyNode[];
}

/** A member whose traffic is checked: a topology node, or a stand-in when there is none. */
export interface GroupMember {
  node: TopologyNode | null;
  /** `node trainer`, or `role trainer` / `pods without a role` for the stand-in. */
  label: string;
}

export function groupLabel(group: SourceGroup): string {
  return group.role === null ? 'sources without a role' : `role ${group.role}`;
}

/**
 * Groups in a stable order: roles as they first appear on internal nodes of the topology,
 * then roles only the policy names; with `roleless`, the group of internal nodes without a
 * role last (present when some internal node has no role, or when there is no topology).
 * Pod-based targets leave it out: a node without a role is no pod they can select (a VPC
 * resolver, a managed database), and pods without a role label get the default deny.
 */
export function sourceGroups(
  policy: PolicyModel,
  book: NodeCoverage,
  options: { roleless: boolean },
): SourceGroup[] {
  const roles: string[] = [];
  const add = (role: string) => {
    if (!roles.includes(role)) roles.push(role);
  };
  const internal = book.internalNodes;
  for (const node of internal) node.roles.forEach(add);
  for (const rule of policy.rules) {
    for (const item of rule.from) if (item.kind === 'role') add(item.name);
  }
  const groups: SourceGroup[] = roles.map((role) => ({
    role,
    members: internal.filter((n) => n.roles.includes(role)),
  }));
  const roleless = internal.filter((n) => n.roles.length === 0);
  if (options.roleless && (book.topology === undefined || roleless.length > 0)) {
    groups.push({ role: null, members: roleless });
  }
  return groups;
}

export function groupMembers(group: SourceGroup): GroupMember[] {
  if (group.members.length === 0) return [{ node: null, label: groupLabel(group) }];
  return group.members.map((node) => ({ node, label: `node ${node.id}` }));
}

export function memberApplicability(
  rule: Rule,
  member: GroupMember,
  group: SourceGroup,
  book: NodeCoverage,
): Applicability {
  return member.node === null
    ? abstractApplicability(rule.from, group.role)
    : (book.covered(rule.from).get(member.node.id) ?? 'none');
}

/** The rule's coverage of a whole group: `all` only if it covers every member entirely. */
export function groupApplicability(
  rule: Rule,
  group: SourceGroup,
  book: NodeCoverage,
): Applicability {
  if (group.members.length === 0) return abstractApplicability(rule.from, group.role);
  const covered = book.covered(rule.from);
  let all = true;
  let none = true;
  for (const node of group.members) {
    const a = covered.get(node.id) ?? 'none';
    if (a !== 'all') all = false;
    if (a !== 'none') none = false;
  }
  return all ? 'all' : none ? 'none' : 'some';
}
