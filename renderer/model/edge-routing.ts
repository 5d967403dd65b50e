/**
 * Orthogonal edge routing: every connection runs around the nodes it does not join, never
 * under them, so the canvas never suggests a connection that does not exist.
 *
 * - Ports: each edge leaves and enters on the facing sides of its nodes (edge-anchors.ts);
 *   edges sharing a side get distinct points along it, so parallel and opposite edges
 *   between the same two nodes never coincide.
 * - Paths: a shortest path with few bends over the sparse grid of lines through the ends and
 *   along the clearance around every other node (the classic orthogonal visibility graph),
 *   searched only in the region the edge spans unless that region has no way through.
 * - Separation: middle segments of different edges that would lie on the same line are
 *   spread apart, so one edge never hides another.
 * - Labels: each label is put on its own path where it covers no node and no other label.
 *
 * Pure geometry over node boxes in flow coordinates; the canvas draws what this returns.
 */
import type { Point } from '../../simulator/index.js';
import { edgeAnchors, type Side } from './edge-anchors.js';
import type { Box } from './geometry.js';

export interface RouteEdge {
  from: string;
  to: string;
  /** The label's size (estimated from its text: see `labelSize`). */
  label: { width: number; height: number };
}

export interface Route {
  /** The polyline from the source's side to the target's side; consecutive points differ in x or y only. */
  points: Point[];
  /** The label's centre. */
  label: Point;
}

/** Space kept between a path and any node it does not join. */
export const CLEARANCE = 12;
/** How far a path runs straight out of its node before it may turn. */
const STUB = 18;
/** Distance between edges that would otherwise share a line. */
const SEPARATION = 8;
/** What one bend costs, in pixels of length: prefers a slightly longer path with fewer turns. */
const BEND_COST = 40;
/** How far beyond the span of its ends a path first looks for a way round. */
const SEARCH_MARGIN = 160;
/** Above these sizes the canvas draws plain curves: routing hundreds of edges on every move would stall it. */
export const ROUTING_LIMITS = { nodes: 150, edges: 300 };

/** The size of an edge label drawn in the canvas's 10.5 px monospace pill. */
export function labelSize(text: string): { width: number; height: number } {
  return { width: Math.ceil(text.length * 6.4) + 18, height: 19 };
}

export function routeEdges(
  boxes: ReadonlyMap<string, Box>,
  edges: readonly RouteEdge[],
): (Route | null)[] {
  const ports = assignPorts(boxes, edges);
  const obstacles = [...boxes.entries()];
  const routes: (Route | null)[] = edges.map((_, i) => {
    const port = ports[i];
    if (!port) return null;
    const points = routeOne(port, obstacles);
    return { points, label: points[0]! };
  });
  separate(routes);
  placeLabels(routes, edges, [...boxes.values()]);
  return routes;
}

interface Port {
  source: Point;
  sourceSide: Side;
  target: Point;
  targetSide: Side;
}

const OUTWARD: Record<Side, Point> = {
  left: { x: -1, y: 0 },
  right: { x: 1, y: 0 },
  top: { x: 0, y: -1 },
  bottom: { x: 0, y: 1 },
};

/** Spreads the edges attached to one side of a node along it, ordered by where their other end is. */
function assignPorts(
  boxes: ReadonlyMap<string, Box>,
  edges: readonly RouteEdge[],
): (Port | null)[] {
  interface Attachment {
    edge: number;
    end: 'source' | 'target';
    /** Where the other end is along this side's direction, for ordering. */
    order: number;
  }
  const bySide = new Map<string, Attachment[]>();
  const sides: ({ sourceSide: Side; targetSide: Side } | null)[] = edges.map((e, i) => {
    const a = boxes.get(e.from);
    const b = boxes.get(e.to);
    if (!a || !b || e.from === e.to) return null;
    const anchors = edgeAnchors(a, b);
    const attach = (node: string, side: Side, end: Attachment['end'], other: Box): void => {
      const key = `${node}\u0000${side}`;
      const along =
        side === 'left' || side === 'right'
          ? other.y + other.height / 2
          : other.x + other.width / 2;
      const list = bySide.get(key) ?? [];
      list.push({ edge: i, end, order: along });
      bySide.set(key, list);
    };
    attach(e.from, anchors.sourceSide, 'source', b);
    attach(e.to, anchors.targetSide, 'target', a);
    return { sourceSide: anchors.sourceSide, targetSide: anchors.targetSide };
  });
  const points = edges.map(() => ({ source: { x: 0, y: 0 }, target: { x: 0, y: 0 } }));
  for (const [key, list] of bySide) {
    const [node, side] = key.split('\u0000') as [string, Side];
    const box = boxes.get(node)!;
    // Ties (edges to the same node) keep file order, the same at both ends, so they run parallel.
    list.sort((p, q) => p.order - q.order || p.edge - q.edge);
    list.forEach((att, k) => {
      const t = (k + 1) / (list.length + 1);
      const p =
        side === 'left' || side === 'right'
          ? { x: side === 'left' ? box.x : box.x + box.width, y: box.y + box.height * t }
          : { x: box.x + box.width * t, y: side === 'top' ? box.y : box.y + box.height };
      points[att.edge]![att.end] = p;
    });
  }
  return sides.map((s, i) =>
    s
      ? {
          source: points[i]!.source,
          sourceSide: s.sourceSide,
          target: points[i]!.target,
          targetSide: s.targetSide,
        }
      : null,
  );
}

