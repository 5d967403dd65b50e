/**
 * What a drag on the canvas means for the document: dragging a zone's frame moves its
 * nodes; dropping nodes onto another zone's frame moves them into that zone, and a node
 * dropped where it covers another node, or stretches its zone over another zone, slides to
 * the nearest free spot.
 */
import type { Topology } from '../../simulator/index.js';
import { nodeCenter, nodePosition, zoneAt, zoneBoxes } from './geometry.js';
import { placeNode } from './placement.js';
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

/**
 * Every change a drop makes: zone changes (`dropIntoZones`), then, node by node, a move to
 * the nearest free spot (placement.ts) for a node left where it does not fit.
 */
export function settleDrop(t: Topology, dropped: ReadonlySet<string>): TopologyChange[] {
  const zoneChanges = dropIntoZones(t, dropped);
  const zoneOf = new Map<string, string>();
  for (const c of zoneChanges)
    if (c.type === 'update-node' && c.patch.zone) zoneOf.set(c.id, c.patch.zone);
  let planned: Topology = {
    ...t,
    nodes: t.nodes.map((n) => (zoneOf.has(n.id) ? { ...n, zone: zoneOf.get(n.id)! } : n)),
  };
  const moves: { id: string; position: { x: number; y: number } }[] = [];
  for (const n of planned.nodes) {
    if (!dropped.has(n.id)) continue;
    const at = nodePosition(planned, n);
    const spot = placeNode(planned, n.zone, at, n.id);
    if (spot.x === at.x && spot.y === at.y) continue;
    moves.push({ id: n.id, position: spot });
    planned = {
      ...planned,
      nodes: planned.nodes.map((m) => (m.id === n.id ? { ...m, position: spot } : m)),
    };
  }
  return moves.length > 0 ? [...zoneChanges, { type: 'move-nodes', moves }] : zoneChanges;
}
