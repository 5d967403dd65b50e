/**
 * Where an edge leaves and enters its nodes: on the sides that face each other, so a
 * connection between stacked nodes runs vertically instead of looping around from the
 * right-hand side. Pure geometry over node boxes.
 */
import type { Box } from './geometry.js';

export type Side = 'left' | 'right' | 'top' | 'bottom';

export interface Anchors {
  sourceX: number;
  sourceY: number;
  sourceSide: Side;
  targetX: number;
  targetY: number;
  targetSide: Side;
}

function point(b: Box, side: Side): { x: number; y: number } {
  switch (side) {
    case 'left':
      return { x: b.x, y: b.y + b.height / 2 };
    case 'right':
      return { x: b.x + b.width, y: b.y + b.height / 2 };
    case 'top':
      return { x: b.x + b.width / 2, y: b.y };
    case 'bottom':
      return { x: b.x + b.width / 2, y: b.y + b.height };
  }
}

export function edgeAnchors(source: Box, target: Box): Anchors {
  const dx = target.x + target.width / 2 - (source.x + source.width / 2);
  const dy = target.y + target.height / 2 - (source.y + source.height / 2);
  // The free space between the boxes along each axis; the larger one carries the edge.
  const gapX = Math.abs(dx) - (source.width + target.width) / 2;
  const gapY = Math.abs(dy) - (source.height + target.height) / 2;
  const horizontal = gapX >= gapY;
  const sourceSide: Side = horizontal ? (dx >= 0 ? 'right' : 'left') : dy >= 0 ? 'bottom' : 'top';
  const targetSide: Side = horizontal ? (dx >= 0 ? 'left' : 'right') : dy >= 0 ? 'top' : 'bottom';
  const s = point(source, sourceSide);
  const t = point(target, targetSide);
  return { sourceX: s.x, sourceY: s.y, sourceSide, targetX: t.x, targetY: t.y, targetSide };
}
