/**
 * How address-based targets (NetworkPolicy, Cilium's CIDR part, security groups, VPC
 * firewall rules) carry each rule, and the findings that follow from the rule's shape
 * alone: names they cannot see, HTTP clauses they cannot see, sources they cannot single
 * out. Findings about addresses are left to the verifier in role-plan.ts.
 */
import type { Rule } from '../core/model.js';
import { EMPTY_SET } from './model/ip-set.js';
import type { IpSet } from './model/ip-set.js';
import type { FidelityBook } from './model/fidelity.js';
import type { PlanContext, RuleProjection } from './role-plan.js';
import {
  groupApplicability,
  groupLabel,
  groupMembers,
  memberApplicability,
} from './source-groups.js';
import type { SourceGroup } from './source-groups.js';

export interface TargetWording {
  /** `NetworkPolicy`, `a security group`, … */
  target: string;
  /** What the target selects sources as: `pods`, `instances`. */
  sources: string;
  /** Where names are enforced instead, for `unsupported` reasons. */
  namesInstead: string;
  /** How sources are selected: `internal nodes with a role, by label`. */
  selection: string;
}

export function hasHttpClauses(rule: Rule): boolean {
  return rule.methods !== null || rule.paths !== null;
}

/** `role trainer` → the members of the group a rule covers, for notes. */
function coveredMembers(ctx: PlanContext, rule: Rule, group: SourceGroup): string {
  const covered = groupMembers(group)
    .filter((m) => memberApplicability(rule, m, group, ctx.book) !== 'none')
    .map((m) => m.label);
  return covered.length > 0 ? covered.join(', ') : 'part of its traffic';
}

/**
 * The rule as the target applies it to a group. `destOf` lets a target cover other
 * addresses than the rule's own (a security group opening ports for a name check).
 */
export function projectRule(
  ctx: PlanContext,
  rule: Rule,
  group: SourceGroup,
  wording: TargetWording,
  destOf: (rule: Rule) => { dest: IpSet; note: string | null } = (r) => ({
    dest: ctx.addressDest[r.index]!,
    note: null,
  }),
): RuleProjection {
  const applicability = groupApplicability(rule, group, ctx.book);
  if (applicability === 'none') return { include: false, dest: EMPTY_SET, note: null };
  const label = groupLabel(group);
  const { dest, note: destNote } = destOf(rule);
  const notes: string[] = [];
  if (destNote !== null) notes.push(destNote);
  if (hasHttpClauses(rule)) {
    // Without the HTTP clauses the rule covers whole connections: an allow admits every
    // request on them, a deny refuses every request (fails closed).
    notes.push(
      `${wording.target} cannot see HTTP methods or paths, so ${rule.id} ${rule.action === 'allow' ? 'admits' : 'refuses'} every request on its connections`,
    );
  }
  if (applicability === 'some') {
    const who = coveredMembers(ctx, rule, group);
    if (rule.action === 'allow') {
      return {
        include: false,
        dest: EMPTY_SET,
        note: `${rule.id} covers only ${who} of ${label}, and ${wording.target} cannot single them out, so it is left out`,
      };
    }
    notes.push(
      `${rule.id} covers only ${who} of ${label}, but ${wording.target} enforces it for all of them`,
    );
  }
  return { include: true, dest, note: notes.length > 0 ? notes.join('; ') : null };
}

export function projectGroup(
  ctx: PlanContext,
  group: SourceGroup,
  wording: TargetWording,
  destOf?: (rule: Rule) => { dest: IpSet; note: string | null },
): RuleProjection[] {
  // A rule that covers no member is left out (`projectRule` says so too); only the rules
  // touching the group are projected, so large policies stay linear per group.
  const out = new Array<RuleProjection>(ctx.policy.rules.length).fill(LEFT_OUT);
  for (const i of ctx.rulesTouching(group)) {
    out[i] = projectRule(ctx, ctx.policy.rules[i]!, group, wording, destOf);
  }
  return out;
}

const LEFT_OUT: RuleProjection = Object.freeze({ include: false, dest: EMPTY_SET, note: null });

/**
 * Findings that follow from a rule's shape: names (when the target cannot see them),
 * HTTP clauses, sources that cover part of a node's traffic, sources that are no group.
 */
export function reportRuleShape(
  ctx: PlanContext,
  groups: readonly SourceGroup[],
  wording: TargetWording,
  fidelity: FidelityBook,
  options: { names: 'unsupported' | 'handled' },
): void {
  const memberIds = new Set(groups.flatMap((g) => g.members.map((n) => n.id)));
  for (const rule of ctx.policy.rules) {
    const resolved = rule.to.map((item) => ctx.book.resolveDestination(item));
    const nameOnly = resolved.flatMap((r) => r.nameOnly);
    const unresolved = resolved.flatMap((r) => (r.unresolved === null ? [] : [r.unresolved]));
    const addressLess = ctx.addressDest[rule.index]!;
    const nothingElse = addressLess.v4.length === 0 && addressLess.v6.length === 0;
    if (unresolved.length > 0) {
      const kind = nothingElse ? 'unsupported' : rule.action === 'allow' ? 'narrowed' : 'widened';
      fidelity.add(
        rule.id,
        kind,
        `${unresolved.join(', ')} has no addresses for ${wording.target}; export with a topology`,
      );
    }
    if (options.names === 'unsupported' && nameOnly.length > 0) {
      const kind = nothingElse ? 'unsupported' : rule.action === 'allow' ? 'narrowed' : 'widened';
      fidelity.add(
        rule.id,
        kind,
        `${wording.target} matches addresses, not names (${nameOnly.join(', ')}); ${wording.namesInstead}`,
      );
    }
    // Nothing of a rule that is not in the target can let more or less through.
    const named = options.names === 'handled' && resolved.some((r) => r.names.length > 0);
    if (hasHttpClauses(rule) && (!nothingElse || named)) {
      fidelity.add(
        rule.id,
        rule.action === 'allow' ? 'widened' : 'narrowed',
        rule.action === 'allow'
          ? `${wording.target} cannot see HTTP methods or paths: every request on an allowed connection passes`
          : `${wording.target} cannot see HTTP methods or paths, so this deny refuses every request on its connections`,
      );
    }
    // Only a partly covered member or a stand-in group can add a finding here; otherwise
    // the rule reaches some group exactly when it covers one of their nodes.
    const covered = ctx.book.covered(rule.from);
    if (!groups.some((g) => g.members.length === 0) && ![...covered.values()].includes('some')) {
      if (![...covered.keys()].some((id) => memberIds.has(id))) {
        fidelity.add(rule.id, 'unsupported', unreachable(wording));
      }
      continue;
    }
    let reachesAny = false;
    for (const group of groups) {
      for (const member of groupMembers(group)) {
        const a = memberApplicability(rule, member, group, ctx.book);
        if (a !== 'none') reachesAny = true;
        if (a === 'some' && rule.action === 'allow') {
          fidelity.add(
            rule.id,
            'narrowed',
            member.node === null
              ? `without a topology ${wording.target} cannot tell which ${wording.sources} its sources are, so it is left out`
              : `its sources cover only part of ${member.label}'s addresses, and ${wording.target} selects whole ${wording.sources}`,
          );
        }
      }
    }
    if (!reachesAny) fidelity.add(rule.id, 'unsupported', unreachable(wording));
  }
}

function unreachable(wording: TargetWording): string {
  return `none of its sources is one of the ${wording.sources} ${wording.target} selects (${wording.selection}); give its sources a node with a role in the topology`;
}
