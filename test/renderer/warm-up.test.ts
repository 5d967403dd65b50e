/** The worker's warm-up: one check per step, each a text the session has not seen. */
import { describe, expect, it } from 'vitest';
import type { EngineRequest } from '../../renderer/worker/protocol.js';
import { syntheticPolicy, warmUpSteps } from '../../renderer/worker/warm-up.js';
import { checkPolicy } from '../../simulator/index.js';
import { EngineSession } from '../../renderer/worker/engine-handlers.js';

describe('warmUpSteps', () => {
  it('checks every sample every round, one check a step, never the same text twice', () => {
    const seen: EngineRequest[] = [];
    const session = { handle: (request: EngineRequest) => void seen.push(request) } as never;
    const steps = [...warmUpSteps(['policy a', 'policy b'], 12, session)];
    expect(steps).toHaveLength(24);
    const analyses = seen.filter((r) => r.type === 'analyze');
    expect(analyses).toHaveLength(24);
    const texts = analyses.map((r) => (r.type === 'analyze' ? r.project.policyText : ''));
    expect(new Set(texts).size).toBe(24);
    expect(texts.every((t) => t.startsWith('policy a') || t.startsWith('policy b'))).toBe(true);
    // Rounds 0 and 10 also ask for the details.
    expect(seen.filter((r) => r.type === 'analysis-details')).toHaveLength(4);
  });

  it('checks the samples with the real engine without an error', () => {
    const session = new EngineSession();
    const text = 'policy warm\nallow web from any to example.com on tcp/443\n';
    for (const _ of warmUpSteps([text], 2, session)) {
      // each step has run one check
    }
    const result = session.handle({
      type: 'analyze',
      project: {
        policyFile: 'warm-up.egress',
        policyText: `${text}\n# warm-up 1\n`,
        topology: null,
      },
    });
    expect(result.policyDiagnostics).toEqual([]);
    expect(result.counts?.rules).toBe(1);
  });

  it('generates a large policy that checks cleanly, with every statement kind', () => {
    const text = syntheticPolicy(40);
    const checked = checkPolicy(text, { file: 'warm-up.egress' });
    expect(checked.diagnostics).toEqual([]);
    expect(checked.model?.rules).toHaveLength(80);
    expect(checked.model?.sets).toHaveLength(120);
    expect(checked.model?.expectations).toHaveLength(80);
    expect(checked.model?.rules.some((r) => r.methods !== null && r.paths !== null)).toBe(true);
  });
});
