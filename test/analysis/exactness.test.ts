/**
 * The symbolic engine against brute force: on random topologies and policies, the verdict the
 * decided sets give every sampled flow's atoms equals the reference interpreter's; every
 * finding's witness replays as claimed; every claim that no flow exists (never matches,
 * shadowed, redundant) holds on every sampled flow; every rule that decides something has a
 * witness it decides. On failure fast-check prints the seed and path; replay with
 *   EGRESS_FC_SEED=<seed> EGRESS_FC_PATH=<path> npx vitest run test/analysis/exactness.test.ts
 * and keep the case in regressions.test.ts. EGRESS_FC_RUNS=<n> runs longer.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { fcParameters, policyArb, topologyArb } from '../engine/arbitraries.js';
import { poolFlowArb } from './brute-force.js';
import { checkCase } from './check-case.js';

describe('symbolic analysis equals brute force', () => {
  it('on random topologies, policies and flows', () => {
    const params = fcParameters(2000);
    const seed = params.seed ?? Date.now() ^ (Math.random() * 0x7fffffff);
    console.log(`analysis exactness: seed ${seed}, ${params.numRuns ?? 0} runs`);
    fc.assert(
      fc.property(
        fc.option(topologyArb, { freq: 4 }),
        policyArb(6),
        fc.array(poolFlowArb, { minLength: 30, maxLength: 60 }),
        (topology, policy, sample) => checkCase(topology ?? undefined, policy, sample),
      ),
      { ...params, seed },
    );
    // A cap, not a timing assertion: thousands of cases on a shared machine take minutes.
  }, 900_000);
});
