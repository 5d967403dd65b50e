/**
 * The fast first-match (`decidePolicy`: each rule against only the earlier rules it overlaps)
 * against the plain reference (`decidePolicyPlain`: one pass carrying the flows no earlier
 * rule matched), on the same diagram: a reduced diagram is canonical, so equal sets are the
 * same node. Seeds are printed; replay with
 *   EGRESS_FC_SEED=<seed> EGRESS_FC_PATH=<path> npx vitest run test/analysis/decisions.test.ts
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSpace } from '../../simulator/analysis/index.js';
import { decidePolicy, decidePolicyPlain } from '../../simulator/analysis/decisions.js';
import { fcParameters, policyArb, topologyArb } from '../engine/arbitraries.js';

describe('decidePolicy equals the plain reference', () => {
  it('on random topologies and policies', () => {
    const params = fcParameters(2000);
    const seed = params.seed ?? Date.now() ^ (Math.random() * 0x7fffffff);
    console.log(`fast first-match: seed ${seed}, ${params.numRuns ?? 0} runs`);
    fc.assert(
      fc.property(fc.option(topologyArb, { freq: 4 }), policyArb(12), (topology, policy) => {
        const space = buildSpace(topology ?? undefined, [policy]);
        const fast = decidePolicy(space, policy);
        const plain = decidePolicyPlain(space, policy);
        expect(fast.matches).toEqual(plain.matches);
        expect(fast.decided).toEqual(plain.decided);
        expect(fast.byDefault).toBe(plain.byDefault);
        expect(fast.inbound).toBe(plain.inbound);
      }),
      { ...params, seed },
    );
  }, 900_000);
});
