/**
 * The Changes view's inputs and answers: the baseline is the project as last saved or opened
 * (a template never saved included), and the worker's `changes` request gives `egress diff`
 * of the baseline and the working copy, each change with a witness that the working copy
 * decides as claimed.
 */
import { describe, expect, it } from 'vitest';
import { projectInput } from '../../../renderer/store/project-input.js';
import { baselineInput, isBaseline } from '../../../renderer/changes/use-changes.js';
import { createStudioStore } from '../../../renderer/store/studio-store.js';
import { EngineSession } from '../../../renderer/worker/engine-handlers.js';
import { sampleTopology } from '../fixtures.js';

const POLICY = `policy ml
allow train-deps from role:trainer to pypi.org on tcp/443
default deny log
`;

function store(saved: boolean) {
  return createStudioStore({
    projectName: 'ml',
    policyFile: 'policy.egress',
    topology: sampleTopology(),
    policyText: POLICY,
    hasTopology: true,
    handle: null,
    saved,
  });
}

describe('the Changes view', () => {
  it('compares with the project as opened, then as last saved', () => {
    const s = store(false);
    expect(isBaseline(s.getState())).toBe(true);
    s.getState().setPolicyText(POLICY.replace('tcp/443', 'tcp/8443'));
    expect(isBaseline(s.getState())).toBe(false);
    expect(baselineInput(s.getState()).policyText).toBe(POLICY);
    s.getState().markSaved(null);
    expect(isBaseline(s.getState())).toBe(true);
    expect(baselineInput(s.getState())).toEqual(projectInput(s.getState()));
    s.getState().dispatch({ type: 'update-node', id: 'notebook', patch: { roles: ['trainer'] } });
    expect(isBaseline(s.getState())).toBe(false);
    s.getState().undo();
    expect(isBaseline(s.getState())).toBe(true);
  });

  it('the worker lists each changed class with before, after and a witness that replays', () => {
    const s = store(true);
    s.getState().setPolicyText(POLICY.replace('tcp/443', 'tcp/8443'));
    const session = new EngineSession();
    const base = baselineInput(s.getState());
    const head = projectInput(s.getState());
    const changes = session.handle({ type: 'changes', base, project: head });
    expect(
      changes.map((c) => [c.before.verdict, c.before.rule, c.after.verdict, c.after.rule]),
    ).toEqual([
      ['allow', 'train-deps', 'deny', 'default'],
      ['deny', 'default', 'allow', 'train-deps'],
    ]);
    for (const c of changes) {
      expect(
        session.handle({ type: 'explain', project: head, flow: c.witness }).verdict,
      ).toMatchObject({
        verdict: c.after.verdict,
        rule: c.after.rule,
      });
      expect(
        session.handle({ type: 'explain', project: base, flow: c.witness }).verdict,
      ).toMatchObject({
        verdict: c.before.verdict,
        rule: c.before.rule,
      });
    }
    expect(changes[0]!.description).toContain('trainer');
    // A topology change counts: the notebook gains the trainer role.
    const topology = sampleTopology();
    topology.nodes.find((n) => n.id === 'notebook')!.roles = ['trainer'];
    const gained = session.handle({ type: 'changes', base, project: { ...base, topology } });
    expect(gained.map((c) => [c.before.rule, c.after.rule])).toEqual([['default', 'train-deps']]);
    expect(session.handle({ type: 'changes', base, project: base })).toEqual([]);
  });

  it('says so when either side has errors', () => {
    const session = new EngineSession();
    const good = projectInput(store(true).getState());
    const broken = { ...good, policyText: POLICY + 'allow x from role:nobody to pypi.org\n' };
    expect(() => session.handle({ type: 'changes', base: good, project: broken })).toThrow(
      /error in the project; fix it first/,
    );
    expect(() => session.handle({ type: 'changes', base: broken, project: good })).toThrow(
      /project as last saved has errors/,
    );
  });
});
