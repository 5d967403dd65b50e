/**
 * First-match semantics over sets (docs/language.md "Matching"): the outbound-only guard
 * takes every flow from an external source; of the rest, each rule decides what it matches
 * and no earlier rule matched; the default decides what is left.
 *
 * `decidePolicy` takes from each rule's matches only the earlier rules that overlap it
 * (found with a `FactorIndex`); `decidePolicyPlain` is the reference, one pass carrying the
 * set of flows no earlier rule matched. Both give the same sets (test/analysis/).
 */
import type { PolicyModel, Verdict } from '../core/model.js';
import { defaultVerdict, inboundVerdict, ruleVerdict } from '../engine/verdicts.js';
import type { BddNode } from './bdd.js';
import { FactorIndex } from './factor-index.js';
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
  /** Which rules' `matches` meet a product set (absent from the plain reference). */
  overlaps?: FactorIndex;
}

export function decidePolicy(space: FlowSpace, policy: PolicyModel): PolicyDecisions {
  const bdd = space.bdd;
  const factors = policy.rules.map((rule) => space.ruleFactors(rule));
  const matches = factors.map((f) => space.product(f));
  const overlaps = new FactorIndex(bdd, factors);
  const decided = matches.map((match, i) => {
    let set = match;
    for (const j of overlaps.meeting(factors[i]!, 0, i)) set = bdd.andNot(set, matches[j]!);
    return set;
  });
  const byDefault = bdd.andNot(space.internal, overlaps.union);
  return { policy, matches, decided, byDefault, inbound: space.external, overlaps };
}

/** The reference for `decidePolicy`: the same sets, one rule after the other. */
export function decidePolicyPlain(space: FlowSpace, policy: PolicyModel): PolicyDecisions {
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
