/**
 * Copy and paste of canvas selections. The clipboard holds plain topology records, so a
 * selection can be pasted into the same project (with fresh ids) or into another one
 * (bringing the zones it needs along).
 */
import type { Topology, TopologyEdge, TopologyNode, Zone } from '../../simulator/index.js';
import { nodePosition } from './geometry.js';
import { uniqueId } from './ids.js';
import type { Selection } from './selection.js';
import type { TopologyChange } from './topology-changes.js';

export interface ClipboardPayload {
  nodes: TopologyNode[];
  /** Edges whose two ends are both copied. */
  edges: TopologyEdge[];
  /** The zones of the copied nodes. */
  zones: Zone[];
}

/** How far a paste is offset from the original, so the copy is visible. */
export const PASTE_OFFSET = 40;

export function copySelection(t: Topology, s: Selection): ClipboardPayload | null {
  const ids = new Set(s.nodes);
  for (const n of t.nodes) if (s.zones.includes(n.zone)) ids.add(n.id);
  if (ids.size === 0) return null;
  const nodes = t.nodes
    .filter((n) => ids.has(n.id))
    .map((n) => ({ ...n, position: nodePosition(t, n) }));
  const edges = t.edges.filter((e) => ids.has(e.from) && ids.has(e.to));
  const zoneIds = new Set(nodes.map((n) => n.zone));
  const zones = t.zones.filter((z) => zoneIds.has(z.id));
  return { nodes, edges, zones };
}

/**
 * The change that pastes `payload` into `t`, and the ids of the new nodes (to select them).
 * `times` offsets repeated pastes further.
 */
export function pasteChange(
  t: Topology,
  payload: ClipboardPayload,
  times = 1,
): { change: TopologyChange; nodeIds: string[] } {
  const taken = new Set(t.nodes.map((n) => n.id));
  const zoneIds = new Set(t.zones.map((z) => z.id));
  const changes: TopologyChange[] = [];
  for (const z of payload.zones) {
    if (!zoneIds.has(z.id)) changes.push({ type: 'add-zone', zone: z });
  }
  const renamed = new Map<string, string>();
  const nodeIds: string[] = [];
  for (const n of payload.nodes) {
    const id = uniqueId(n.id, taken);
    taken.add(id);
    renamed.set(n.id, id);
    nodeIds.push(id);
    const p = n.position ?? { x: 0, y: 0 };
    changes.push({
      type: 'add-node',
      node: {
        ...n,
        id,
        position: { x: p.x + PASTE_OFFSET * times, y: p.y + PASTE_OFFSET * times },
      },
    });
  }
  for (const e of payload.edges) {
    const from = renamed.get(e.from);
    const to = renamed.get(e.to);
    if (from !== undefined && to !== undefined) {
      changes.push({ type: 'add-edge', edge: { ...e, from, to } });
    }
  }
  return { change: { type: 'batch', changes }, nodeIds };
}
