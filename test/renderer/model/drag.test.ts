import { describe, expect, it } from 'vitest';
import { dropIntoZones, zoneMemberMoves } from '../../../renderer/model/drag.js';
import { applyTopologyChange } from '../../../renderer/model/topology-changes.js';
import { sampleTopology } from '../fixtures.js';

describe('canvas drags', () => {
  it('moving a zone frame moves its nodes', () => {
    expect(zoneMemberMoves(sampleTopology(), 'internet', 10, -5)).toEqual([
      { id: 'pypi', position: { x: 510, y: 95 } },
      { id: 'openai', position: { x: 510, y: 255 } },
    ]);
  });

  it('a node dropped onto another zone joins it', () => {
    const t = applyTopologyChange(sampleTopology(), {
      type: 'move-nodes',
      moves: [{ id: 'notebook', position: { x: 500, y: 180 } }],
    });
    expect(dropIntoZones(t, new Set(['notebook']))).toEqual([
      { type: 'update-node', id: 'notebook', patch: { zone: 'internet' } },
    ]);
  });

  it('a node dropped on empty canvas or inside its own zone keeps its zone', () => {
    const t = sampleTopology();
    expect(dropIntoZones(t, new Set(['trainer']))).toEqual([]);
    const away = applyTopologyChange(t, {
      type: 'move-nodes',
      moves: [{ id: 'trainer', position: { x: 100, y: 900 } }],
    });
    expect(dropIntoZones(away, new Set(['trainer']))).toEqual([]);
  });
});
