/**
 * The compiled matcher gives exactly the reference interpreter's verdicts (docs/language.md, last
 * paragraph), on random topologies, policies and boundary-biased flows. On failure
 * fast-check prints the seed, the path and a shrunk counterexample; replay it with
 *   EGRESS_FC_SEED=<seed> EGRESS_FC_PATH=<path> npx vitest run test/engine/differential.test.ts
 * and keep it as a named case in regressions.test.ts. EGRESS_FC_RUNS=<n> runs longer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Flow, PolicyModel, Topology } from '../../simulator/core/model.js';
import { formatIp } from '../../simulator/net/ip.js';
import {
  evaluateReference,
  explainFlow,
  indexTopology,
  resolveFlow,
  resolveReference,
} from '../../simulator/engine/index.js';
import type { ResolvedFlow } from '../../simulator/engine/index.js';
import { compileWithLinearScan } from '../../simulator/engine/linear-scan.js';
import { generateWorkload } from '../../bench/flows.js';
import { fcParameters, flowArb, policyArb, topologyArb } from './arbitraries.js';

function agree(topology: Topology | undefined, policy: PolicyModel, flows: Flow[]): void {
  const { matcher, decideLinear } = compileWithLinearScan(policy, topology);
  for (const flow of flows) {
    const expected = evaluateReference(policy, topology, flow);
    expect(matcher.evaluate(flow), JSON.stringify(flow)).toEqual(expected);
    expect(matcher.verdictFor(decideLinear(flow)), JSON.stringify(flow)).toEqual(expected);
  }
}

/** Resolution as comparable text. */
function summary(r: ResolvedFlow): unknown {
  return {
    name: r.source.name,
    node: r.source.node?.id ?? null,
    ip: r.source.ip ? formatIp(r.source.ip) : null,
    zone: r.source.zone,
    external: r.source.external,
    dstNode: r.destination.node?.id ?? null,
    host: r.destination.host,
    dstIp: r.destination.ip ? formatIp(r.destination.ip) : null,
    implied: r.destination.ipImplied,
  };
}

const maybeTopology = fc.option(topologyArb, { freq: 5, nil: undefined });

describe('compiled matcher = reference interpreter', () => {
  it('agrees on small policies (many runs)', () => {
    fc.assert(
      fc.property(maybeTopology, policyArb(12), fc.array(flowArb, { maxLength: 40 }), agree),
      fcParameters(400),
    );
  });

  it('agrees on larger policies, where the source and service indexes get chosen', () => {
    fc.assert(
      fc.property(
        maybeTopology,
        policyArb(90, 20),
        fc.array(flowArb, { minLength: 20, maxLength: 60 }),
        agree,
      ),
      fcParameters(120),
    );
  });

  it('agrees on broad policies, where candidates come from the service index', () => {
    fc.assert(
      fc.property(
        maybeTopology,
        policyArb(90, 20, true),
        fc.array(flowArb, { minLength: 20, maxLength: 60 }),
        agree,
      ),
      fcParameters(120),
    );
  });

  it('agrees on the benchmark workload (large tries, start tables, every rule kind)', () => {
    const { topology, policy, flows } = generateWorkload(3000, 3000, 7);
    const { matcher, decideLinear } = compileWithLinearScan(policy, topology);
    flows.forEach((flow, i) => {
      const compiled = matcher.evaluate(flow);
      expect(matcher.verdictFor(decideLinear(flow)), JSON.stringify(flow)).toBe(compiled);
      // The plain interpreter is slow at 3,000 rules: every tenth flow.
      if (i % 10 === 0) expect(compiled).toEqual(evaluateReference(policy, topology, flow));
    });
  });

  it('resolves flows like the reference (indexed tries vs plain loops)', () => {
    fc.assert(
      fc.property(topologyArb, fc.array(flowArb, { maxLength: 30 }), (topology, flows) => {
        const index = indexTopology(topology);
        for (const flow of flows) {
          expect(summary(resolveFlow(index, flow)), JSON.stringify(flow)).toEqual(
            summary(resolveReference(topology, flow)),
          );
        }
      }),
      fcParameters(300),
    );
  });

  it('explain reaches the reference verdict and stops at the deciding rule', () => {
    fc.assert(
      fc.property(
        maybeTopology,
        policyArb(12),
        fc.array(flowArb, { maxLength: 10 }),
        (topology, policy, flows) => {
          for (const flow of flows) {
            const explanation = explainFlow(policy, topology, flow);
            const expected = evaluateReference(policy, topology, flow);
            expect(explanation.verdict).toEqual(expected);
            const tried = explanation.rules;
            expect(tried.slice(0, -1).every((r) => !r.matched)).toBe(true);
            if (expected.rule !== 'default' && expected.rule !== 'inbound') {
              expect(tried[tried.length - 1]?.id).toBe(expected.rule);
            }
          }
        },
      ),
      fcParameters(150),
    );
  });
});
