/**
 * The mutation test of the analysis engine: each deliberately broken engine (mutants.ts)
 * runs through the same brute-force comparison as exactness.test.ts, with the same budget
 * of runs, and must fail it. A mutant that survives means the comparison has a blind spot.
 * Seeds are printed; replay one with
 *   EGRESS_FC_SEED=<seed> npx vitest run test/analysis/mutants.test.ts
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcParameters, policyArb, topologyArb } from '../engine/arbitraries.js';
import { poolFlowArb } from './brute-force.js';
import { checkCase, type Engine } from './check-case.js';
import { MUTANTS } from './mutants.js';

function caseProperty(engine: Engine) {
  return fc.property(
    fc.option(topologyArb, { freq: 4 }),
    policyArb(6),
    fc.array(poolFlowArb, { minLength: 30, maxLength: 60 }),
    (topology, policy, sample) => checkCase(topology ?? undefined, policy, sample, engine),
  );
}

describe('the brute-force comparison catches deliberate mutations of the engine', () => {
  for (const [name, engine] of Object.entries(MUTANTS)) {
    it(
      name,
      () => {
        const params = fcParameters(2000);
        const seed = params.seed ?? Date.now() ^ (Math.random() * 0x7fffffff);
        const result = fc.check(caseProperty(engine), {
          ...params,
          seed,
          path: undefined,
          endOnFailure: true,
        });
        console.log(
          `mutant "${name}": seed ${seed}, ${result.failed ? `caught after ${result.numRuns} of` : 'survived'} ${params.numRuns ?? 0} runs`,
        );
        // A mutant must be caught by a disagreement, not by crashing the engine.
        const error = String(result.errorInstance ?? '');
        if (result.failed) console.log(`  ${error.split('\n')[0]!}`);
        expect(error).not.toMatch(/TypeError|RangeError|ReferenceError/);
        expect(result.failed, `the mutant survived ${params.numRuns ?? 0} runs`).toBe(true);
      },
      900_000,
    );
  }
});
