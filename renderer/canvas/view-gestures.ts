/**
 * Panning and wheel zoom that move the canvas layer directly, and hand xyflow the view once
 * the gesture ends (the mouse button is released; the wheel rests for WHEEL_REST_MS, as
 * d3-zoom waits before it ends a wheel gesture).
 *
 * Through xyflow, every step of a pan or zoom runs the store selector of every node and edge
 * and repaints the dot grid and the minimap: on a 500-node, 800-edge topology that was most
 * of a step's time (bench/ui.ts: 30 fps panning, 20 fps zooming, in software rendering).
 * Moving the layer is one style change. The grid and the minimap catch up at the end of the
 * gesture. The arithmetic is xyflow's (wheel-zoom.ts), so the view at rest is the one
 * xyflow would have reached.
 *
 * Only gestures that start on the empty pane (or the wheel anywhere over the flow) are
 * taken; pressing a node, an edge, a handle, a panel or the minimap, or starting a selection
 * (Shift) or a multi-selection (Ctrl, Meta) is left to xyflow.
 */
import type { ReactFlowState, Viewport } from '@xyflow/react';
import { wheelZoomFactor, zoomAtPoint } from './wheel-zoom.js';

const WHEEL_REST_MS = 150;
/** Wheel events over these zoom nothing here: xyflow (or the browser) handles them. */
const NOT_CANVAS = '.react-flow__minimap, .react-flow__panel, .nowheel';

export interface ViewGestureHost {
  /** The flow's current state (transform, limits, panZoom). */
  state(): ReactFlowState;
  /** The element whose transform is the view (`.react-flow__viewport`). */
  layer(): HTMLElement | null;
  /** A gesture starts moving the view. */
  onStart(): void;
  /** A gesture ended without xyflow (no panZoom yet): the view it left. */
  onEnd(view: Viewport): void;
}

/** Listens on `root` (in the capture phase, before xyflow); returns the detach function. */
export function attachViewGestures(root: HTMLElement, host: ViewGestureHost): () => void {
  /** The view the layer shows during a gesture; null when no gesture is in flight. */
  let view: Viewport | null = null;
  let rest: ReturnType<typeof setTimeout> | undefined;

  const show = (next: Viewport, layer: HTMLElement) => {
    view = next;
    layer.style.transform = `translate(${next.x}px, ${next.y}px) scale(${next.zoom})`;
  };
  const begin = (): Viewport => {
    const [x, y, zoom] = host.state().transform;
    host.onStart();
    return { x, y, zoom };
  };
  /** Hands the view to xyflow, whose onMoveEnd then follows (through d3-zoom). */
  const settle = () => {
    clearTimeout(rest);
    const settled = view;
    view = null;
    if (settled === null) return;
    const panZoom = host.state().panZoom;
    if (panZoom === null) host.onEnd(settled);
    else void panZoom.setViewport(settled);
  };

  const onWheel = (event: WheelEvent) => {
    const target = event.target as Element | null;
    const state = host.state();
    const layer = host.layer();
    if (
      layer === null ||
      target === null ||
      target.closest('.react-flow') === null ||
      target.closest(NOT_CANVAS) !== null ||
      state.userSelectionActive
    ) {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    const pane = state.domNode?.getBoundingClientRect();
    const from = view ?? begin();
    show(
      zoomAtPoint(
        from,
        from.zoom * wheelZoomFactor(event),
        { x: event.clientX - (pane?.left ?? 0), y: event.clientY - (pane?.top ?? 0) },
        state.minZoom,
        state.maxZoom,
      ),
      layer,
    );
    clearTimeout(rest);
    rest = setTimeout(settle, WHEEL_REST_MS);
  };

  const onMouseDown = (event: MouseEvent) => {
    const target = event.target as Element | null;
    const layer = host.layer();
    // A press ends a wheel gesture: whatever it starts, starts from the view shown.
    settle();
    if (
      layer === null ||
      (event.button !== 0 && event.button !== 1) ||
      !target?.classList.contains('react-flow__pane') ||
      event.shiftKey ||
      event.ctrlKey ||
      event.metaKey ||
      host.state().userSelectionActive
    ) {
      return;
    }
    event.stopPropagation();
    const startX = event.clientX;
    const startY = event.clientY;
    let from: Viewport | null = null;
    const onMove = (move: MouseEvent) => {
      move.preventDefault(); // no text selection while dragging
      if (from === null) {
        if (move.clientX === startX && move.clientY === startY) return;
        from = begin();
        target.classList.add('dragging');
      }
      show(
        { x: from.x + move.clientX - startX, y: from.y + move.clientY - startY, zoom: from.zoom },
        layer,
      );
    };
    const onUp = () => {
      window.removeEventListener('mousemove', onMove, true);
      window.removeEventListener('mouseup', onUp, true);
      if (from === null) return; // a click: xyflow's pane click handles it
      target.classList.remove('dragging');
      settle();
      // The click that ends a drag is not a click on the pane (it would clear the selection).
      const swallow = (click: MouseEvent) => click.stopPropagation();
      window.addEventListener('click', swallow, { capture: true, once: true });
      setTimeout(() => window.removeEventListener('click', swallow, true), 0);
    };
    window.addEventListener('mousemove', onMove, true);
    window.addEventListener('mouseup', onUp, true);
  };

  root.addEventListener('wheel', onWheel, { capture: true, passive: false });
  root.addEventListener('mousedown', onMouseDown, { capture: true });
  return () => {
    root.removeEventListener('wheel', onWheel, { capture: true });
    root.removeEventListener('mousedown', onMouseDown, { capture: true });
    settle();
  };
}
