/**
 * `diffProjects` and `searchFlows` against brute force with the reference interpreter, on
 * random topologies and policies: every sampled flow whose verdict or log flag changes lies
 * in a reported change with its before and after rules, and every change's witness gives
 * the claimed before verdict on BASE and after verdict on HEAD; every sampled flow of a
 * search query lies in a reported class, and every class's witness is in the query and
 * decided as claimed. Replay a failure with EGRESS_FC_SEED / EGRESS_FC_PATH.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../simulator/core/model.js';
import {
  evaluateReference,
  resolveReference,
  ruleMatchesReference,
} from '../../simulator/engine/index.js';
import { diffProjects, searchFlows } from '../../simulator/analysis/index.js';
import { fcParameters, policyArb, topologyArb } from '../engine/arbitraries.js';
import { poolFlowArb, validFlows } from './brute-force.js';

function seeded(runs: number, name: string): fc.Parameters<unknown> {
  const params = fcParameters(runs);
  const seed = params.seed ?? Date.now() ^ (Math.random() * 0x7fffffff);
  console.log(`${name}: seed ${seed}, ${params.numRuns ?? 0} runs`);
  return { ...params, seed };
}

describe('diff equals brute force', () => {
  it('on random pairs of projects', () => {
    fc.assert(
      fc.property(
        fc.option(topologyArb, { freq: 4 }),
        fc.option(topologyArb, { freq: 2 }),
        policyArb(5),
        policyArb(5),
        fc.array(poolFlowArb, { minLength: 30, maxLength: 60 }),
        (t1, t2, base, head, sample) => {
          const baseTopology: Topology | undefined = t1 ?? undefined;
          // Half the cases keep the topology, half change it too.
          const headTopology: Topology | undefined = t2 === null ? baseTopology : t2;
          const changes = diffProjects(
            { policy: base, topology: baseTopology },
            { policy: head, topology: headTopology },
          );
          for (const c of changes) {
            expect(evaluateReference(base, baseTopology, c.witness)).toEqual(c.before);
            expect(evaluateReference(head, headTopology, c.witness)).toEqual(c.after);
          }
          const flows = validFlows(validFlows(sample, baseTopology), headTopology);
          for (const flow of flows) {
            const before = evaluateReference(base, baseTopology, flow);
            const after = evaluateReference(head, headTopology, flow);
            if (before.verdict === after.verdict && before.log === after.log) continue;
            expect(
              changes.some((c) => c.before.rule === before.rule && c.after.rule === after.rule),
              JSON.stringify({ flow, before, after }),
            ).toBe(true);
          }
        },
      ),
      seeded(2000, 'diff exactness'),
    );
  }, 900_000);

  it('reports nothing for a project against itself', () => {
    fc.assert(
      fc.property(fc.option(topologyArb), policyArb(6), (t, policy) => {
        const side = { policy, topology: t ?? undefined };
        expect(diffProjects(side, side)).toEqual([]);
      }),
      seeded(200, 'diff identity'),
    );
  }, 900_000);
});

describe('search equals brute force', () => {
  it('on random projects and queries', () => {
    fc.assert(
      fc.property(
        fc.option(topologyArb, { freq: 4 }),
        policyArb(5),
        policyArb(1, 1),
        fc.constantFrom(undefined, 'allow' as const, 'deny' as const),
        fc.array(poolFlowArb, { minLength: 30, maxLength: 60 }),
        (t, policy, queryPolicy, verdict, sample) => {
          const topology = t ?? undefined;
          const query = queryPolicy.rules[0]!;
          const results = searchFlows(policy, topology, query, verdict ? { verdict } : {});
          for (const r of results) {
            const v = evaluateReference(policy, topology, r.witness);
            expect(v).toEqual({ verdict: r.verdict, rule: r.rule, log: r.log });
            expect(
              ruleMatchesReference(query, resolveReference(topology, r.witness), topology),
            ).toBe(true);
          }
          for (const flow of validFlows(sample, topology)) {
            if (!ruleMatchesReference(query, resolveReference(topology, flow), topology)) continue;
            const v = evaluateReference(policy, topology, flow);
            if (verdict !== undefined && v.verdict !== verdict) continue;
            expect(
              results.some((r) => r.rule === v.rule),
              JSON.stringify(flow),
            ).toBe(true);
          }
        },
      ),
      seeded(2000, 'search exactness'),
    );
  }, 900_000);
});
