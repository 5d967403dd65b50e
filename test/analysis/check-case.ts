/**
 * One case of the exactness check (exactness.test.ts, regressions.test.ts, mutants.test.ts):
 * exactly one decider's set (the guard's, a rule's or the default's) holds every sampled
 * flow's atoms, and its verdict equals the reference interpreter's; so does `verdictAt`; every
 * rule that decides something has a witness it decides; every finding's witness replays
 * as claimed; every claim that no flow exists holds on every sampled flow.
 */
import { expect } from 'vitest';
import type { Flow, PolicyModel, Topology } from '../../simulator/core/model.js';
import {
  evaluateReference,
  resolveReference,
  ruleMatchesReference,
} from '../../simulator/engine/index.js';
import {
  analyzePolicy,
  buildSpace,
  decidePolicy,
  verdictAt,
  type FlowSpace,
  type PolicyDecisions,
} from '../../simulator/analysis/index.js';
import { deciders } from '../../simulator/analysis/decisions.js';
import { locateFlow } from '../../simulator/analysis/atoms.js';
import { FALSE } from '../../simulator/analysis/bdd.js';
import { validFlows, withoutRule } from './brute-force.js';

/**
 * The two pieces of the engine a case runs: the flow space and first-match over it. The
 * mutation test (mutants.test.ts) passes deliberately broken ones.
 */
export interface Engine {
  space(topology: Topology | undefined, policy: PolicyModel): FlowSpace;
  decide(space: FlowSpace, policy: PolicyModel): PolicyDecisions;
}

export const ENGINE: Engine = {
  space: (topology, policy) => buildSpace(topology, [policy]),
  decide: decidePolicy,
};

/** Checks one case; throws (through expect) on the first disagreement. */
export function checkCase(
  topology: Topology | undefined,
  policy: PolicyModel,
  sample: Flow[],
  engine: Engine = ENGINE,
): void {
  const space = engine.space(topology, policy);
  const decisions = engine.decide(space, policy);
  const flows = validFlows(sample, topology);

  // 1. Every flow: one decider's set holds its atoms, with the reference verdict.
  const verdicts = flows.map((flow) => evaluateReference(policy, topology, flow));
  const all = deciders(decisions);
  flows.forEach((flow, k) => {
    const point = locateFlow(space.atoms, flow);
    const holding = all.filter((d) => space.contains(d.set, point));
    expect(holding.length, JSON.stringify(flow)).toBe(1);
    expect(holding[0]!.verdict, JSON.stringify(flow)).toEqual(verdicts[k]);
    expect(verdictAt(space, decisions, point), JSON.stringify(flow)).toEqual(verdicts[k]);
  });

  // 2. Every rule that decides some flow has a witness it decides.
  policy.rules.forEach((rule, i) => {
    const decided = decisions.decided[i]!;
    if (decided === FALSE) return;
    const witness = space.witness(decided);
    expect(evaluateReference(policy, topology, witness).rule, JSON.stringify(witness)).toBe(
      rule.id,
    );
  });

  // 3. Findings: witnesses replay, emptiness claims hold on the sample.
  const findings = analyzePolicy(policy, topology, { space, decisions });
  const resolved = flows.map((flow) => resolveReference(topology, flow));
  for (const f of findings) {
    const index = policy.rules.findIndex((r) => r.id === f.rule);
    const rule = policy.rules[index]!;
    const matches = (flow: Flow): boolean =>
      ruleMatchesReference(rule, resolveReference(topology, flow), topology);
    switch (f.kind) {
      case 'never-matches':
        expect(f.witness).toBeNull();
        resolved.forEach((r) => {
          if (!r.source.external) expect(ruleMatchesReference(rule, r, topology)).toBe(false);
        });
        break;
      case 'shadowed': {
        verdicts.forEach((v) => expect(v.rule).not.toBe(rule.id));
        const v = evaluateReference(policy, topology, f.witness!);
        expect(f.by).toContain(v.rule);
        expect(matches(f.witness!)).toBe(true);
        break;
      }
      case 'redundant': {
        const without = withoutRule(policy, index);
        [...flows, f.witness!].forEach((flow, k) => {
          const before = verdicts[k] ?? evaluateReference(policy, topology, flow);
          const after = evaluateReference(without, topology, flow);
          expect([after.verdict, after.log], JSON.stringify(flow)).toEqual([
            before.verdict,
            before.log,
          ]);
        });
        expect(evaluateReference(policy, topology, f.witness!).rule).toBe(rule.id);
        expect(f.by).toContain(evaluateReference(without, topology, f.witness!).rule);
        break;
      }
      case 'overridden': {
        const v = evaluateReference(policy, topology, f.witness!);
        expect(v.rule).toBe(f.by[0]);
        expect(v.verdict).not.toBe(rule.action);
        expect(matches(f.witness!)).toBe(true);
        break;
      }
    }
  }
  // The converse: a rule the sample shows deciding a flow is neither shadowed nor dead.
  for (const v of verdicts) {
    expect(
      findings.some(
        (f) => f.rule === v.rule && (f.kind === 'shadowed' || f.kind === 'never-matches'),
      ),
    ).toBe(false);
  }
}
