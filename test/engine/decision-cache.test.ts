/**
 * The decision cache gives the compiled matcher's own decisions, on random policies and
 * flows with many repeats, with a cache small enough to be emptied during a run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMatcher } from '../../simulator/engine/index.js';
import { DecisionCache } from '../../simulator/engine/decision-cache.js';
import { fcParameters, flowArb, policyArb, topologyArb } from './arbitraries.js';

describe('cached decisions = the matcher', () => {
  it('agrees on repeated flows, across emptyings of a small cache', () => {
    fc.assert(
      fc.property(
        topologyArb,
        policyArb(12),
        fc.array(flowArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 80 }),
        fc.integer({ min: 1, max: 8 }),
        (topology, policy, distinct, picks, entries) => {
          const matcher = compileMatcher(policy, topology);
          const cache = new DecisionCache(matcher, entries);
          for (const pick of picks) {
            // A fresh copy: the cache must key on the values, not on the object.
            const flow = { ...distinct[pick % distinct.length]! };
            expect(cache.decide(flow), JSON.stringify(flow)).toBe(matcher.decide(flow));
            expect(cache.size).toBeLessThanOrEqual(entries);
          }
        },
      ),
      fcParameters(300),
    );
  });

  it('tells an absent field from any value', () => {
    const matcher = {
      decide: (f: { host?: string; ip?: string }) => (f.host === undefined ? 1 : 2),
    };
    const cache = new DecisionCache(matcher);
    expect(cache.decide({ src: 'a', ip: '10.0.0.1', proto: 'tcp', port: 1 })).toBe(1);
    expect(cache.decide({ src: 'a', host: '\u0000', ip: '10.0.0.1', proto: 'tcp', port: 1 })).toBe(
      2,
    );
  });
});
