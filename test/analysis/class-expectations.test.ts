/**
 * Quantified expectations against brute force: on random topologies, policies and classes,
 * when the analysis says `expect all|none allowed|denied …` holds, no sampled flow of the
 * class (host and ip not contradicted by the topology) gets the other verdict from the
 * reference interpreter; when it says the expectation fails, its witness is a flow of the
 * class that the reference decides the other way. Seeds are printed; replay with
 *   EGRESS_FC_SEED=<seed> EGRESS_FC_PATH=<path> npx vitest run test/analysis/class-expectations.test.ts
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type {
  Action,
  ClassExpectation,
  Flow,
  PolicyModel,
  Topology,
} from '../../simulator/core/model.js';
import {
  evaluateReference,
  resolveReference,
  ruleMatchesReference,
  validateFlow,
} from '../../simulator/engine/index.js';
import { checkClassExpectations } from '../../simulator/analysis/class-expectations.js';
import { fcParameters, policyArb, topologyArb } from '../engine/arbitraries.js';
import { R0 } from '../engine/builders.js';
import { poolFlowArb, validFlows } from './brute-force.js';

/** A class as a rule gives it: the clauses of a random one-rule policy. */
const classArb: fc.Arbitrary<ClassExpectation> = fc
  .record({
    policy: policyArb(1, 1),
    quantifier: fc.constantFrom('all' as const, 'none' as const),
    verdict: fc.constantFrom<Action>('allow', 'deny'),
  })
  .map(({ policy, quantifier, verdict }) => {
    const { from, to, services, methods, paths } = policy.rules[0]!;
    return { quantifier, verdict, from, to, services, methods, paths, text: 'class', range: R0 };
  });

/** The host's node (by its hosts) and the ip's node (by its addresses) do not disagree. */
function realistic(topology: Topology | undefined, flow: Flow): boolean {
  if (flow.host === undefined || flow.ip === undefined) return true;
  const byHost = resolveReference(topology, { ...flow, ip: undefined }).destination.node;
  const byIp = resolveReference(topology, { ...flow, host: undefined }).destination.node;
  return byHost === null || byHost === byIp;
}

function inClass(topology: Topology | undefined, e: ClassExpectation, flow: Flow): boolean {
  const asRule = { ...e, id: 'class', action: 'deny' as const, index: 0, log: false };
  const r = resolveReference(topology, flow);
  return ruleMatchesReference({ ...asRule, description: null }, r, topology);
}

function checkClassCase(
  topology: Topology | undefined,
  policy: PolicyModel,
  classes: ClassExpectation[],
  sample: Flow[],
): void {
  const withClasses = { ...policy, classExpectations: classes };
  const verdicts = checkClassExpectations(withClasses, topology);
  expect(verdicts).toHaveLength(classes.length);
  const flows = validFlows(sample, topology).filter((f) => realistic(topology, f));
  for (const v of verdicts) {
    const e = v.expectation;
    const wanted = e.quantifier === 'all' ? e.verdict : e.verdict === 'allow' ? 'deny' : 'allow';
    expect(v.wanted).toBe(wanted);
    if (v.holds) {
      expect(v.witness).toBeNull();
      for (const flow of flows) {
        if (!inClass(topology, e, flow)) continue;
        expect(evaluateReference(policy, topology, flow).verdict, JSON.stringify(flow)).toBe(
          wanted,
        );
      }
    } else {
      const w = v.witness!;
      const text = JSON.stringify(w);
      expect(validateFlow(w, topology), text).toBeUndefined();
      expect(inClass(topology, e, w), text).toBe(true);
      expect(realistic(topology, w), text).toBe(true);
      expect(evaluateReference(policy, topology, w).verdict, text).not.toBe(wanted);
    }
  }
}

describe('quantified expectations equal brute force', () => {
  it('on random topologies, policies, classes and flows', () => {
    const params = fcParameters(2000);
    const seed = params.seed ?? Date.now() ^ (Math.random() * 0x7fffffff);
    console.log(`class expectations: seed ${seed}, ${params.numRuns ?? 0} runs`);
    fc.assert(
      fc.property(
        fc.option(topologyArb, { freq: 4 }),
        policyArb(6),
        fc.array(classArb, { minLength: 1, maxLength: 3 }),
        fc.array(poolFlowArb, { minLength: 30, maxLength: 60 }),
        (topology, policy, classes, sample) =>
          checkClassCase(topology ?? undefined, policy, classes, sample),
      ),
      { ...params, seed },
    );
  }, 900_000);
});