function step(p: Point, side: Side, distance: number): Point {
  const d = OUTWARD[side];
  return { x: p.x + d.x * distance, y: p.y + d.y * distance };
}

function inflate(b: Box, by: number): Box {
  return { x: b.x - by, y: b.y - by, width: b.width + 2 * by, height: b.height + 2 * by };
}

function strictlyInside(b: Box, p: Point): boolean {
  return p.x > b.x && p.x < b.x + b.width && p.y > b.y && p.y < b.y + b.height;
}

function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function routeOne(port: Port, obstacles: readonly [string, Box][]): Point[] {
  const start = step(port.source, port.sourceSide, STUB);
  const end = step(port.target, port.targetSide, STUB);
  const walls = obstacles.map(([, b]) => inflate(b, CLEARANCE));
  const span = (margin: number): Box => {
    const x0 = Math.min(start.x, end.x) - margin;
    const y0 = Math.min(start.y, end.y) - margin;
    return {
      x: x0,
      y: y0,
      width: Math.max(start.x, end.x) + margin - x0,
      height: Math.max(start.y, end.y) + margin - y0,
    };
  };
  const everything = walls.reduce((acc, w) => {
    const x0 = Math.min(acc.x, w.x - SEARCH_MARGIN);
    const y0 = Math.min(acc.y, w.y - SEARCH_MARGIN);
    const x1 = Math.max(acc.x + acc.width, w.x + w.width + SEARCH_MARGIN);
    const y1 = Math.max(acc.y + acc.height, w.y + w.height + SEARCH_MARGIN);
    return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  }, span(SEARCH_MARGIN));
  const path =
    searchGrid(start, end, port, walls, span(SEARCH_MARGIN)) ??
    searchGrid(start, end, port, walls, everything);
  // Ends inside another node's clearance (nodes drawn on top of each other) leave no way
  // round: the edge is drawn straight rather than not at all.
  const middle = path ?? [start, { x: end.x, y: start.y }, end];
  return simplify([port.source, ...middle, port.target]);
}

/**
 * A* over the grid of lines through the ends and along every wall inside `region`, with a
 * cost per bend; grid points and segments inside a wall are not walkable. Walls are
 * clipped to the region: everything walkable lies in it, so walls outside cannot be crossed.
 */
