/** The wheel zoom arithmetic against xyflow's own (d3-zoom's wheel delta and scale-about-point). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wheelZoomFactor, zoomAtPoint } from '../../../renderer/canvas/wheel-zoom.js';

describe('wheelZoomFactor', () => {
  it('uses xyflow’s delta per pixel, line and page, and the faster macOS pinch', () => {
    expect(wheelZoomFactor({ deltaY: -100, deltaMode: 0, ctrlKey: false }, false)).toBeCloseTo(
      2 ** 0.2,
    );
    expect(wheelZoomFactor({ deltaY: 3, deltaMode: 1, ctrlKey: false }, false)).toBeCloseTo(
      2 ** -0.15,
    );
    expect(wheelZoomFactor({ deltaY: -1, deltaMode: 2, ctrlKey: false }, false)).toBe(2);
    expect(wheelZoomFactor({ deltaY: -10, deltaMode: 0, ctrlKey: true }, true)).toBeCloseTo(
      2 ** 0.2,
    );
    expect(wheelZoomFactor({ deltaY: -10, deltaMode: 0, ctrlKey: true }, false)).toBeCloseTo(
      2 ** 0.02,
    );
  });
});

describe('zoomAtPoint', () => {
  const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true });

  it('keeps the flow position under the point, within the zoom limits', () => {
    fc.assert(
      fc.property(
        finite(-5000, 5000),
        finite(-5000, 5000),
        finite(0.2, 2.5),
        finite(0.01, 10),
        finite(0, 2000),
        finite(0, 2000),
        (x, y, zoom, factor, px, py) => {
          const before = { x, y, zoom };
          const after = zoomAtPoint(before, zoom * factor, { x: px, y: py }, 0.2, 2.5);
          expect(after.zoom).toBeGreaterThanOrEqual(0.2);
          expect(after.zoom).toBeLessThanOrEqual(2.5);
          // The flow position at the point: (p - translate) / zoom.
          expect((px - after.x) / after.zoom).toBeCloseTo((px - x) / zoom, 6);
          expect((py - after.y) / after.zoom).toBeCloseTo((py - y) / zoom, 6);
        },
      ),
    );
  });

  it('stops at the limits', () => {
    expect(zoomAtPoint({ x: 0, y: 0, zoom: 2 }, 9, { x: 10, y: 10 }, 0.2, 2.5).zoom).toBe(2.5);
    expect(zoomAtPoint({ x: 0, y: 0, zoom: 0.3 }, 0.01, { x: 0, y: 0 }, 0.2, 2.5).zoom).toBe(0.2);
  });
});
