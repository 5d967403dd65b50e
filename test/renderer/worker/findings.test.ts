/**
 * The whole-space findings in the app: the worker answers a `findings` request with the
 * project's findings split by file, `withFindings` adds them to the analysis the editor and
 * Problems show, and the quick fix deletes a dead rule with its description.
 */
import { describe, expect, it } from 'vitest';
import { readAnalysis, withDetails, withFindings } from '../../../renderer/worker/analysis.js';
import { EngineSession } from '../../../renderer/worker/engine-handlers.js';
import type { ProjectInput } from '../../../renderer/worker/protocol.js';
import { ruleDeletionLines, ruleIdOnLine } from '../../../renderer/editor/finding-fixes.js';
import { sampleTopology } from '../fixtures.js';

const POLICY = `policy ml
allow train-deps from role:trainer to pypi.org on tcp/443
# Again, by mistake.
allow train-deps-again from role:trainer to pypi.org on tcp/443
default deny log
`;

function project(policyText = POLICY): ProjectInput {
  return { policyText, policyFile: 'policy.egress', topology: sampleTopology() };
}

describe('findings in the app', () => {
  it('the worker reports a shadowed rule at its range, and nothing for a broken project', () => {
    const session = new EngineSession();
    const findings = session.handle({ type: 'findings', project: project() });
    const shadowed = findings.policy.find((d) => d.code === 'EGS4102');
    expect(shadowed?.range?.start.line).toBe(4);
    expect(shadowed?.message).toContain('train-deps-again');
    expect(findings.topology.every((d) => d.file === 'topology.yaml')).toBe(true);
    const broken = session.handle({
      type: 'findings',
      project: project(POLICY + 'allow x from role:nobody to pypi.org\n'),
    });
    expect(broken).toEqual({ policy: [], topology: [] });
  });

  it('adds the findings to the diagnostics and keeps the details', () => {
    const session = new EngineSession();
    const analysis = withDetails(
      readAnalysis(session.handle({ type: 'analyze', project: project() })),
      session.handle({ type: 'analysis-details', project: project() }),
    );
    const findings = session.handle({ type: 'findings', project: project() });
    const shown = withFindings(analysis, findings);
    expect(shown.policyDiagnostics).toEqual([...analysis.policyDiagnostics, ...findings.policy]);
    expect(shown.policyDiagnostics.some((d) => d.code === 'EGS4102')).toBe(true);
    expect(shown.model?.rules.map((r) => r.id)).toEqual(['train-deps', 'train-deps-again']);
  });

  it('deletes the rule with the comment block above it', () => {
    const lines = POLICY.split('\n');
    expect(ruleIdOnLine(lines[3]!)).toBe('train-deps-again');
    expect(ruleIdOnLine('expect allow node:trainer -> pypi.org on tcp/443')).toBeNull();
    expect(ruleDeletionLines(lines, 4, 4)).toEqual({ first: 3, last: 4 });
    expect(ruleDeletionLines(lines, 2, 2)).toEqual({ first: 2, last: 2 });
  });
});