function searchGrid(
  start: Point,
  end: Point,
  port: Port,
  allWalls: readonly Box[],
  region: Box,
): Point[] | null {
  const walls = allWalls.filter((w) => intersects(w, region));
  if (walls.some((w) => strictlyInside(w, start) || strictlyInside(w, end))) return null;
  const xsSet = new Set([start.x, end.x, (start.x + end.x) / 2, region.x, region.x + region.width]);
  const ysSet = new Set([
    start.y,
    end.y,
    (start.y + end.y) / 2,
    region.y,
    region.y + region.height,
  ]);
  for (const w of walls) {
    for (const x of [w.x, w.x + w.width])
      if (x > region.x && x < region.x + region.width) xsSet.add(x);
    for (const y of [w.y, w.y + w.height])
      if (y > region.y && y < region.y + region.height) ysSet.add(y);
  }
  const xs = [...xsSet].sort((a, b) => a - b);
  const ys = [...ysSet].sort((a, b) => a - b);
  const nx = xs.length;
  const ny = ys.length;
  const blocked = (p: Point) => walls.some((w) => strictlyInside(w, p));
  const index = (i: number, j: number) => j * nx + i;
  const si = xs.indexOf(start.x);
  const sj = ys.indexOf(start.y);
  const ti = xs.indexOf(end.x);
  const tj = ys.indexOf(end.y);
  // Direction of travel is part of the state, so bends can be charged: 0 horizontal, 1 vertical.
  const startDir = port.sourceSide === 'left' || port.sourceSide === 'right' ? 0 : 1;
  const endDir = port.targetSide === 'left' || port.targetSide === 'right' ? 0 : 1;
  const states = nx * ny * 2;
  const cost = new Float64Array(states).fill(Infinity);
  const previous = new Int32Array(states).fill(-1);
  const heap = new MinHeap();
  const estimate = (i: number, j: number) => Math.abs(xs[i]! - end.x) + Math.abs(ys[j]! - end.y);
  const first = index(si, sj) * 2 + startDir;
  cost[first] = 0;
  heap.push(first, estimate(si, sj));
  const moves = [
    [1, 0, 0],
    [-1, 0, 0],
    [0, 1, 1],
    [0, -1, 1],
  ] as const;
  let goal = -1;
  while (heap.size > 0) {
    const state = heap.pop();
    const dir = state & 1;
    const cell = state >> 1;
    const i = cell % nx;
    const j = (cell - i) / nx;
    if (i === ti && j === tj) {
      // Arriving along the target's axis avoids a last-moment bend into the port.
      goal = state;
      if (dir === endDir) break;
      const turned = index(ti, tj) * 2 + endDir;
      const c = cost[state]! + BEND_COST;
      if (c < cost[turned]!) {
        cost[turned] = c;
        previous[turned] = state;
        heap.push(turned, c);
      }
      continue;
    }
    for (const [di, dj, nd] of moves) {
      const ni = i + di;
      const nj = j + dj;
      if (ni < 0 || nj < 0 || ni >= nx || nj >= ny) continue;
      const a = { x: xs[i]!, y: ys[j]! };
      const b = { x: xs[ni]!, y: ys[nj]! };
      if (blocked({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }) || blocked(b)) continue;
      const next = index(ni, nj) * 2 + nd;
      const c =
        cost[state]! + Math.abs(a.x - b.x) + Math.abs(a.y - b.y) + (nd === dir ? 0 : BEND_COST);
      if (c < cost[next]!) {
        cost[next] = c;
        previous[next] = state;
        heap.push(next, c + estimate(ni, nj));
      }
    }
  }
  if (goal < 0) return null;
  const target = index(ti, tj) * 2 + endDir;
  let at = cost[target]! < Infinity ? target : goal;
  const points: Point[] = [];
  while (at >= 0) {
    const cell = at >> 1;
    points.push({ x: xs[cell % nx]!, y: ys[Math.floor(cell / nx)]! });
    at = previous[at]!;
  }
  return points.reverse();
}

/** Drops repeated points and the middle of three collinear points. */
export function simplify(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && last.x === p.x && last.y === p.y) continue;
    const before = out[out.length - 2];
    if (
      before &&
      last &&
      ((before.x === last.x && last.x === p.x) || (before.y === last.y && last.y === p.y))
    ) {
      out[out.length - 1] = p;
      continue;
    }
    out.push({ ...p });
  }
  return out;
}

interface Segment {
  route: number;
  /** Index of its first point in the route. */
  at: number;
  vertical: boolean;
  /** x of a vertical segment, y of a horizontal one. */
  line: number;
  from: number;
  to: number;
}

/**
 * Spreads collinear, overlapping segments of different edges across the line they share.
 * Only inner segments move (the first and last ones hold the ports, which are already
 * distinct); moving one slides the ends of its neighbours, which stay orthogonal.
 */
function separate(routes: (Route | null)[]): void {
  const groups = new Map<string, Segment[]>();
  routes.forEach((r, route) => {
    if (!r) return;
    for (let at = 1; at < r.points.length - 2; at++) {
      const a = r.points[at]!;
      const b = r.points[at + 1]!;
      const vertical = a.x === b.x;
      const line = vertical ? a.x : a.y;
      const [from, to] = vertical
        ? [Math.min(a.y, b.y), Math.max(a.y, b.y)]
        : [Math.min(a.x, b.x), Math.max(a.x, b.x)];
      const key = `${vertical ? 'v' : 'h'}${line}`;
      const list = groups.get(key) ?? [];
      list.push({ route, at, vertical, line, from, to });
      groups.set(key, list);
    }
  });
  for (const list of groups.values()) {
    list.sort((p, q) => p.from - q.from || p.route - q.route);
    // Clusters of segments whose extents overlap along the shared line.
    let cluster: Segment[] = [];
    let reach = -Infinity;
    const flush = () => {
      const distinct = new Set(cluster.map((s) => s.route));
      if (distinct.size > 1) {
        cluster.forEach((s, k) => {
          const offset = (k - (cluster.length - 1) / 2) * SEPARATION;
          const points = routes[s.route]!.points;
          for (const p of [points[s.at]!, points[s.at + 1]!]) {
            if (s.vertical) p.x = s.line + offset;
            else p.y = s.line + offset;
          }
        });
      }
      cluster = [];
      reach = -Infinity;
    };
    for (const s of list) {
      if (s.from >= reach) flush();
      cluster.push(s);
      reach = Math.max(reach, s.to);
    }
    flush();
  }
}

