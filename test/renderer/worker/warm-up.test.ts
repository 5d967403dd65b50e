/** The worker's warm-up: one check per step, each a text the session has not seen. */
import { describe, expect, it } from 'vitest';
import type { EngineRequest } from '../../../renderer/worker/protocol.js';
import {
  projectWarmUpSteps,
  runInSteps,
  syntheticPolicy,
  warmUpSteps,
} from '../../../renderer/worker/warm-up.js';
import { checkPolicy } from '../../../simulator/index.js';
import { EngineSession } from '../../../renderer/worker/engine-handlers.js';

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

describe('projectWarmUpSteps', () => {
  const project = {
    policyFile: 'policy.egress',
    policyText: 'policy p\nallow web from any to example.com on tcp/443\n',
    topology: null,
  };

  it('checks the project once a step, as if typed into in its middle', () => {
    const seen: EngineRequest[] = [];
    const session = { handle: (request: EngineRequest) => void seen.push(request) } as never;
    const text = 'policy p\nallow a from any to a.example.com\nallow b from any to b.example.com\n';
    const steps = [...projectWarmUpSteps({ ...project, policyText: text }, 3, session)];
    expect(steps).toHaveLength(3);
    const texts = seen.map((r) => (r.type === 'analyze' ? r.project.policyText : ''));
    const [head, tail] = [
      'policy p\nallow a from any to a.example.com\n',
      'allow b from any to b.example.com\n',
    ];
    expect(texts).toEqual([`${head}x\n${tail}`, `${head}\nxx\n${tail}`, `${head}xxx\n${tail}`]);
    expect(
      seen.every((r) => r.type === 'analyze' && r.project.policyFile === 'policy.egress'),
    ).toBe(true);
  });

  it("leaves the real session's last check alone (a session of its own)", () => {
    const real = new EngineSession();
    real.handle({ type: 'analyze', project });
    expect(real.parsedStatements).toBe(2);
    for (const _ of projectWarmUpSteps(project)) {
      // each step checks the project in the warm-up's own session
    }
    real.handle({ type: 'analyze', project });
    expect(real.parsedStatements).toBe(0); // answered from its cache: nothing was parsed
  });
});

describe('EngineSession.parsedStatements', () => {
  it('counts what a check parsed: everything at first, then only what an edit changed', () => {
    const session = new EngineSession();
    const text = syntheticPolicy(10);
    const check = (policyText: string) =>
      session.handle({
        type: 'analyze',
        project: { policyFile: 'p.egress', policyText, topology: null },
      });
    check(text);
    expect(session.parsedStatements).toBe(72); // policy, 10 × 7, default
    check(text.replace('allow r3 ', 'allow r3x '));
    expect(session.parsedStatements).toBe(1);
    // Everything moves down a line; parsed again: `policy` (the comment is its description
    // now) and r3, back to its first text.
    check(`# a comment above everything\n${text}`);
    expect(session.parsedStatements).toBe(2);
  });
});

describe('runInSteps', () => {
  it('runs one step per task until stopped', async () => {
    let ran = 0;
    function* steps(): Generator<void, void, void> {
      for (;;) {
        ran++;
        yield;
      }
    }
    const stop = runInSteps(steps());
    await new Promise((r) => setTimeout(r, 20));
    stop();
    const atStop = ran;
    expect(atStop).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 20));
    expect(ran).toBe(atStop);
  });
});
