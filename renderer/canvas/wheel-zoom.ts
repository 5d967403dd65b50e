/**
 * The arithmetic of a wheel zoom step, as xyflow's d3-zoom does it, kept pure so that it is
 * tested without a browser: the zoom factor of a wheel event, and the view that keeps the
 * point under the cursor in place.
 */
import type { Viewport } from '@xyflow/react';

const isMac = (): boolean =>
  typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform || navigator.userAgent);

/** 2^delta, with xyflow's delta: pixels, lines or pages; a trackpad pinch on macOS is faster. */
export function wheelZoomFactor(
  event: Pick<WheelEvent, 'deltaY' | 'deltaMode' | 'ctrlKey'>,
  mac = isMac(),
): number {
  const perUnit = event.deltaMode === 1 ? 0.05 : event.deltaMode ? 1 : 0.002;
  const pinch = event.ctrlKey && mac ? 10 : 1;
  return 2 ** (-event.deltaY * perUnit * pinch);
}

/**
 * The view at `zoom` (clamped to the limits) that keeps `point` (pane pixels) over the same
 * flow position.
 */
export function zoomAtPoint(
  view: Viewport,
  zoom: number,
  point: { x: number; y: number },
  minZoom: number,
  maxZoom: number,
): Viewport {
  const k = Math.min(maxZoom, Math.max(minZoom, zoom));
  const ratio = k / view.zoom;
  return {
    x: point.x - (point.x - view.x) * ratio,
    y: point.y - (point.y - view.y) * ratio,
    zoom: k,
  };
}
