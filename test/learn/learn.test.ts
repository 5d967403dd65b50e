/**
 * `learnPolicy` on random traffic: the proposal checks clean, allows every attempt it learned
 * (everything the policy left to its default, except what the log shows denied), never
 * allows an inbound attempt, keeps the given policy as its prefix, is stable under reordering
 * of the input, and learning its own traffic again adds nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../simulator/core/model.js';
import type { Proposal } from '../../simulator/learn/index.js';
import { learnPolicy } from '../../simulator/learn/index.js';
import { formatPolicy } from '../../simulator/language/index.js';
import { Project } from '../../simulator/project/index.js';
import { expectEveryAttemptAccounted } from './accounted.js';
import { seededParameters } from './seeded.js';
import { existingPolicyArb, topologyArb, trafficArb } from './traffic.js';

function proposed(proposal: Proposal, topology: Topology): Project {
  return new Project({
    policyText: proposal.policyText,
    policyFile: 'policy.egress',
    topology: { model: topology },
  });
}

describe('learnPolicy on random traffic', () => {
  it('allows every learned attempt, lists inbound and rule-denied ones, keeps the policy first', () => {
    fc.assert(
      fc.property(
        topologyArb,
        existingPolicyArb,
        trafficArb,
        fc.boolean(),
        (topology, policyText, traffic, includeDenied) => {
          const proposal = learnPolicy(
            { policyText, policyFile: 'policy.egress', topology },
            traffic,
            {
              includeDenied,
            },
          );
          expectEveryAttemptAccounted(policyText, topology, traffic, proposal, includeDenied);
          expect(proposal.policyText.startsWith(formatPolicy(policyText).text.trimEnd())).toBe(
            true,
          );
          expect(proposal.policyText).toBe(formatPolicy(proposal.policyText).text);
        },
      ),
      seededParameters('learn: every attempt allowed', 150),
    );
  });

  it('gives the same proposal for the same traffic in any order', () => {
    fc.assert(
      fc.property(topologyArb, trafficArb, fc.integer(), (topology, traffic, salt) => {
        const source = { policyText: 'policy learned\n', policyFile: 'policy.egress', topology };
        const shuffled = [...traffic].sort(
          (a, b) => ((a.observed.line * 7919 + salt) % 97) - ((b.observed.line * 7919 + salt) % 97),
        );
        expect(learnPolicy(source, shuffled).policyText).toBe(
          learnPolicy(source, traffic).policyText,
        );
      }),
      seededParameters('learn: order-independent', 100),
    );
  });

  it('learns nothing more from the traffic it was learned from', () => {
    fc.assert(
      fc.property(topologyArb, existingPolicyArb, trafficArb, (topology, policyText, traffic) => {
        const first = learnPolicy({ policyText, policyFile: 'policy.egress', topology }, traffic);
        const again = learnPolicy(
          { policyText: first.policyText, policyFile: 'policy.egress', topology },
          traffic,
        );
        expect(again.rules).toEqual([]);
        expect(again.policyText).toBe(first.policyText);
        expect(proposed(first, topology).errors).toEqual([]);
      }),
      seededParameters('learn: idempotent', 100),
    );
  });
});