/**
 * Puts each label on its own path: the first candidate (middles of the longest segments
 * first, then points nearer their ends) that covers no node and no label placed before it.
 */
function placeLabels(
  routes: (Route | null)[],
  edges: readonly RouteEdge[],
  nodes: readonly Box[],
): void {
  const placed: Box[] = [];
  routes.forEach((r, i) => {
    if (!r) return;
    const size = edges[i]!.label;
    const candidates = labelCandidates(r.points);
    const rect = (c: Point): Box => ({
      x: c.x - size.width / 2 - 2,
      y: c.y - size.height / 2 - 2,
      width: size.width + 4,
      height: size.height + 4,
    });
    const free = candidates.find((c) => {
      const box = rect(c);
      return !nodes.some((n) => intersects(n, box)) && !placed.some((p) => intersects(p, box));
    });
    // Nowhere free (a crowded corner): the least covered of the candidates.
    const chosen =
      free ??
      candidates.reduce((best, c) =>
        coverCount(rect(c), nodes, placed) < coverCount(rect(best), nodes, placed) ? c : best,
      );
    r.label = chosen;
    placed.push(rect(chosen));
  });
}

function coverCount(box: Box, nodes: readonly Box[], placed: readonly Box[]): number {
  return (
    nodes.filter((n) => intersects(n, box)).length + placed.filter((p) => intersects(p, box)).length
  );
}

const FRACTIONS = [0.5, 0.3, 0.7, 0.15, 0.85];

function labelCandidates(points: readonly Point[]): Point[] {
  const segments = points.slice(1).map((b, k) => {
    const a = points[k]!;
    return { a, b, length: Math.abs(a.x - b.x) + Math.abs(a.y - b.y) };
  });
  const order = segments
    .map((_, k) => k)
    .sort((p, q) => segments[q]!.length - segments[p]!.length || p - q);
  const out: Point[] = [];
  for (const f of FRACTIONS) {
    for (const k of order) {
      const { a, b } = segments[k]!;
      out.push({ x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f });
    }
  }
  return out.length > 0 ? out : [points[0] ?? { x: 0, y: 0 }];
}

/** The SVG path of a route, with small rounded corners. */
export function routePath(points: readonly Point[], radius = 8): string {
  if (points.length === 0) return '';
  let d = `M ${points[0]!.x} ${points[0]!.y}`;
  for (let k = 1; k < points.length - 1; k++) {
    const p = points[k - 1]!;
    const c = points[k]!;
    const n = points[k + 1]!;
    const r = Math.min(radius, dist(p, c) / 2, dist(c, n) / 2);
    const before = towards(c, p, r);
    const after = towards(c, n, r);
    d += ` L ${before.x} ${before.y} Q ${c.x} ${c.y} ${after.x} ${after.y}`;
  }
  const last = points[points.length - 1]!;
  return `${d} L ${last.x} ${last.y}`;
}

function dist(a: Point, b: Point): number {
  return Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
}

function towards(from: Point, to: Point, r: number): Point {
  const d = dist(from, to) || 1;
  return { x: from.x + ((to.x - from.x) / d) * r, y: from.y + ((to.y - from.y) / d) * r };
}

/** A binary heap of integer states keyed by priority. */
class MinHeap {
  private readonly items: number[] = [];
  private readonly keys: number[] = [];
  get size(): number {
    return this.items.length;
  }
  push(item: number, key: number): void {
    const items = this.items;
    const keys = this.keys;
    let k = items.length;
    items.push(item);
    keys.push(key);
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (keys[parent]! <= key) break;
      items[k] = items[parent]!;
      keys[k] = keys[parent]!;
      k = parent;
    }
    items[k] = item;
    keys[k] = key;
  }
  pop(): number {
    const items = this.items;
    const keys = this.keys;
    const top = items[0]!;
    const lastItem = items.pop()!;
    const lastKey = keys.pop()!;
    const n = items.length;
    if (n > 0) {
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && keys[r]! < keys[l]! ? r : l;
        if (keys[c]! >= lastKey) break;
        items[k] = items[c]!;
        keys[k] = keys[c]!;
        k = c;
      }
      items[k] = lastItem;
      keys[k] = lastKey;
    }
    return top;
  }
}
