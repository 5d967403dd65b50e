import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTopology, type Point } from '../../../simulator/index.js';
import { nodeBox, nodePosition, type Box } from '../../../renderer/model/geometry.js';
import {
  labelSize,
  routeEdges,
  routePath,
  simplify,
  type Route,
  type RouteEdge,
} from '../../../renderer/model/edge-routing.js';

const box = (x: number, y: number): Box => ({ x, y, width: 200, height: 60 });
const edge = (from: string, to: string, text = 'tcp/443'): RouteEdge => ({
  from,
  to,
  label: labelSize(text),
});

/** Whether the segment a→b (horizontal or vertical) enters the interior of `b`. */
function crosses(a: Point, c: Point, b: Box): boolean {
  const x0 = Math.min(a.x, c.x);
  const x1 = Math.max(a.x, c.x);
  const y0 = Math.min(a.y, c.y);
  const y1 = Math.max(a.y, c.y);
  return x1 > b.x && x0 < b.x + b.width && y1 > b.y && y0 < b.y + b.height;
}

function passesThrough(route: Route, b: Box): boolean {
  return route.points.slice(1).some((p, k) => crosses(route.points[k]!, p, b));
}

function labelBox(route: Route, e: RouteEdge): Box {
  return {
    x: route.label.x - e.label.width / 2,
    y: route.label.y - e.label.height / 2,
    ...e.label,
  };
}

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Every pair of routes sharing a stretch of line (one would hide the other). */
function sharedStretches(routes: readonly Route[]): string[] {
  const found: string[] = [];
  const segs = routes.flatMap((r, i) =>
    r.points.slice(1).map((p, k) => ({ i, a: r.points[k]!, b: p })),
  );
  for (const s of segs)
    for (const t of segs) {
      if (s.i >= t.i) continue;
      const sv = s.a.x === s.b.x;
      const tv = t.a.x === t.b.x;
      if (sv !== tv) continue;
      if (sv && s.a.x !== t.a.x) continue;
      if (!sv && s.a.y !== t.a.y) continue;
      const [s0, s1] = sv
        ? [Math.min(s.a.y, s.b.y), Math.max(s.a.y, s.b.y)]
        : [Math.min(s.a.x, s.b.x), Math.max(s.a.x, s.b.x)];
      const [t0, t1] = sv
        ? [Math.min(t.a.y, t.b.y), Math.max(t.a.y, t.b.y)]
        : [Math.min(t.a.x, t.b.x), Math.max(t.a.x, t.b.x)];
      if (Math.min(s1, t1) - Math.max(s0, t0) > 0) found.push(`${s.i}/${t.i}`);
    }
  return found;
}

function check(boxes: Map<string, Box>, edges: RouteEdge[]): void {
  const routes = routeEdges(boxes, edges);
  routes.forEach((r, i) => {
    expect(r, `edge ${i} is routed`).not.toBeNull();
    const e = edges[i]!;
    for (const [id, b] of boxes) {
      if (id === e.from || id === e.to) continue;
      expect(passesThrough(r!, b), `edge ${e.from}→${e.to} passes under ${id}`).toBe(false);
    }
    // Orthogonal: every step changes x or y only.
    r!.points.slice(1).forEach((p, k) => {
      const q = r!.points[k]!;
      expect(p.x === q.x || p.y === q.y).toBe(true);
    });
    for (const [id, b] of boxes)
      expect(overlap(labelBox(r!, e), b), `label of ${e.from}→${e.to} covers ${id}`).toBe(false);
  });
  for (let i = 0; i < routes.length; i++)
    for (let j = i + 1; j < routes.length; j++)
      expect(
        overlap(labelBox(routes[i]!, edges[i]!), labelBox(routes[j]!, edges[j]!)),
        `labels of edges ${i} and ${j} overlap`,
      ).toBe(false);
  expect(sharedStretches(routes as Route[])).toEqual([]);
}

describe('routeEdges', () => {
  it('goes around a node standing between the two ends', () => {
    const boxes = new Map([
      ['a', box(0, 0)],
      ['b', box(300, 0)],
      ['c', box(600, 0)],
    ]);
    const [r] = routeEdges(boxes, [edge('a', 'c')]);
    expect(passesThrough(r!, boxes.get('b')!)).toBe(false);
    expect(r!.points[0]).toEqual({ x: 200, y: 30 });
    expect(r!.points.at(-1)).toEqual({ x: 600, y: 30 });
  });

  it('draws a straight line between facing nodes with nothing between them', () => {
    const [r] = routeEdges(
      new Map([
        ['a', box(0, 0)],
        ['b', box(400, 0)],
      ]),
      [edge('a', 'b')],
    );
    expect(r!.points).toEqual([
      { x: 200, y: 30 },
      { x: 400, y: 30 },
    ]);
  });

  it('keeps opposite and parallel edges between two nodes apart', () => {
    const boxes = new Map([
      ['a', box(0, 0)],
      ['b', box(400, 200)],
    ]);
    const edges = [edge('a', 'b', 'tcp/443'), edge('b', 'a', 'udp/53'), edge('a', 'b', 'tcp/8443')];
    check(boxes, edges);
  });

  it('keeps every edge of each template off the nodes it does not join, labels apart', () => {
    const dir = 'policies';
    const templates = readdirSync(dir);
    expect(templates.length).toBeGreaterThanOrEqual(3);
    for (const name of templates) {
      const { topology } = parseTopology(readFileSync(join(dir, name, 'topology.yaml'), 'utf8'));
      const t = topology!;
      const boxes = new Map(t.nodes.map((n) => [n.id, nodeBox(nodePosition(t, n))]));
      check(
        boxes,
        t.edges.map((e) => edge(e.from, e.to, e.service)),
      );
    }
  });

  it('leaves the rounded path on the route', () => {
    expect(
      routePath([
        { x: 0, y: 0 },
        { x: 100, y: 0 },
        { x: 100, y: 50 },
      ]),
    ).toBe('M 0 0 L 92 0 Q 100 0 100 8 L 100 50');
    expect(
      simplify([
        { x: 0, y: 0 },
        { x: 0, y: 0 },
        { x: 5, y: 0 },
        { x: 9, y: 0 },
      ]),
    ).toEqual([
      { x: 0, y: 0 },
      { x: 9, y: 0 },
    ]);
  });
});
