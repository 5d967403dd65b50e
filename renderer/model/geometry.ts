/**
 * Canvas geometry. Endpoint cards have a fixed size so zone frames, hit tests and the
 * automatic layout can be computed from the document alone, without measuring the DOM.
 * Zones have no position of their own in the topology: a zone's frame is the bounding box
 * of its nodes plus padding.
 */
import type { Point, Topology, TopologyNode } from '../../simulator/index.js';

export const NODE_WIDTH = 208;
export const NODE_HEIGHT = 60;
/** Space between a zone's frame and its nodes; the top leaves room for the zone's title. */
export const ZONE_PADDING = { top: 64, right: 28, bottom: 28, left: 28 };
/** The frame of a zone without nodes, placed after the others. */
export const EMPTY_ZONE_SIZE = { width: 280, height: 160 };
const EMPTY_ZONE_GAP = 48;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where a node without a saved position is drawn: a grid by its order in the file. */
export function fallbackPosition(index: number): Point {
  return { x: 40 + (index % 4) * (NODE_WIDTH + 48), y: 80 + Math.floor(index / 4) * 120 };
}

export function nodePosition(t: Topology, node: TopologyNode): Point {
  return node.position ?? fallbackPosition(t.nodes.indexOf(node));
}

export function nodeBox(p: Point): Box {
  return { x: p.x, y: p.y, width: NODE_WIDTH, height: NODE_HEIGHT };
}

export function boxContains(b: Box, p: Point): boolean {
  return p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height;
}

export function nodeCenter(p: Point): Point {
  return { x: p.x + NODE_WIDTH / 2, y: p.y + NODE_HEIGHT / 2 };
}

/**
 * The frame of every zone, in file order. `exclude` leaves nodes out of the computation
 * (the nodes being dragged, when deciding which zone they are dropped into).
 */
export function zoneBoxes(t: Topology, exclude: ReadonlySet<string> = new Set()): Map<string, Box> {
  const boxes = new Map<string, Box>();
  const bounds = new Map<string, { x0: number; y0: number; x1: number; y1: number }>();
  for (const n of t.nodes) {
    if (exclude.has(n.id)) continue;
    const p = nodePosition(t, n);
    const b = bounds.get(n.zone);
    const x1 = p.x + NODE_WIDTH;
    const y1 = p.y + NODE_HEIGHT;
    if (!b) bounds.set(n.zone, { x0: p.x, y0: p.y, x1, y1 });
    else {
      b.x0 = Math.min(b.x0, p.x);
      b.y0 = Math.min(b.y0, p.y);
      b.x1 = Math.max(b.x1, x1);
      b.y1 = Math.max(b.y1, y1);
    }
  }
  let right = -Infinity;
  let top = Infinity;
  for (const z of t.zones) {
    const b = bounds.get(z.id);
    if (!b) continue;
    const box = {
      x: b.x0 - ZONE_PADDING.left,
      y: b.y0 - ZONE_PADDING.top,
      width: b.x1 - b.x0 + ZONE_PADDING.left + ZONE_PADDING.right,
      height: b.y1 - b.y0 + ZONE_PADDING.top + ZONE_PADDING.bottom,
    };
    boxes.set(z.id, box);
    right = Math.max(right, box.x + box.width);
    top = Math.min(top, box.y);
  }
  let x = Number.isFinite(right) ? right + EMPTY_ZONE_GAP : 0;
  const y = Number.isFinite(top) ? top : 0;
  for (const z of t.zones) {
    if (boxes.has(z.id)) continue;
    boxes.set(z.id, { x, y, ...EMPTY_ZONE_SIZE });
    x += EMPTY_ZONE_SIZE.width + EMPTY_ZONE_GAP;
  }
  return boxes;
}

/**
 * The zone whose frame contains `p`. Later zones are drawn on top, so they win; frames
 * of zones in `skip` are ignored.
 */
export function zoneAt(
  boxes: ReadonlyMap<string, Box>,
  p: Point,
  skip: ReadonlySet<string> = new Set(),
): string | null {
  let found: string | null = null;
  for (const [id, box] of boxes) if (!skip.has(id) && boxContains(box, p)) found = id;
  return found;
}
