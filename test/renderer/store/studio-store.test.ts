import { describe, expect, it } from 'vitest';
import { parsePanelSizes, DEFAULT_PANEL_SIZES } from '../../../renderer/model/panel-sizes.js';
import { isDirty } from '../../../renderer/store/document.js';
import { createStudioStore } from '../../../renderer/store/studio-store.js';
import { sampleTopology } from '../fixtures.js';

function store(saved = true) {
  return createStudioStore({
    projectName: 'ml',
    policyFile: 'policy.egress',
    topology: sampleTopology(),
    policyText: 'policy ml\n',
    hasTopology: true,
    handle: null,
    saved,
  });
}

describe('studio store', () => {
  it('tracks unsaved changes, and undoing back to the saved state is clean again', () => {
    const s = store();
    expect(isDirty(s.getState().doc)).toBe(false);
    s.getState().dispatch({ type: 'update-node', id: 'pypi', patch: { label: 'PyPI' } });
    expect(isDirty(s.getState().doc)).toBe(true);
    s.getState().undo();
    expect(isDirty(s.getState().doc)).toBe(false);
    s.getState().setPolicyText('policy ml\n# more\n');
    expect(isDirty(s.getState().doc)).toBe(true);
    s.getState().markSaved(null);
    expect(isDirty(s.getState().doc)).toBe(false);
  });

  it('a never-saved document counts as unsaved', () => {
    expect(isDirty(store(false).getState().doc)).toBe(true);
  });

  it('deletes the selection and prunes selections that no longer exist', () => {
    const s = store();
    s.getState().select({ nodes: ['pypi'], edges: [2], zones: [] });
    s.getState().deleteSelection();
    const t = s.getState().doc.history.present;
    expect(t.nodes.map((n) => n.id)).toEqual(['trainer', 'notebook', 'openai']);
    expect(t.edges).toEqual([]);
    expect(s.getState().selection).toEqual({ nodes: [], edges: [], zones: [] });
    s.getState().select({ nodes: ['openai'], edges: [], zones: [] });
    s.getState().undo();
    s.getState().redo();
    expect(s.getState().selection.nodes).toEqual(['openai']);
    s.getState().dispatch({ type: 'remove', nodes: ['openai'], edges: [], zones: [] });
    expect(s.getState().selection.nodes).toEqual([]);
  });

  it('copies and pastes, selecting the pasted nodes', () => {
    const s = store();
    s.getState().select({ nodes: ['trainer'], edges: [], zones: [] });
    expect(s.getState().copy()).toBe(true);
    s.getState().paste();
    s.getState().paste();
    expect(s.getState().doc.history.present.nodes.map((n) => n.id)).toContain('trainer-3');
    expect(s.getState().selection.nodes).toEqual(['trainer-3']);
  });

  it('coalesces a drag into one undo step', () => {
    const s = store();
    for (let x = 101; x <= 140; x++) {
      s.getState().dispatch(
        { type: 'move-nodes', moves: [{ id: 'trainer', position: { x, y: 100 } }] },
        'drag:1',
      );
    }
    s.getState().sealHistory();
    expect(s.getState().doc.history.past).toHaveLength(1);
    s.getState().undo();
    expect(s.getState().doc.history.present.nodes[0]!.position).toEqual({ x: 100, y: 100 });
  });

  it('forgets simulation results when the topology changes', () => {
    const s = store();
    s.getState().setTests({ results: [], passed: 0, failed: 0 });
    s.getState().dispatch({ type: 'rename-topology', name: 'x' });
    expect(s.getState().tests).toBeNull();
  });

  it('marks results out of date when the policy changes, dropping the selected result', () => {
    const s = store();
    const report = { results: [], passed: 0, failed: 0 };
    s.getState().setTests(report);
    s.getState().setFocus({ key: 'k', flow: null, rule: 'r', edge: 0, verdict: 'allow' });
    expect(s.getState().resultsStale).toBe(false);
    // Formatting: whitespace only, but the rule ranges the highlight used have moved.
    s.getState().setPolicyText(`${s.getState().doc.policyText}\n\n`);
    expect(s.getState().tests).toBe(report);
    expect(s.getState().resultsStale).toBe(true);
    expect(s.getState().focus).toBeNull();
    expect(s.getState().explanation).toBeNull();
    s.getState().setTests({ ...report });
    expect(s.getState().resultsStale).toBe(false);
  });
});

describe('panel sizes', () => {
  it('falls back to defaults on bad input and clamps stored values', () => {
    expect(parsePanelSizes(null)).toEqual(DEFAULT_PANEL_SIZES);
    expect(parsePanelSizes('{oops')).toEqual(DEFAULT_PANEL_SIZES);
    expect(parsePanelSizes('[1,2]')).toEqual(DEFAULT_PANEL_SIZES);
    expect(parsePanelSizes('{"palette": 10, "dock": 400, "editor": "wide"}')).toEqual({
      ...DEFAULT_PANEL_SIZES,
      palette: 180,
      dock: 400,
    });
  });
});
