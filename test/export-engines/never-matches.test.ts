/**
 * The exporters' never-matches check against the analysis engine: on random topologies and
 * policies, a rule is dead for the exporters exactly when `analyzePolicy` reports it as
 * `never-matches`. On failure fast-check prints the seed and path; replay with
 *   EGRESS_FC_SEED=<seed> EGRESS_FC_PATH=<path> npx vitest run test/export-engines/never-matches.test.ts
 * and keep the case below as a named regression.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyModel, Topology } from '../../simulator/core/model.js';
import { analyzePolicy } from '../../simulator/analysis/index.js';
import { EXPORTERS } from '../../simulator/export/registry.js';
import { neverMatchingRules } from '../../simulator/export/model/never-matches.js';
import { TopologyRegions } from '../../simulator/export/model/topology-regions.js';
import { fcParameters, policyArb, topologyArb } from '../engine/arbitraries.js';
import { node, policy, rule, topology, zone } from '../engine/builders.js';

function exporterView(p: PolicyModel, t: Topology | undefined): string[] {
  return [...neverMatchingRules(p, new TopologyRegions(t)).keys()];
}

function analysisView(p: PolicyModel, t: Topology | undefined): string[] {
  return analyzePolicy(p, t)
    .filter((f) => f.kind === 'never-matches')
    .map((f) => f.rule!);
}

/** The project: `role:llm-api` is the role of an external node. */
function llmProject(): { topology: Topology; policy: PolicyModel } {
  const t = topology(
    [zone('vpc', 'internal', ['10.0.0.0/16']), zone('internet', 'external', [])],
    [
      node('notebook', 'vpc', { roles: ['notebook'], addresses: ['10.0.1.5'] }),
      node('llm', 'internet', {
        roles: ['llm-api'],
        addresses: ['203.0.113.10'],
        hosts: ['api.openai.com'],
      }),
    ],
  );
  const p = policy(
    [
      rule('llm-out', 'allow', { from: ['role:llm-api'], to: ['203.0.113.0/24'], on: ['tcp/443'] }),
      rule('nb-out', 'allow', { from: ['role:notebook'], to: ['203.0.113.0/24'], on: ['tcp/443'] }),
    ],
    { action: 'deny' },
  );
  return { topology: t, policy: p };
}

const TARGETS = EXPORTERS.filter((e) => e.target !== 'audit' && e.target !== 'sql');

describe('never-matching rules', () => {
  it.each(TARGETS.map((e) => [e.target, e] as const))(
    '%s writes nothing for a rule from an external role, and says so',
    (_target, exporter) => {
      const { topology: t, policy: p } = llmProject();
      const result = exporter.run(
        { policy: p, topology: t, project: { name: 'llm', policyFile: 'policy.egress' } },
        {},
      );
      const dead = result.fidelity.find((e) => e.rule === 'llm-out');
      expect(dead?.fidelity).toBe('exact');
      expect(dead?.reason).toMatch(/^never matches: every source it names is external/);
      expect(result.fidelity.map((e) => e.rule)).toEqual(['llm-out', 'nb-out', 'default']);
      // The live rule is written; the dead one at most as a comment saying it is not.
      const text = result.files.map((f) => f.content).join('\n');
      expect(text).toContain('nb-out');
      const mentions = text.split('\n').filter((line) => line.includes('llm-out'));
      for (const line of mentions) expect(line).not.toMatch(/^\s*[^#\s]/);
    },
  );

  it('are the analysis engine’s never-matches findings, on random projects', () => {
    const params = fcParameters(300);
    const seed = params.seed ?? Date.now() ^ (Math.random() * 0x7fffffff);
    console.log(`never-matches: seed ${seed}, ${params.numRuns ?? 0} runs`);
    let withDead = 0;
    fc.assert(
      fc.property(fc.option(topologyArb, { freq: 4 }), policyArb(6), (t, p) => {
        const dead = exporterView(p, t ?? undefined);
        expect(dead).toEqual(analysisView(p, t ?? undefined));
        if (dead.length > 0) withDead++;
      }),
      { ...params, seed },
    );
    // The generator must produce dead rules, or the comparison proves little.
    console.log(`never-matches: ${withDead} cases with a never-matching rule`);
    expect(withDead).toBeGreaterThan(0);
  }, 600_000);

  it('include a rule from the role of an external node (issue example)', () => {
    const t = topology(
      [zone('vpc', 'internal', ['10.0.0.0/16']), zone('internet', 'external', [])],
      [
        node('notebook', 'vpc', { roles: ['notebook'], addresses: ['10.0.1.5'] }),
        node('llm', 'internet', { roles: ['llm-api'], hosts: ['api.openai.com'] }),
      ],
    );
    const p = policy(
      [
        rule('llm-out', 'allow', { from: ['role:llm-api'], to: ['api.openai.com'] }),
        rule('nb-out', 'allow', { from: ['role:notebook'], to: ['api.openai.com'] }),
      ],
      { action: 'deny' },
    );
    expect(exporterView(p, t)).toEqual(['llm-out']);
    expect(analysisView(p, t)).toEqual(['llm-out']);
  });
});
