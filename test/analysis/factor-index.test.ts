/**
 * The factor index (`FactorIndex`: groups by source, service, method and path, then the
 * destination) against the plain overlap index over whole match sets (`OverlapIndex`), on
 * the same diagram: for every rule and a random range of positions, both name the same
 * rules; the product of a rule's factors is its match set; both unions are the same node.
 * Seeds are printed; replay with
 *   EGRESS_FC_SEED=<seed> EGRESS_FC_PATH=<path> npx vitest run test/analysis/factor-index.test.ts
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSpace } from '../../simulator/analysis/index.js';
import { FactorIndex } from '../../simulator/analysis/factor-index.js';
import { OverlapIndex } from '../../simulator/analysis/overlaps.js';
import { fcParameters, policyArb, topologyArb } from '../engine/arbitraries.js';

describe('the factor index equals the overlap index over match sets', () => {
  it('on random topologies and policies', () => {
    const params = fcParameters(2000);
    const seed = params.seed ?? Date.now() ^ (Math.random() * 0x7fffffff);
    console.log(`factor index: seed ${seed}, ${params.numRuns ?? 0} runs`);
    fc.assert(
      fc.property(
        fc.option(topologyArb, { freq: 4 }),
        // Broad policies too: sources and destinations that meet almost every other rule's.
        fc.oneof(policyArb(12), policyArb(12, 0, true)),
        fc.array(fc.tuple(fc.nat(14), fc.nat(14)), { minLength: 12, maxLength: 12 }),
        (topology, policy, ranges) => {
          const space = buildSpace(topology ?? undefined, [policy]);
          const bdd = space.bdd;
          const factors = policy.rules.map((rule) => space.ruleFactors(rule));
          const matches = policy.rules.map((rule) => bdd.and(space.ruleSet(rule), space.internal));
          factors.forEach((f, i) => {
            expect(f.reduce((a, b) => bdd.and(a, b))).toBe(matches[i]);
          });
          const fast = new FactorIndex(bdd, factors);
          const plain = new OverlapIndex(bdd, matches);
          expect(fast.union).toBe(plain.union);
          policy.rules.forEach((_, i) => {
            const [a, b] = ranges[i]!;
            const [from, to] = a <= b ? [a, b] : [b, a];
            expect(fast.meeting(factors[i]!, from, to), `rule ${i} in [${from}, ${to})`).toEqual(
              plain.meeting(matches[i]!, from, to),
            );
            expect(fast.meeting(factors[i]!)).toEqual(plain.meeting(matches[i]!));
          });
        },
      ),
      { ...params, seed },
    );
  }, 900_000);
});
