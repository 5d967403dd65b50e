import type { Topology } from '../../../simulator/index.js';
import { nodeBox, nodePosition, zoneBoxes, type Box } from '../../../renderer/model/geometry.js';

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Pairs of nodes drawn on each other and pairs of zone frames that cover each other. */
export function collisions(t: Topology): string[] {
  const found: string[] = [];
  const nodes = t.nodes.map((n) => ({ id: n.id, box: nodeBox(nodePosition(t, n)) }));
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length; j++)
      if (overlap(nodes[i]!.box, nodes[j]!.box)) found.push(`${nodes[i]!.id}/${nodes[j]!.id}`);
  const occupied = new Set(t.nodes.map((n) => n.zone));
  const zones = [...zoneBoxes(t)].filter(([id]) => occupied.has(id));
  for (let i = 0; i < zones.length; i++)
    for (let j = i + 1; j < zones.length; j++)
      if (overlap(zones[i]![1], zones[j]![1])) found.push(`zone ${zones[i]![0]}/${zones[j]![0]}`);
  return found;
}
