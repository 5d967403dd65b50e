/** The learn contract, checked attempt by attempt against the policy before and after. */
import { expect } from 'vitest';
import type { Topology } from '../../simulator/core/model.js';
import type { LearnedFlowInput, Proposal } from '../../simulator/learn/index.js';
import { Project } from '../../simulator/project/index.js';

/**
 * Every attempt is allowed by the proposal, or was left out for a stated reason; an attempt
 * the log shows denied stays as the policy decided it unless a flagged learned rule allows it.
 */
export function expectEveryAttemptAccounted(
  policyText: string,
  topology: Topology | undefined,
  traffic: readonly LearnedFlowInput[],
  proposal: Proposal,
  includeDenied = false,
): void {
  const before = new Project({
    policyText,
    policyFile: 'policy.egress',
    ...(topology ? { topology: { model: topology } } : {}),
  }).matcher();
  const after = new Project({
    policyText: proposal.policyText,
    policyFile: 'policy.egress',
    ...(topology ? { topology: { model: topology } } : {}),
  });
  expect(after.errors, proposal.policyText).toEqual([]);
  const matcher = after.matcher();
  const flagged = new Set(
    proposal.rules
      .filter((r) => r.flags.some((f) => f.includes('the log shows denied')))
      .map((r) => r.id),
  );
  let allowedAnyway = 0;
  for (const { observed } of traffic) {
    const now = matcher.evaluate(observed.flow);
    const was = before.evaluate(observed.flow);
    if (observed.logged === 'deny' && !includeDenied) {
      // Left out; a rule learned from other attempts may allow it all the same, flagged.
      if (now.verdict === 'allow' && was.rule === 'default') {
        expect(flagged, JSON.stringify(observed.flow)).toContain(now.rule);
        allowedAnyway++;
      } else expect(now).toEqual(was);
    } else if (was.rule === 'inbound') {
      expect(now.rule).toBe('inbound');
      expect(proposal.external.map((e) => e.src)).toContain(observed.flow.src);
    } else if (was.verdict === 'deny' && was.rule !== 'default') {
      expect(now).toEqual(was);
      expect(proposal.deniedByRule.map((d) => d.rule)).toContain(was.rule);
    } else {
      expect(now.verdict, `${JSON.stringify(observed.flow)}\n${proposal.policyText}`).toBe('allow');
    }
  }
  expect(proposal.loggedDeniedAllowed).toBe(allowedAnyway);
  expect(after.test().results.filter((r) => !r.passed)).toEqual([]);
}
