/**
 * The GCP exporter finds the rules applying to an instance through an index by role
 * (`TargetIndex`); `appliesTo`, one rule at a time, is the reference. Random topologies and
 * policies (random-model.ts), seeded by fast-check; seeds are printed, replay with
 *   EGRESS_FC_SEED=<seed> EGRESS_FC_PATH=<path> npx vitest run test/export-cloud/gcp-target-index.test.ts
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planContext } from '../../simulator/export/role-plan.js';
import { groupMembers, sourceGroups } from '../../simulator/export/source-groups.js';
import { TargetIndex, appliesTo, targeting } from '../../simulator/export/terraform-gcp-targets.js';
import { fcParameters } from '../engine/arbitraries.js';
import { Rng, randomPolicy, randomTopology } from './random-model.js';

describe('TargetIndex equals appliesTo', () => {
  it('for every instance of random topologies and policies', () => {
    const params = fcParameters(500);
    const seed = params.seed ?? Date.now() ^ (Math.random() * 0x7fffffff);
    console.log(`gcp target index: seed ${seed}, ${params.numRuns ?? 0} runs`);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (caseSeed) => {
        const rng = new Rng(caseSeed);
        const topology = randomTopology(rng);
        const policy = randomPolicy(rng, topology, { names: true, http: true });
        const ctx = planContext(policy, topology);
        const groups = sourceGroups(policy, ctx.book, { roleless: true });
        const targets = policy.rules.map((r) => targeting(ctx, r, groups));
        const index = new TargetIndex(targets);
        for (const group of groups) {
          for (const member of groupMembers(group)) {
            const roles = member.node?.roles ?? (group.role === null ? [] : [group.role]);
            const expected = targets.flatMap((t, i) => (appliesTo(t, member, group) ? [i] : []));
            expect(index.rulesOf(roles), `${member.label} (case ${caseSeed})`).toEqual(expected);
          }
        }
      }),
      { ...params, seed },
    );
  });
});
