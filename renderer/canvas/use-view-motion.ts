/**
 * How the canvas behaves while its view moves (pan and zoom) on a large topology.
 *
 * Levels of detail, as design tools do: below LABEL_MIN_ZOOM the edge labels (10 px text) are
 * unreadable and left out; below TEXT_MIN_ZOOM so are the texts of the nodes, which then show
 * as their coloured kind icons. Painting hundreds of unreadable texts is most of the cost of
 * a frame when a large topology is zoomed out. The level changes only when the view comes to
 * rest: restyling every node in the middle of a zoom stalls it for a fifth of a second on a
 * 500-node topology (bench/ui.ts), which is worse than painting the texts a little longer.
 *
 * While the view moves, the browser may scale what it has painted instead of painting again
 * at every step (`will-change: transform` on the moving layer only: half the paint and
 * raster work of a zoom step, bench/ui.ts); it repaints sharp once the view rests.
 *
 * Zooming with the wheel moves that layer directly, and xyflow learns the new view once the
 * wheel rests (WHEEL_REST_MS, as d3-zoom waits before it ends a wheel gesture). Through
 * xyflow, every wheel step would run the store selector of every node and edge, and repaint
 * the dot grid and the minimap: on a 500-node, 800-edge topology that was most of a step's
 * time. The grid and the minimap catch up when the wheel rests. The zoom itself is xyflow's
 * (the same wheel delta, limits and point under the cursor), so the view at rest is the one
 * xyflow would have reached.
 */
import { useStoreApi, type Viewport } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { zoomAtPoint, wheelZoomFactor } from './wheel-zoom.js';

const LABEL_MIN_ZOOM = 0.5;
const TEXT_MIN_ZOOM = 0.35;
const WHEEL_REST_MS = 150;
/** Wheel events over these zoom nothing here: xyflow (or the browser) handles them. */
const NOT_CANVAS = '.react-flow__minimap, .react-flow__panel, .nowheel';

type Detail = 'full' | 'no-labels' | 'icons';

const detailAt = (zoom: number): Detail =>
  zoom < TEXT_MIN_ZOOM ? 'icons' : zoom < LABEL_MIN_ZOOM ? 'no-labels' : 'full';

/** The level of detail to show, and the handlers for the flow's `onMoveStart`/`onMoveEnd`. */
export function useViewMotion(root: RefObject<HTMLElement | null>) {
  const flow = useStoreApi();
  const moving = useRef(false);
  const [detail, setDetail] = useState(() => detailAt(flow.getState().transform[2]));
  // Zoom changes made without a gesture (fit view, a new document) apply at once; during a
  // gesture nothing re-renders (a subscription, not a selector that would re-render the
  // canvas each time a threshold is crossed).
  useEffect(
    () =>
      flow.subscribe((s) => {
        if (!moving.current) setDetail(detailAt(s.transform[2]));
      }),
    [flow],
  );
  const movingLayer = useCallback(
    (): HTMLElement | null =>
      root.current?.querySelector<HTMLElement>('.react-flow__viewport') ?? null,
    [root],
  );
  const onMoveStart = useCallback(() => {
    moving.current = true;
    movingLayer()?.style.setProperty('will-change', 'transform');
  }, [movingLayer]);
  const onMoveEnd = useCallback(
    (_event: unknown, viewport: Viewport) => {
      moving.current = false;
      movingLayer()?.style.removeProperty('will-change');
      setDetail(detailAt(viewport.zoom));
    },
    [movingLayer],
  );

  // The wheel zoom: one view for the whole gesture, applied to the layer at each step.
  useEffect(() => {
    const element = root.current;
    if (element === null) return;
    let view: Viewport | null = null;
    let origin = { left: 0, top: 0 };
    let rest: ReturnType<typeof setTimeout> | undefined;
    const settle = () => {
      const settled = view;
      view = null;
      if (settled === null) return;
      // setViewport ends in onMoveEnd (through d3-zoom), which restores the layer's hints
      // and the level of detail; xyflow then renders the transform the layer already has.
      const panZoom = flow.getState().panZoom;
      if (panZoom === null) onMoveEnd(null, settled);
      else void panZoom.setViewport(settled);
    };
    const onWheel = (event: WheelEvent) => {
      const target = event.target as Element | null;
      const state = flow.getState();
      const layer = movingLayer();
      if (
        layer === null ||
        target?.closest('.react-flow') === null ||
        target?.closest(NOT_CANVAS) ||
        state.userSelectionActive
      ) {
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      if (view === null) {
        const [x, y, zoom] = state.transform;
        view = { x, y, zoom };
        const pane = state.domNode?.getBoundingClientRect();
        origin = { left: pane?.left ?? 0, top: pane?.top ?? 0 };
        onMoveStart();
      }
      view = zoomAtPoint(
        view,
        view.zoom * wheelZoomFactor(event),
        { x: event.clientX - origin.left, y: event.clientY - origin.top },
        state.minZoom,
        state.maxZoom,
      );
      layer.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.zoom})`;
      clearTimeout(rest);
      rest = setTimeout(settle, WHEEL_REST_MS);
    };
    // A drag that starts mid-gesture starts from the view the layer shows.
    const onPointerDown = () => {
      if (view === null) return;
      clearTimeout(rest);
      settle();
    };
    element.addEventListener('wheel', onWheel, { capture: true, passive: false });
    element.addEventListener('pointerdown', onPointerDown, { capture: true });
    return () => {
      element.removeEventListener('wheel', onWheel, { capture: true });
      element.removeEventListener('pointerdown', onPointerDown, { capture: true });
      clearTimeout(rest);
      settle();
    };
  }, [flow, root, movingLayer, onMoveStart, onMoveEnd]);

  return { detail, onMoveStart, onMoveEnd };
}
