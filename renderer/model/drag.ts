/**
 * What a drag on the canvas means for the document: dragging a zone's frame moves its
 * nodes; dropping nodes onto another zone's frame moves them into that zone.
 */
import type { Topology } from '../../simulator/index.js';
import { nodeCenter, nodePosition, zoneAt, zoneBoxes } from './geometry.js';
import type { TopologyChange } from './topology-changes.js';

/** New positions of a zone's nodes when its frame moves by (dx, dy). */
export function zoneMemberMoves(
  t: Topology,
  zoneId: string,
  dx: number,
  dy: number,
): { id: string; position: { x: number; y: number } }[] {
  return t.nodes
    .filter((n) => n.zone === zoneId)
    .map((n) => {
      const p = nodePosition(t, n);
      return { id: n.id, position: { x: p.x + dx, y: p.y + dy } };
    });
}

/**
 * Zone changes for nodes dropped at their current positions: a node whose centre lies in
 * another zone's frame (computed without the dropped nodes) joins that zone. A node dropped
 * on empty canvas keeps its zone.
 */
export function dropIntoZones(t: Topology, dropped: ReadonlySet<string>): TopologyChange[] {
  const boxes = zoneBoxes(t, dropped);
  const changes: TopologyChange[] = [];
  for (const n of t.nodes) {
    if (!dropped.has(n.id)) continue;
    const zone = zoneAt(boxes, nodeCenter(nodePosition(t, n)));
    if (zone !== null && zone !== n.zone) {
      changes.push({ type: 'update-node', id: n.id, patch: { zone } });
    }
  }
  return changes;
}
