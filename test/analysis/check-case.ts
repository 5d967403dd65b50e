/**
 * One case of the exactness check (exactness.test.ts, regressions.test.ts): the verdict the
 * decided sets give every sampled flow's atoms equals the reference interpreter's; every
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
} from '../../simulator/analysis/index.js';
import { locateFlow } from '../../simulator/analysis/atoms.js';
import { FALSE } from '../../simulator/analysis/bdd.js';
import { validFlows, withoutRule } from './brute-force.js';

/** Checks one case; throws (through expect) on the first disagreement. */
export function checkCase(
  topology: Topology | undefined,
  policy: PolicyModel,
  sample: Flow[],
): void {
  const space = buildSpace(topology, [policy]);
  const decisions = decidePolicy(space, policy);
  const flows = validFlows(sample, topology);

  // 1. Every flow: the symbolic verdict of its atoms is the reference verdict.
  const verdicts = flows.map((flow) => evaluateReference(policy, topology, flow));
  flows.forEach((flow, k) => {
    const point = locateFlow(space.atoms, flow);
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
