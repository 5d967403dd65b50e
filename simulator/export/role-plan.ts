/**
 * Per-group effective allow sets for address-based targets, and the proof that they say
 * what the policy says.
 *
 * Planning: each target projects every rule onto a group (does it apply to the group's
 * sources, which addresses does the target's version cover), and the plan runs first match
 * over the projections cell by cell (see service-cells.ts). The result — allowed and
 * explicitly denied addresses per cell — is what an allow-only target writes down: earlier
 * denies are already subtracted from later allows, and a default allow is "everything not
 * decided otherwise".
 *
 * Verification: for every member of the group, the policy itself is run the same way on
 * address-only flows (a rule applies only if its `from` covers all of the member's traffic;
 * names and HTTP clauses never match such flows), and each rule's decided addresses are
 * compared with what the target finally enforces. Every mismatch becomes a fidelity finding
 * for the rule that decides those flows, with the projection or emission note that caused
 * it. Rules whose non-address parts (names, methods) differ are reported by the exporter
 * itself. Checking the variant where uncertain (`some`) rules do not apply is enough for all
 * other rules: applying more rules only shrinks what a later rule decides.
 */
import type { PolicyModel, Topology } from '../core/model.js';
import { formatCidrShort } from '../net/ip.js';
import { AddressBook } from './address-book.js';
import {
  EMPTY_SET,
  FULL_SET,
  intersect,
  ipSetKey,
  isEmpty,
  overlaps,
  subtract,
  toCidrs,
  union,
  unionAll,
} from './model/ip-set.js';
import type { IpSet } from './model/ip-set.js';
import type { FidelityBook } from './model/fidelity.js';
import { buildCellSpace, cellText } from './model/service-cells.js';
import type { Cell, CellSpace } from './model/service-cells.js';
import { TopologyRegions } from './model/topology-regions.js';
import { groupLabel, groupMembers, memberApplicability } from './source-groups.js';
import type { GroupMember, SourceGroup } from './source-groups.js';

/** How a target applies one rule to one group. */
export interface RuleProjection {
  include: boolean;
  /** The addresses the target's version of the rule covers (when included). */
  dest: IpSet;
  /** Why the target's version differs from the policy (for reasons), or null. */
  note: string | null;
}

export interface PlanContext {
  policy: PolicyModel;
  book: AddressBook;
  /** The engine's own resolution of the topology's addresses. */
  regions: TopologyRegions;
  space: CellSpace;
  /**
   * Per rule, the addresses it matches for address-only flows: the address part of its
   * `to` items, or nothing when it lists methods or paths (a flow without them never
   * matches such a rule).
   */
  modelDest: IpSet[];
  /** Per rule, the address part of its `to` items, ignoring methods and paths. */
  addressDest: IpSet[];
}

export function planContext(
  policy: PolicyModel,
  topology: Topology | undefined,
  /** Extra TCP port ranges the target must tell apart (a proxy's ports). */
  extraTcpPorts: readonly { lo: number; hi: number }[] = [],
): PlanContext {
  const book = new AddressBook(topology);
  const addressDest = policy.rules.map((rule) =>
    unionAll(rule.to.map((item) => book.resolveDestination(item).ips)),
  );
  const modelDest = policy.rules.map((rule, i) =>
    rule.methods !== null || rule.paths !== null ? EMPTY_SET : addressDest[i]!,
  );
  return {
    policy,
    book,
    regions: new TopologyRegions(topology),
    space: buildCellSpace(policy.rules, extraTcpPorts),
    modelDest,
    addressDest,
  };
}

export interface CellDecision {
  allowed: IpSet;
  /** Addresses decided by an explicit deny rule. */
  denied: IpSet;
  /** Rules (by index, -1 for the default) that allowed some of `allowed`. */
  allowRules: number[];
  /** Deny rules (by index) that decided some of `denied`. */
  denyRules: number[];
}

export interface GroupPlan {
  group: SourceGroup;
  projections: RuleProjection[];
  decisions: CellDecision[];
}

/** First match over the projections, one cell at a time (cells with the same rules share). */
export function planGroup(
  ctx: PlanContext,
  group: SourceGroup,
  projections: RuleProjection[],
): GroupPlan {
  const memo = new Map<string, CellDecision>();
  const decisions = ctx.space.cells.map((_, c) => {
    const active = projections.flatMap((p, i) =>
      p.include && ctx.space.coverage[i]![c] === 1 ? [i] : [],
    );
    const key = active.join(',');
    let decision = memo.get(key);
    if (decision === undefined) {
      decision = decide(ctx, active, (i) => projections[i]!.dest);
      memo.set(key, decision);
    }
    return decision;
  });
  return { group, projections, decisions };
}

function decide(ctx: PlanContext, active: number[], destOf: (i: number) => IpSet): CellDecision {
  let undecided = FULL_SET;
  let allowed = EMPTY_SET;
  let denied = EMPTY_SET;
  const allowRules: number[] = [];
  const denyRules: number[] = [];
  for (const i of active) {
    const dest = destOf(i);
    const hit = intersect(undecided, dest);
    if (isEmpty(hit)) continue;
    if (ctx.policy.rules[i]!.action === 'allow') {
      allowed = union(allowed, hit);
      allowRules.push(i);
    } else {
      denied = union(denied, hit);
      denyRules.push(i);
    }
    undecided = subtract(undecided, dest);
  }
  if (ctx.policy.default.action === 'allow' && !isEmpty(undecided)) {
    allowed = union(allowed, undecided);
    allowRules.push(-1);
  }
  return { allowed, denied, allowRules, denyRules };
}

