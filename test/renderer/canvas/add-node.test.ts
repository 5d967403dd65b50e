import { describe, expect, it } from 'vitest';
import { addNodeChange } from '../../../renderer/canvas/add-node.js';
import { kindStyle } from '../../../renderer/canvas/kind-style.js';
import { applyTopologyChange } from '../../../renderer/model/topology-changes.js';
import { sampleTopology } from '../fixtures.js';
import { collisions } from '../model/collisions.js';

describe('addNodeChange', () => {
  it('adds nodes clicked in at the same point side by side, zones apart', () => {
    let t = sampleTopology();
    const at = { x: 200, y: 130 };
    for (let k = 0; k < 6; k++) {
      const kind = k % 2 === 0 ? 'agent' : 'llm-api';
      t = applyTopologyChange(t, addNodeChange(t, kindStyle(kind), at).change);
    }
    expect(t.nodes).toHaveLength(10);
    expect(collisions(t)).toEqual([]);
  });
});
