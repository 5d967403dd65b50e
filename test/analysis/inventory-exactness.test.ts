/**
 * The inventory against brute force: on random topologies and policies, every flow of a
 * finite universe (the product of a few drawn sources, names, addresses, services, methods
 * and paths, filtered to the flows the simulator accepts) lies in exactly one class when the
 * reference interpreter allows it, by that class's rule, and in none otherwise; every class's
 * and finding's witness replays as allowed by its rule and lies in its class. Class
 * membership is read from the JSON alone (class-membership.ts). On failure fast-check prints
 * the seed and path; replay with
 *   EGRESS_FC_SEED=<seed> EGRESS_FC_PATH=<path> npx vitest run test/analysis/inventory-exactness.test.ts
 * and keep the case in regressions.test.ts. EGRESS_FC_RUNS=<n> runs longer.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { fcParameters, policyArb, topologyArb } from '../engine/arbitraries.js';
import { poolFlowArb } from './brute-force.js';
import { checkInventory, universe } from './check-inventory.js';

describe('the inventory equals brute force', () => {
  it('on random topologies, policies and flow universes', () => {
    const params = fcParameters(1000);
    const seed = params.seed ?? Date.now() ^ (Math.random() * 0x7fffffff);
    console.log(`inventory exactness: seed ${seed}, ${params.numRuns ?? 0} runs`);
    const draws = (n: number) => fc.array(poolFlowArb, { minLength: n, maxLength: n });
    fc.assert(
      fc.property(
        fc.option(topologyArb, { freq: 4 }),
        policyArb(6),
        fc.tuple(draws(4), draws(3), draws(3), draws(3), draws(2), draws(3)),
        (topology, policy, pools) =>
          checkInventory(topology ?? undefined, policy, universe(...pools)),
      ),
      { ...params, seed },
    );
  }, 900_000);
});
