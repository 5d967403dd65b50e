import { describe, expect, it } from 'vitest';
import { edgeAnchors } from '../../../renderer/model/edge-anchors.js';

const box = (x: number, y: number) => ({ x, y, width: 200, height: 60 });

describe('edgeAnchors', () => {
  it('joins side by side nodes right to left', () => {
    expect(edgeAnchors(box(0, 0), box(400, 20))).toEqual({
      sourceX: 200,
      sourceY: 30,
      sourceSide: 'right',
      targetX: 400,
      targetY: 50,
      targetSide: 'left',
    });
  });
  it('joins a node to one on its left from its left side', () => {
    const a = edgeAnchors(box(400, 0), box(0, 0));
    expect([a.sourceSide, a.targetSide]).toEqual(['left', 'right']);
  });
  it('joins stacked nodes bottom to top, and top to bottom going up', () => {
    const down = edgeAnchors(box(0, 0), box(30, 200));
    expect([down.sourceSide, down.targetSide, down.sourceY, down.targetY]).toEqual([
      'bottom',
      'top',
      60,
      200,
    ]);
    const up = edgeAnchors(box(0, 200), box(0, 0));
    expect([up.sourceSide, up.targetSide]).toEqual(['top', 'bottom']);
  });
});
