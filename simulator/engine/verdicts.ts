/**
 * The three kinds of decider and their verdicts (docs/language.md "Matching"). The inbound guard has
 * no log flag of its own in the language; it takes the default's, because `default deny log`
 * means "log what no rule allowed", and an inbound attempt is exactly that.
 */
import { DEFAULT_RULE, INBOUND_RULE } from '../core/model.js';
import type { PolicyModel, Rule, Verdict } from '../core/model.js';

export function ruleVerdict(rule: Rule): Verdict {
  return { verdict: rule.action, rule: rule.id, log: rule.log };
}

export function defaultVerdict(policy: PolicyModel): Verdict {
  return { verdict: policy.default.action, rule: DEFAULT_RULE, log: policy.default.log };
}

export function inboundVerdict(policy: PolicyModel): Verdict {
  return { verdict: 'deny', rule: INBOUND_RULE, log: policy.default.log };
}
