import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { NODE_HEIGHT, NODE_WIDTH, zoneBoxes } from '../../../renderer/model/geometry.js';
import { elkToMoves, topologyToElk } from '../../../renderer/model/layout.js';
import { applyTopologyChange } from '../../../renderer/model/topology-changes.js';
import { sampleTopology } from '../fixtures.js';

function overlaps(
  a: { x: number; y: number; width: number; height: number },
  b: typeof a,
): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('auto-layout', () => {
  it('builds one compound node per zone holding its nodes', () => {
    const graph = topologyToElk(sampleTopology());
    expect(graph.children!.map((c) => c.id)).toEqual(['zone:vpc', 'zone:internet']);
    expect(graph.children![0]!.children!.map((c) => c.id)).toEqual([
      'node:trainer',
      'node:notebook',
    ]);
    expect(graph.edges).toHaveLength(3);
  });

  it('lays out nodes without overlaps and zones without overlaps, internal left of external', async () => {
    const t = sampleTopology();
    const result = await new ELK().layout(topologyToElk(t));
    const laid = applyTopologyChange(t, elkToMoves(result));
    const boxes = laid.nodes.map((n) => ({
      ...n.position!,
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
    }));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!)).toBe(false);
    }
    const zones = zoneBoxes(laid);
    expect(overlaps(zones.get('vpc')!, zones.get('internet')!)).toBe(false);
    expect(zones.get('vpc')!.x).toBeLessThan(zones.get('internet')!.x);
    for (const n of laid.nodes) {
      expect(Number.isInteger(n.position!.x)).toBe(true);
    }
  });
});