/** What the target finally enforces for a member, per cell, and why it may differ from the plan. */
export interface Achieved {
  allowed: IpSet[];
  /** Why the target enforces `allowed` instead of the plan's set in this cell. */
  emissionNote(cell: Cell, kind: 'narrowed' | 'widened'): string;
}

function regionText(region: IpSet): string {
  const cidrs = toCidrs(region);
  const first = cidrs[0];
  if (first === undefined) return '';
  return cidrs.length === 1 ? formatCidrShort(first) : `${formatCidrShort(first)} and more`;
}

/**
 * Checks every member of the plan's group against the policy and adds a finding for
 * every rule (or the default) whose flows the target decides differently.
 */
export function verifyPlan(
  ctx: PlanContext,
  plan: GroupPlan,
  achievedFor: (member: GroupMember) => Achieved,
  fidelity: FidelityBook,
): void {
  const rules = ctx.policy.rules;
  for (const member of groupMembers(plan.group)) {
    const applies = rules.map(
      (rule) => memberApplicability(rule, member, plan.group, ctx.book) === 'all',
    );
    const achieved = achievedFor(member);
    const memo = new Set<string>();
    ctx.space.cells.forEach((cell, c) => {
      const active = rules.flatMap((_, i) =>
        applies[i] && ctx.space.coverage[i]![c] === 1 ? [i] : [],
      );
      const target = achieved.allowed[c]!;
      const planned = plan.decisions[c]!.allowed;
      // Cells with the same rules, target and plan give the same findings: check one.
      const key = [
        cell.proto,
        active.join(','),
        ipSetKey(target),
        ipSetKey(planned),
        projectionKey(plan, c, ctx),
      ].join('#');
      if (memo.has(key)) return;
      memo.add(key);
      const report = (rule: number, kind: 'narrowed' | 'widened', region: IpSet) => {
        const why = causes(ctx, plan, applies, member, rule, c, region, kind, planned, achieved);
        const id = rule < 0 ? 'default' : rules[rule]!.id;
        const example = `${member.label}, ${cellText(cell)} to ${regionText(region)}`;
        for (const cause of why) fidelity.add(id, kind, cause, example);
      };
      let undecided = FULL_SET;
      for (const i of active) {
        const hit = intersect(undecided, ctx.modelDest[i]!);
        undecided = subtract(undecided, ctx.modelDest[i]!);
        if (isEmpty(hit)) continue;
        if (rules[i]!.action === 'allow') {
          const missing = subtract(hit, target);
          if (!isEmpty(missing)) report(i, 'narrowed', missing);
        } else {
          const leaked = intersect(hit, target);
          if (!isEmpty(leaked)) report(i, 'widened', leaked);
        }
      }
      if (isEmpty(undecided)) return;
      if (ctx.policy.default.action === 'allow') {
        const missing = subtract(undecided, target);
        if (!isEmpty(missing)) report(-1, 'narrowed', missing);
      } else {
        const leaked = intersect(undecided, target);
        if (!isEmpty(leaked)) report(-1, 'widened', leaked);
      }
    });
  }
}

function projectionKey(plan: GroupPlan, c: number, ctx: PlanContext): string {
  return plan.projections
    .map((p, i) => (p.include && ctx.space.coverage[i]![c] === 1 ? i : ''))
    .join(',');
}

/** The projection or emission differences that explain a mismatch in cell `c`. */
function causes(
  ctx: PlanContext,
  plan: GroupPlan,
  applies: boolean[],
  member: GroupMember,
  rule: number,
  c: number,
  region: IpSet,
  kind: 'narrowed' | 'widened',
  planned: IpSet,
  achieved: Achieved,
): string[] {
  const out: string[] = [];
  const cell = ctx.space.cells[c]!;
  const byEmission = kind === 'narrowed' ? intersect(region, planned) : subtract(region, planned);
  if (!isEmpty(byEmission)) out.push(achieved.emissionNote(cell, kind));
  const byProjection = kind === 'narrowed' ? subtract(region, planned) : intersect(region, planned);
  if (!isEmpty(byProjection)) {
    const last = rule < 0 ? ctx.policy.rules.length - 1 : rule;
    for (let j = 0; j <= last; j++) {
      if (ctx.space.coverage[j]![c] !== 1) continue;
      const p = plan.projections[j]!;
      const model = ctx.modelDest[j]!;
      const differs =
        p.note !== null ||
        p.include !== applies[j] ||
        (p.include && ipSetKey(p.dest) !== ipSetKey(model));
      if (!differs) continue;
      const touched = union(p.include ? p.dest : EMPTY_SET, applies[j] ? model : EMPTY_SET);
      if (!overlaps(touched, byProjection)) continue;
      const id = ctx.policy.rules[j]!.id;
      out.push(
        p.note ??
          (p.include && !applies[j]
            ? `rule ${id} is enforced for all of ${groupLabel(plan.group)}, which the policy does not say for ${member.label}`
            : !p.include && applies[j]
              ? `rule ${id} is left out for ${groupLabel(plan.group)}`
              : `rule ${id} covers other addresses in the export`),
      );
    }
  }
  if (out.length === 0) out.push('the exported rules decide these flows differently');
  return [...new Set(out)];
}
