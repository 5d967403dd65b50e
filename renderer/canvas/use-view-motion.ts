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
 * Panning and zooming with the wheel move that layer directly, and xyflow learns the view
 * when the gesture ends (view-gestures.ts).
 */
import { useStoreApi, type Viewport } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { attachViewGestures } from './view-gestures.js';

const LABEL_MIN_ZOOM = 0.5;
const TEXT_MIN_ZOOM = 0.35;

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
  // Whether the user has panned or zoomed: the canvas refits on resize only until then.
  const userMoved = useRef(false);
  const onMoveStart = useCallback(
    (event?: unknown) => {
      if (event) userMoved.current = true;
      moving.current = true;
      movingLayer()?.style.setProperty('will-change', 'transform');
    },
    [movingLayer],
  );
  const onMoveEnd = useCallback(
    (_event: unknown, viewport: Viewport) => {
      moving.current = false;
      movingLayer()?.style.removeProperty('will-change');
      setDetail(detailAt(viewport.zoom));
    },
    [movingLayer],
  );

  // Pan and wheel zoom move the layer themselves and tell xyflow at the end (view-gestures.ts).
  useEffect(() => {
    const element = root.current;
    if (element === null) return;
    return attachViewGestures(element, {
      state: () => flow.getState(),
      layer: movingLayer,
      onStart: () => onMoveStart(true),
      onEnd: (view) => onMoveEnd(null, view),
    });
  }, [flow, root, movingLayer, onMoveStart, onMoveEnd]);

  return { detail, onMoveStart, onMoveEnd, userMoved };
}
