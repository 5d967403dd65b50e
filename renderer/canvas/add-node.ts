/**
 * Building the change that adds a node of a catalog kind at a point: a fresh id, the
 * zone under the point (or the first zone matching the kind's side, created if missing),
 * and the free spot of that zone nearest the point (placement.ts).
 */
import type { Point, Topology } from '../../simulator/index.js';
import { NODE_HEIGHT, NODE_WIDTH, nodeCenter, zoneAt, zoneBoxes } from '../model/geometry.js';
import { uniqueId } from '../model/ids.js';
import { placeNode } from '../model/placement.js';
import type { TopologyChange } from '../model/topology-changes.js';
import type { KindStyle } from './kind-style.js';

export function addNodeChange(
  t: Topology,
  kind: KindStyle,
  /** The point under the cursor; the node is centred on it. */
  at: Point,
): { change: TopologyChange; id: string } {
  let wanted = { x: at.x - NODE_WIDTH / 2, y: at.y - NODE_HEIGHT / 2 };
  const id = uniqueId(kind.kind, new Set(t.nodes.map((n) => n.id)));
  const changes: TopologyChange[] = [];
  const frames = zoneBoxes(t);
  let planned = t;
  let zone = zoneAt(frames, nodeCenter(wanted));
  if (zone === null) {
    const side = kind.external ? 'external' : 'internal';
    zone = t.zones.find((z) => z.kind === side)?.id ?? null;
    if (zone === null) {
      zone = uniqueId(kind.external ? 'internet' : 'vpc', new Set(t.zones.map((z) => z.id)));
      const added = { id: zone, kind: side, cidrs: [] } as const;
      changes.push({ type: 'add-zone', zone: { ...added, cidrs: [] } });
      planned = { ...t, zones: [...t.zones, { ...added, cidrs: [] }] };
    }
    // A zone chosen by kind, not by the point: the node goes into that zone's frame.
    const frame = frames.get(zone);
    if (frame)
      wanted = {
        x: frame.x + frame.width / 2 - NODE_WIDTH / 2,
        y: frame.y + frame.height / 2 - NODE_HEIGHT / 2,
      };
  }
  const position = placeNode(planned, zone, wanted);
  changes.push({
    type: 'add-node',
    node: {
      id,
      kind: kind.kind,
      zone,
      roles: kind.suggestedRoles.slice(0, 1),
      addresses: [],
      hosts: [],
      position,
    },
  });
  return { change: changes.length === 1 ? changes[0]! : { type: 'batch', changes }, id };
}
