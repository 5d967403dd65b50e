/**
 * Building the change that adds a node of a catalog kind at a point: a fresh id, the
 * zone under the point (or the first zone matching the kind's side, created if missing).
 */
import type { Point, Topology } from '../../simulator/index.js';
import { NODE_HEIGHT, NODE_WIDTH, nodeCenter, zoneAt, zoneBoxes } from '../model/geometry.js';
import { uniqueId } from '../model/ids.js';
import type { TopologyChange } from '../model/topology-changes.js';
import type { KindStyle } from './kind-style.js';

export function addNodeChange(
  t: Topology,
  kind: KindStyle,
  /** The point under the cursor; the node is centred on it. */
  at: Point,
): { change: TopologyChange; id: string } {
  const position = { x: at.x - NODE_WIDTH / 2, y: at.y - NODE_HEIGHT / 2 };
  const id = uniqueId(kind.kind, new Set(t.nodes.map((n) => n.id)));
  const changes: TopologyChange[] = [];
  let zone = zoneAt(zoneBoxes(t), nodeCenter(position));
  if (zone === null) {
    const wanted = kind.external ? 'external' : 'internal';
    zone = t.zones.find((z) => z.kind === wanted)?.id ?? null;
    if (zone === null) {
      zone = uniqueId(kind.external ? 'internet' : 'vpc', new Set(t.zones.map((z) => z.id)));
      changes.push({ type: 'add-zone', zone: { id: zone, kind: wanted, cidrs: [] } });
    }
  }
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
