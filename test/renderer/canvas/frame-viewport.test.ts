import { describe, expect, it } from 'vitest';
import { READABLE_FIT_ZOOM, frameViewport } from '../../../renderer/canvas/canvas-commands.js';

describe('frameViewport', () => {
  it('leaves a topology that fits readably to the ordinary fit', () => {
    const bounds = { x: 0, y: 0, width: 600, height: 300 };
    expect(frameViewport(bounds, { width: 1200, height: 600 }, true)).toBeNull();
  });

  it('keeps a larger topology readable, its top-left corner in view', () => {
    const bounds = { x: 100, y: 50, width: 1000, height: 520 };
    const view = frameViewport(bounds, { width: 748, height: 408 }, true)!;
    expect(view.zoom).toBe(READABLE_FIT_ZOOM);
    expect(view.x + bounds.x * view.zoom).toBe(32);
    expect(view.y + bounds.y * view.zoom).toBe(56);
  });
});
