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
import type { PolicyModel, Topology, TopologyNode } from '../core/model.js';
import { formatCidrShort } from '../net/ip.js';
import { NodeCoverage, abstractApplicability } from './model/node-coverage.js';
import {
  EMPTY_SET,
  FULL_SET,
  intersect,
  ipSetKey,
  isEmpty,
  subtract,
  toCidrs,
  union,
  unionAll,
} from './model/ip-set.js';
import type { IpSet } from './model/ip-set.js';
import type { FidelityBook } from './model/fidelity.js';
import { buildCellSpace, cellText } from './model/service-cells.js';
import type { Cell, CellSpace } from './model/service-cells.js';
import type { TopologyRegions } from './model/topology-regions.js';
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
  /** The topology's nodes: what each owns and which rules cover it. */
  book: NodeCoverage;
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
  /** Rule indices (ascending) whose `from` covers all of a topology node's traffic. */
  rulesCovering(node: TopologyNode): readonly number[];
  /**
   * Rule indices (ascending) whose `from` covers some traffic of some member of the group:
   * every other rule is `none` for it, so per-group work need not look at them.
   */
  rulesTouching(group: SourceGroup): readonly number[];
}

export function planContext(
  policy: PolicyModel,
  topology: Topology | undefined,
  /** Extra TCP port ranges the target must tell apart (a proxy's ports). */
  extraTcpPorts: readonly { lo: number; hi: number }[] = [],
): PlanContext {
  const book = new NodeCoverage(topology);
  const addressDest = policy.rules.map((rule) =>
    unionAll(rule.to.map((item) => book.resolveDestination(item).ips)),
  );
  const modelDest = policy.rules.map((rule, i) =>
    rule.methods !== null || rule.paths !== null ? EMPTY_SET : addressDest[i]!,
  );
  // Per node id, the rules covering all of its traffic and those covering any of it.
  let byNode: { all: Map<string, number[]>; any: Map<string, number[]> } | null = null;
  const nodeIndex = () => {
    if (byNode !== null) return byNode;
    const index = { all: new Map<string, number[]>(), any: new Map<string, number[]>() };
    const push = (map: Map<string, number[]>, id: string, rule: number) => {
      const list = map.get(id);
      if (list) list.push(rule);
      else map.set(id, [rule]);
    };
    for (const rule of policy.rules) {
      for (const [id, a] of book.covered(rule.from)) {
        push(index.any, id, rule.index);
        if (a === 'all') push(index.all, id, rule.index);
      }
    }
    byNode = index;
    return index;
  };
  const rulesCovering = (node: TopologyNode): readonly number[] =>
    nodeIndex().all.get(node.id) ?? [];
  const rulesTouching = (group: SourceGroup): readonly number[] => {
    if (group.members.length === 0) {
      return policy.rules.flatMap((rule) =>
        abstractApplicability(rule.from, group.role) === 'none' ? [] : [rule.index],
      );
    }
    const any = nodeIndex().any;
    const found = new Set<number>();
    for (const node of group.members) for (const i of any.get(node.id) ?? []) found.add(i);
    return [...found].sort((a, b) => a - b);
  };
  return {
    policy,
    book,
    regions: book.regions,
    space: buildCellSpace(policy.rules, extraTcpPorts),
    modelDest,
    addressDest,
    rulesCovering,
    rulesTouching,
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
  /** Per cell, the included rules that cover it, in policy order. */
  active: number[][];
  /** Per cell, a number equal for cells whose `active` lists are equal. */
  activeIds: number[];
}

/**
 * Small numbers for lists of rule indices, equal for equal lists. Cells are grouped by the
 * rules active in them; a zone-wide policy has thousands of such rules per cell, too many
 * to join into a text key for every cell of every group and member.
 */
class ListIds {
  private readonly buckets = new Map<number, { list: readonly number[]; id: number }[]>();
  private next = 0;

  id(list: readonly number[]): number {
    let hash = list.length;
    for (const x of list) hash = (Math.imul(hash, 31) + x) | 0;
    const bucket = this.buckets.get(hash);
    const found = bucket?.find((e) => sameList(e.list, list));
    if (found !== undefined) return found.id;
    const id = this.next++;
    if (bucket === undefined) this.buckets.set(hash, [{ list, id }]);
    else bucket.push({ list, id });
    return id;
  }
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Rule indices (ascending) whose projection is included. */
function includedRules(projections: readonly RuleProjection[]): number[] {
  const out: number[] = [];
  projections.forEach((p, i) => {
    if (p.include) out.push(i);
  });
  return out;
}

/** The rules of `rules` (ascending) that cover cell `c`. */
function inCell(ctx: PlanContext, rules: readonly number[], c: number): number[] {
  return rules.filter((i) => ctx.space.coverage[i]![c] === 1);
}

/** First match over the projections, one cell at a time (cells with the same rules share). */
export function planGroup(
  ctx: PlanContext,
  group: SourceGroup,
  projections: RuleProjection[],
): GroupPlan {
  const memo = new Map<number, CellDecision>();
  const included = includedRules(projections);
  const active = ctx.space.cells.map((_, c) => inCell(ctx, included, c));
  const ids = new ListIds();
  const activeIds = active.map((rules) => ids.id(rules));
  const decisions = active.map((rules, c) => {
    const key = activeIds[c]!;
    let decision = memo.get(key);
    if (decision === undefined) {
      decision = decide(ctx, rules, (i) => projections[i]!.dest);
      memo.set(key, decision);
    }
    return decision;
  });
  return { group, projections, decisions, active, activeIds };
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
  // Rules a projection mentions at all: the only ones that can explain a difference.
  const mentioned: number[] = [];
  plan.projections.forEach((p, i) => {
    if (p.include || p.note !== null) mentioned.push(i);
  });
  // Shared by the members: equal lists get equal ids, members with the same rules share
  // their cells' active rules, and a cell key's mismatches (which depend only on the key)
  // are found once; each member still reports them with its own causes and example.
  const ids = new ListIds();
  const activeByRules = new Map<number, { active: number[]; id: number }[]>();
  const mismatchesByKey = new Map<string, Mismatch[]>();
  for (const member of groupMembers(plan.group)) {
    const applying = memberRules(ctx, member, plan.group);
    const applies = new Uint8Array(rules.length);
    for (const i of applying) applies[i] = 1;
    const suspects = mergeAscending(mentioned, applying);
    const achieved = achievedFor(member);
    const memo = new Set<string>();
    const rulesId = ids.id(applying);
    let cells = activeByRules.get(rulesId);
    if (cells === undefined) {
      cells = ctx.space.cells.map((_, c) => {
        const active = inCell(ctx, applying, c);
        return { active, id: ids.id(active) };
      });
      activeByRules.set(rulesId, cells);
    }
    ctx.space.cells.forEach((cell, c) => {
      const { active, id } = cells[c]!;
      const target = achieved.allowed[c]!;
      const planned = plan.decisions[c]!.allowed;
      // Cells with the same rules, target and plan give the same findings: check one.
      const key = [cell.proto, id, ipSetKey(target), ipSetKey(planned), plan.activeIds[c]!].join(
        '#',
      );
      if (memo.has(key)) return;
      memo.add(key);
      let found = mismatchesByKey.get(key);
      if (found === undefined) {
        found = mismatches(ctx, active, target);
        mismatchesByKey.set(key, found);
      }
      for (const { rule, kind, region } of found) {
        const why = causes(
          ctx,
          plan,
          applies,
          suspects,
          member,
          rule,
          c,
          region,
          kind,
          planned,
          achieved,
        );
        const id = rule < 0 ? 'default' : rules[rule]!.id;
        // Each cause's example lies in the part of the region that cause explains, so that
        // one rule's reason never shows another rule's address.
        for (const cause of why)
          fidelity.add(
            id,
            kind,
            cause.text,
            `${member.label}, ${cellText(cell)} to ${regionText(cause.region)}`,
          );
      }
    });
  }
}

/** A rule (or the default, -1) whose flows in a cell the target decides otherwise. */
interface Mismatch {
  rule: number;
  kind: 'narrowed' | 'widened';
  region: IpSet;
}

/** First match of the cell's active rules on address-only flows, against what the target allows. */
function mismatches(ctx: PlanContext, active: readonly number[], target: IpSet): Mismatch[] {
  const rules = ctx.policy.rules;
  const out: Mismatch[] = [];
  let undecided = FULL_SET;
  for (const i of active) {
    const hit = intersect(undecided, ctx.modelDest[i]!);
    undecided = subtract(undecided, ctx.modelDest[i]!);
    if (isEmpty(hit)) continue;
    if (rules[i]!.action === 'allow') {
      const missing = subtract(hit, target);
      if (!isEmpty(missing)) out.push({ rule: i, kind: 'narrowed', region: missing });
    } else {
      const leaked = intersect(hit, target);
      if (!isEmpty(leaked)) out.push({ rule: i, kind: 'widened', region: leaked });
    }
  }
  if (isEmpty(undecided)) return out;
  if (ctx.policy.default.action === 'allow') {
    const missing = subtract(undecided, target);
    if (!isEmpty(missing)) out.push({ rule: -1, kind: 'narrowed', region: missing });
  } else {
    const leaked = intersect(undecided, target);
    if (!isEmpty(leaked)) out.push({ rule: -1, kind: 'widened', region: leaked });
  }
  return out;
}

/** Rule indices (ascending) whose `from` covers all of the member's traffic. */
function memberRules(ctx: PlanContext, member: GroupMember, group: SourceGroup): number[] {
  const out: number[] = [];
  if (member.node === null) {
    ctx.policy.rules.forEach((rule, i) => {
      if (memberApplicability(rule, member, group, ctx.book) === 'all') out.push(i);
    });
    return out;
  }
  for (const i of ctx.rulesCovering(member.node)) out.push(i);
  return out;
}

function mergeAscending(a: readonly number[], b: readonly number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

/** One reason for a mismatch, and the part of the mismatch's region it explains. */
interface Cause {
  text: string;
  region: IpSet;
}

/** The projection or emission differences that explain a mismatch in cell `c`. */
function causes(
  ctx: PlanContext,
  plan: GroupPlan,
  applies: Uint8Array,
  suspects: readonly number[],
  member: GroupMember,
  rule: number,
  c: number,
  region: IpSet,
  kind: 'narrowed' | 'widened',
  planned: IpSet,
  achieved: Achieved,
): Cause[] {
  const out: Cause[] = [];
  const cell = ctx.space.cells[c]!;
  const byEmission = kind === 'narrowed' ? intersect(region, planned) : subtract(region, planned);
  if (!isEmpty(byEmission))
    out.push({ text: achieved.emissionNote(cell, kind), region: byEmission });
  const byProjection = kind === 'narrowed' ? subtract(region, planned) : intersect(region, planned);
  if (!isEmpty(byProjection)) {
    const last = rule < 0 ? ctx.policy.rules.length - 1 : rule;
    for (const j of suspects) {
      if (j > last) break;
      if (ctx.space.coverage[j]![c] !== 1) continue;
      const p = plan.projections[j]!;
      const model = ctx.modelDest[j]!;
      const differs =
        p.note !== null ||
        p.include !== (applies[j] === 1) ||
        (p.include && ipSetKey(p.dest) !== ipSetKey(model));
      if (!differs) continue;
      const touched = union(p.include ? p.dest : EMPTY_SET, applies[j] ? model : EMPTY_SET);
      const explained = intersect(touched, byProjection);
      if (isEmpty(explained)) continue;
      const id = ctx.policy.rules[j]!.id;
      out.push({
        text:
          p.note ??
          (p.include && !applies[j]
            ? `rule ${id} is enforced for all of ${groupLabel(plan.group)}, which the policy does not say for ${member.label}`
            : !p.include && applies[j]
              ? `rule ${id} is left out for ${groupLabel(plan.group)}`
              : `rule ${id} covers other addresses in the export`),
        region: explained,
      });
    }
  }
  if (out.length === 0)
    out.push({ text: 'the exported rules decide these flows differently', region });
  // One cause per text, over all the region it explains.
  const byText = new Map<string, Cause>();
  for (const cause of out) {
    const seen = byText.get(cause.text);
    byText.set(
      cause.text,
      seen === undefined ? cause : { text: cause.text, region: union(seen.region, cause.region) },
    );
  }
  return [...byText.values()];
}
