/**
 * The diff of two versions of a project that share their topology and default, read from
 * the rules that changed (added, removed or edited on either side). A flow that no changed
 * rule matches, on either side, meets the same unchanged rules in the same order on both
 * sides, so the same rule (or the default, or the guard) decides it: every change lies in
 * the union of the changed rules' match sets. Only the rules that meet that union are
 * decided, and only within it, so a diff of two 10,000-rule policies that differ in 20 rules
 * costs about the work of the rules those 20 overlap. Which rules can meet the union is
 * found first by each clause alone (source, destination, service, method, path), a test on
 * small one-dimension sets, before any rule's whole match set is built.
 *
 * `diffProjectsPlain` (diff.ts) decides both policies whole; it is the reference, and the
 * two give the same changes in the same order (test/analysis/diff-by-rules.test.ts).
 */
import type { PolicyModel, Rule, Topology, Verdict } from '../core/model.js';
import { defaultVerdict, inboundVerdict, ruleVerdict } from '../engine/verdicts.js';
import { FALSE, type BddNode } from './bdd.js';
import { OverlapIndex } from './overlaps.js';
import type { FlowSpace } from './symbolic.js';

/** The rules of each side (positions) that the other side does not have as they are. */
export interface ChangedRules {
  base: number[];
  head: number[];
}

/** What a rule decides, and how: everything but its position, text range and comments. */
function ruleKey(rule: Rule): string {
  return JSON.stringify(
    [rule.action, rule.log, rule.from, rule.to, rule.services, rule.methods, rule.paths],
    (key, value: unknown) => (key === 'range' ? undefined : value),
  );
}

function sameVerdict(a: Verdict, b: Verdict): boolean {
  return a.verdict === b.verdict && a.rule === b.rule && a.log === b.log;
}

/**
 * The changed rules when the two policies differ only by them: ids unique on each side, the
 * same default, and the unchanged rules in the same order. Null otherwise (the plain diff
 * then decides both policies whole).
 */
export function changedRules(base: PolicyModel, head: PolicyModel): ChangedRules | null {
  if (!sameVerdict(defaultVerdict(base), defaultVerdict(head))) return null;
  if (!sameVerdict(inboundVerdict(base), inboundVerdict(head))) return null;
  const headAt = new Map<string, number>();
  head.rules.forEach((r, i) => headAt.set(r.id, i));
  if (headAt.size !== head.rules.length) return null;
  if (new Set(base.rules.map((r) => r.id)).size !== base.rules.length) return null;
  const changed: ChangedRules = { base: [], head: [] };
  const kept = new Set<number>();
  let lastKept = -1;
  base.rules.forEach((rule, i) => {
    const j = headAt.get(rule.id);
    if (j === undefined || ruleKey(rule) !== ruleKey(head.rules[j]!)) {
      changed.base.push(i);
      return;
    }
    // An unchanged rule that moved past another one: a reordering, left to the plain diff.
    if (j < lastKept) lastKept = Infinity;
    else lastKept = j;
    kept.add(j);
  });
  if (lastKept === Infinity) return null;
  head.rules.forEach((_, j) => {
    if (!kept.has(j)) changed.head.push(j);
  });
  return changed;
}

export interface Decider {
  verdict: Verdict;
  set: BddNode;
}

/** First-match within `within` (a set of internal flows): the guard decides none of it. */
function decideWithin(
  space: FlowSpace,
  policy: PolicyModel,
  within: BddNode,
  clauses: readonly BddNode[],
): Decider[] {
  const bdd = space.bdd;
  const rules: Rule[] = [];
  const matches: BddNode[] = [];
  for (const rule of policy.rules) {
    const own = space.ruleClauses(rule);
    if (!own.every((c, k) => bdd.meets(c, clauses[k]!))) continue;
    const match = bdd.and(bdd.and(space.ruleSet(rule), space.internal), within);
    if (match === FALSE) continue;
    rules.push(rule);
    matches.push(match);
  }
  const overlaps = new OverlapIndex(bdd, matches);
  const decided = matches.map((match, i) => {
    let set = match;
    for (const j of overlaps.meeting(match, 0, i)) set = bdd.andNot(set, matches[j]!);
    return set;
  });
  return [
    ...decided.map((set, i) => ({ verdict: ruleVerdict(rules[i]!), set })),
    { verdict: defaultVerdict(policy), set: bdd.andNot(within, overlaps.union) },
  ].filter((d) => d.set !== FALSE);
}

/**
 * The deciders of each side within the union of the changed rules' matches, in decision
 * order; `space` is over both policies' atoms and the shared topology.
 */
export function decideChanged(
  space: FlowSpace,
  base: PolicyModel,
  head: PolicyModel,
  changed: ChangedRules,
): { before: Decider[]; after: Decider[] } {
  const bdd = space.bdd;
  const rules = [
    ...changed.base.map((i) => base.rules[i]!),
    ...changed.head.map((i) => head.rules[i]!),
  ];
  let within = FALSE;
  const clauses: BddNode[] = [FALSE, FALSE, FALSE, FALSE, FALSE];
  for (const rule of rules) {
    const match = bdd.and(space.ruleSet(rule), space.internal);
    if (match === FALSE) continue;
    within = bdd.or(within, match);
    space.ruleClauses(rule).forEach((c, k) => (clauses[k] = bdd.or(clauses[k]!, c)));
  }
  if (within === FALSE) return { before: [], after: [] };
  return {
    before: decideWithin(space, base, within, clauses),
    after: decideWithin(space, head, within, clauses),
  };
}

/** Whether two topologies are the same (both absent included). */
export function sameTopology(a: Topology | undefined, b: Topology | undefined): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
