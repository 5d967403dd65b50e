/** Accepting a learned rule: its text and expect lines after everything the policy holds. */
import type { LearnedRule } from '../../simulator/index.js';

export function appendRule(
  policyText: string,
  rule: Pick<LearnedRule, 'text' | 'expects'>,
): string {
  const block = [rule.text, ...rule.expects].join('\n');
  return `${policyText.trimEnd()}\n\n${block}\n`;
}
