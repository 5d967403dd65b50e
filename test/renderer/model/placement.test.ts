import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../../simulator/index.js';
import { settleDrop } from '../../../renderer/model/drag.js';
import { zoneBoxes } from '../../../renderer/model/geometry.js';
import { placeNode } from '../../../renderer/model/placement.js';
import { applyTopologyChange } from '../../../renderer/model/topology-changes.js';
import { sampleTopology } from '../fixtures.js';
import { collisions } from './collisions.js';

function add(t: Topology, id: string, zone: string, at: { x: number; y: number }): Topology {
  const position = placeNode(t, zone, at);
  return applyTopologyChange(t, {
    type: 'add-node',
    node: { id, kind: 'generic', zone, roles: [], addresses: [], hosts: [], position },
  });
}

describe('placeNode', () => {
  it('moves a node asked for on top of another to free space', () => {
    const t = sampleTopology();
    const p = placeNode(t, 'vpc', { x: 100, y: 100 });
    expect(p).not.toEqual({ x: 100, y: 100 });
    expect(collisions(add(t, 'extra', 'vpc', { x: 100, y: 100 }))).toEqual([]);
  });

  it('fills room inside the zone before stretching it', () => {
    const t = applyTopologyChange(sampleTopology(), {
      type: 'move-nodes',
      moves: [{ id: 'notebook', position: { x: 100, y: 400 } }],
    });
    const next = add(t, 'extra', 'vpc', { x: 110, y: 110 });
    expect(collisions(next)).toEqual([]);
    expect(zoneBoxes(next).get('vpc')).toEqual(zoneBoxes(t).get('vpc'));
  });

  it('never stretches a zone over its neighbour', () => {
    const t = sampleTopology();
    // Asked for a spot inside the internet zone's frame, for a node of the VPC.
    const next = add(t, 'extra', 'vpc', { x: 500, y: 180 });
    expect(collisions(next)).toEqual([]);
  });

  it('keeps the spot asked for when it is free', () => {
    expect(placeNode(sampleTopology(), 'vpc', { x: 100, y: 420 })).toEqual({ x: 100, y: 420 });
  });

  it('keeps nodes and zones apart whatever is added where (property)', () => {
    const seed = Number(process.env['FC_SEED'] ?? 18_003);
    console.log(`placement property seed ${seed}`);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            zone: fc.constantFrom('vpc', 'internet', 'lab'),
            x: fc.integer({ min: -200, max: 900 }),
            y: fc.integer({ min: -200, max: 700 }),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        (adds) => {
          let t: Topology = {
            ...sampleTopology(),
            zones: [...sampleTopology().zones, { id: 'lab', kind: 'internal', cidrs: [] }],
          };
          adds.forEach((a, k) => {
            t = add(t, `n${k}`, a.zone, { x: a.x, y: a.y });
          });
          expect(collisions(t)).toEqual([]);
        },
      ),
      { seed, numRuns: 40 },
    );
  });
});

describe('settleDrop', () => {
  it('slides a node dropped onto another node of the zone it joins to free space there', () => {
    const t = applyTopologyChange(sampleTopology(), {
      type: 'move-nodes',
      moves: [{ id: 'notebook', position: { x: 510, y: 110 } }],
    });
    let settled = t;
    for (const c of settleDrop(t, new Set(['notebook']))) settled = applyTopologyChange(settled, c);
    expect(settled.nodes.find((n) => n.id === 'notebook')!.zone).toBe('internet');
    expect(collisions(settled)).toEqual([]);
  });

  it('leaves a node dropped in free space where it is', () => {
    const t = applyTopologyChange(sampleTopology(), {
      type: 'move-nodes',
      moves: [{ id: 'notebook', position: { x: 100, y: 400 } }],
    });
    expect(settleDrop(t, new Set(['notebook']))).toEqual([]);
  });
});
