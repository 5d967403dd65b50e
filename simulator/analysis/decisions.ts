/**
 * First-match semantics over sets (docs/language.md "Matching"): the outbound-only guard
 * takes every flow from an external source; of the rest, each rule decides what it matches
 * and no earlier rule matched; the default decides what is left. One pass over the rules,
 * each step a few BDD operations, never a walk over the product of the dimensions.
 */
import type { PolicyModel, Verdict } from '../core/model.js';
import { defaultVerdict, inboundVerdict, ruleVerdict } from '../engine/verdicts.js';
import type { BddNode } from './bdd.js';
import type { AtomPoint, FlowSpace } from './symbolic.js';

export interface PolicyDecisions {
  policy: PolicyModel;
  /** Per rule: every flow it matches among those that reach the rules. */
  matches: BddNode[];
  /** Per rule: the flows it decides. */
  decided: BddNode[];
  /** The flows the default decides. */
  byDefault: BddNode;
  /** The flows the guard decides. */
  inbound: BddNode;
}

export function decidePolicy(space: FlowSpace, policy: PolicyModel): PolicyDecisions {
  const bdd = space.bdd;
  let remaining = space.internal;
  const matches: BddNode[] = [];
  const decided: BddNode[] = [];
  for (const rule of policy.rules) {
    const match = bdd.and(space.ruleSet(rule), space.internal);
    matches.push(match);
    decided.push(bdd.and(remaining, match));
    remaining = bdd.andNot(remaining, match);
  }
  return { policy, matches, decided, byDefault: remaining, inbound: space.external };
}

/** The verdict of one atom point, read from the decided sets. */
export function verdictAt(space: FlowSpace, d: PolicyDecisions, point: AtomPoint): Verdict {
  if (space.contains(d.inbound, point)) return inboundVerdict(d.policy);
  for (let i = 0; i < d.matches.length; i++) {
    if (space.contains(d.matches[i]!, point)) return ruleVerdict(d.policy.rules[i]!);
  }
  return defaultVerdict(d.policy);
}

/** Every decider (rule index, `-1` default, `-2` inbound) with its set, in order. */
export function deciders(d: PolicyDecisions): { index: number; verdict: Verdict; set: BddNode }[] {
  return [
    { index: -2, verdict: inboundVerdict(d.policy), set: d.inbound },
    ...d.decided.map((set, index) => ({
      index,
      verdict: ruleVerdict(d.policy.rules[index]!),
      set,
    })),
    { index: -1, verdict: defaultVerdict(d.policy), set: d.byDefault },
  ];
}
