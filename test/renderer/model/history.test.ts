import { describe, expect, it } from 'vitest';
import {
  HISTORY_LIMIT,
  canRedo,
  canUndo,
  commit,
  createHistory,
  redo,
  seal,
  undo,
} from '../../../renderer/model/history.js';
import { applyTopologyChange } from '../../../renderer/model/topology-changes.js';
import { sampleTopology } from '../fixtures.js';

describe('history', () => {
  it('undoes and redoes topology changes', () => {
    const t0 = sampleTopology();
    let h = createHistory(t0);
    const t1 = applyTopologyChange(t0, { type: 'remove', nodes: ['pypi'], edges: [], zones: [] });
    h = commit(h, t1);
    const t2 = applyTopologyChange(t1, { type: 'rename-node', from: 'trainer', to: 'train' });
    h = commit(h, t2);
    expect(h.present).toBe(t2);
    h = undo(h);
    expect(h.present).toBe(t1);
    h = undo(h);
    expect(h.present).toBe(t0);
    expect(canUndo(h)).toBe(false);
    h = redo(h);
    expect(h.present).toBe(t1);
    expect(canRedo(h)).toBe(true);
  });

  it('a new commit after undo drops the redo branch', () => {
    let h = createHistory('a');
    h = commit(h, 'b');
    h = undo(h);
    h = commit(h, 'c');
    expect(canRedo(h)).toBe(false);
    expect(h.past).toEqual(['a']);
  });

  it('commits with the same key coalesce into one undo step until sealed', () => {
    let h = createHistory(0);
    h = commit(h, 1, 'drag:1');
    h = commit(h, 2, 'drag:1');
    h = commit(h, 3, 'drag:1');
    expect(h.past).toEqual([0]);
    expect(undo(h).present).toBe(0);
    h = seal(h);
    h = commit(h, 4, 'drag:1');
    expect(h.past).toEqual([0, 3]);
  });

  it('committing the present value is a no-op', () => {
    const h = createHistory('x');
    expect(commit(h, 'x')).toBe(h);
  });

  it('undo and redo at the ends return the history unchanged', () => {
    const h = createHistory(1);
    expect(undo(h)).toBe(h);
    expect(redo(h)).toBe(h);
  });

  it('keeps at most HISTORY_LIMIT past values', () => {
    let h = createHistory(0);
    for (let i = 1; i <= HISTORY_LIMIT + 25; i++) h = commit(h, i);
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(h.past[0]).toBe(25);
  });
});
