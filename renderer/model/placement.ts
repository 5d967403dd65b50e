/**
 * Where a node may go: a spot near the one asked for where it covers no other node and its
 * zone's frame (the bounding box of the zone's nodes plus padding, geometry.ts) does not
 * grow over another zone. Spots inside the zone's current frame come first, so adding a
 * component fills its zone before stretching it.
 */
import type { Point, Topology } from '../../simulator/index.js';
import {
  NODE_HEIGHT,
  NODE_WIDTH,
  ZONE_PADDING,
  nodeBox,
  nodePosition,
  zoneBoxes,
  type Box,
} from './geometry.js';

/** Free space kept around every node. */
export const NODE_GAP = 24;
const STEP = 20;
const RADIUS = 1600;

/** Grid offsets within RADIUS, nearest first (ties in a fixed order), computed once. */
const OFFSETS: readonly Point[] = (() => {
  const out: Point[] = [];
  const n = RADIUS / STEP;
  for (let i = -n; i <= n; i++)
    for (let j = -n; j <= n; j++) out.push({ x: i * STEP, y: j * STEP });
  return out.sort(
    (a, b) => a.x * a.x + a.y * a.y - (b.x * b.x + b.y * b.y) || a.y - b.y || a.x - b.x,
  );
})();

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function within(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

function grow(b: Box, by: number): Box {
  return { x: b.x - by, y: b.y - by, width: b.width + 2 * by, height: b.height + 2 * by };
}

/**
 * The top-left corner nearest `wanted` at which a node of `zone` fits. `moving` is the node
 * being placed when it is already in the topology (it is not in its own way).
 */
export function placeNode(t: Topology, zone: string, wanted: Point, moving?: string): Point {
  const others = t.nodes.filter((n) => n.id !== moving);
  const nodeBoxes = others.map((n) => grow(nodeBox(nodePosition(t, n)), NODE_GAP));
  const members = others.filter((n) => n.zone === zone).map((n) => nodeBox(nodePosition(t, n)));
  const frames = zoneBoxes(t, moving === undefined ? undefined : new Set([moving]));
  const foreign = [...frames].filter(([id]) => id !== zone).map(([, b]) => b);
  const current = members.length > 0 ? frames.get(zone) : undefined;

  const frameWith = (b: Box): Box => {
    let x0 = b.x;
    let y0 = b.y;
    let x1 = b.x + b.width;
    let y1 = b.y + b.height;
    for (const m of members) {
      x0 = Math.min(x0, m.x);
      y0 = Math.min(y0, m.y);
      x1 = Math.max(x1, m.x + m.width);
      y1 = Math.max(y1, m.y + m.height);
    }
    return {
      x: x0 - ZONE_PADDING.left,
      y: y0 - ZONE_PADDING.top,
      width: x1 - x0 + ZONE_PADDING.left + ZONE_PADDING.right,
      height: y1 - y0 + ZONE_PADDING.top + ZONE_PADDING.bottom,
    };
  };
  const fits = (p: Point): boolean => {
    const box = { x: p.x, y: p.y, width: NODE_WIDTH, height: NODE_HEIGHT };
    if (nodeBoxes.some((b) => overlaps(b, box))) return false;
    const frame = frameWith(box);
    // A frame that does not grow cannot newly cover another zone.
    if (current && within(frame, current)) return true;
    return !foreign.some((f) => overlaps(grow(f, NODE_GAP / 2), frame));
  };
  const spots = OFFSETS.map((o) => ({
    x: Math.round(wanted.x + o.x),
    y: Math.round(wanted.y + o.y),
  }));
  if (current) {
    const inner = shrink(current);
    // Spots pulled into the frame, so a frame just one node wide is filled too.
    const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
    const inside = spots
      .map((p) => ({
        x: clamp(p.x, inner.x, inner.x + inner.width - NODE_WIDTH),
        y: clamp(p.y, inner.y, inner.y + inner.height - NODE_HEIGHT),
      }))
      .find(
        (p) => within({ x: p.x, y: p.y, width: NODE_WIDTH, height: NODE_HEIGHT }, inner) && fits(p),
      );
    if (inside) return inside;
  }
  return spots.find(fits) ?? beyondEverything(t);
}

/** The part of a frame where a node's box may lie without moving the frame's edges. */
function shrink(frame: Box): Box {
  return {
    x: frame.x + ZONE_PADDING.left,
    y: frame.y + ZONE_PADDING.top,
    width: frame.width - ZONE_PADDING.left - ZONE_PADDING.right,
    height: frame.height - ZONE_PADDING.top - ZONE_PADDING.bottom,
  };
}

/** Below everything drawn: always free, for the rare canvas with no room near the spot asked for. */
function beyondEverything(t: Topology): Point {
  let bottom = 0;
  let left = Infinity;
  for (const b of zoneBoxes(t).values()) {
    bottom = Math.max(bottom, b.y + b.height);
    left = Math.min(left, b.x);
  }
  return {
    x: (Number.isFinite(left) ? left : 0) + ZONE_PADDING.left,
    y: bottom + NODE_GAP * 2 + ZONE_PADDING.top,
  };
}
