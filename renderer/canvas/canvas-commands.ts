/** Canvas commands shared by the toolbar, the header and keyboard shortcuts. */
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useMemo } from 'react';
import { useStudioStore } from '../store/store-context.js';
import { computeAutoLayout } from './auto-layout.js';

/** The smallest text drawn on the canvas (edge labels, zone ids, node details), in CSS px. */
export const SMALLEST_CANVAS_TEXT_PX = 11.5;
/** On-screen text smaller than this is not read without leaning in. */
export const READABLE_TEXT_PX = 11;
/**
 * A fit never zooms out past the point where the smallest canvas text drops under
 * READABLE_TEXT_PX: a topology larger than the view at this zoom is centred and panned
 * (the minimap shows the rest), as design canvases do. Zooming out further by hand still
 * works, down to the icon-only level of detail.
 */
export const READABLE_FIT_ZOOM = READABLE_TEXT_PX / SMALLEST_CANVAS_TEXT_PX;

/**
 * How a fit frames the topology: room at the top for the toolbar and the legend beside it,
 * and at the right for the minimap when it shows, so none of them covers a node of a
 * topology that fits; never below READABLE_FIT_ZOOM.
 */
export function fitViewOptions(minimap: boolean) {
  const p = framePadding(minimap);
  return {
    padding: {
      top: `${p.top}px`,
      bottom: `${p.bottom}px`,
      left: `${p.left}px`,
      right: `${p.right}px`,
    },
    minZoom: READABLE_FIT_ZOOM,
    maxZoom: 1.1,
  } as const;
}

function framePadding(minimap: boolean) {
  return { top: 72, bottom: 32, left: 32, right: minimap ? 200 : 40 };
}

/**
 * The view that frames `bounds` in a `width`×`height` canvas: the fit, when it is readable;
 * else the readable zoom with the topology's top-left corner in view, where a left-to-right
 * topology starts (its internal sources), and the rest reached by panning.
 */
export function frameViewport(
  bounds: { x: number; y: number; width: number; height: number },
  size: { width: number; height: number },
  minimap: boolean,
): { x: number; y: number; zoom: number } | null {
  const p = framePadding(minimap);
  const fit = Math.min(
    (size.width - p.left - p.right) / bounds.width,
    (size.height - p.top - p.bottom) / bounds.height,
  );
  if (!(fit < READABLE_FIT_ZOOM)) return null;
  const zoom = READABLE_FIT_ZOOM;
  // Just under the toolbar (16 px from the top, 36 px high): a short canvas keeps its first row.
  const top = 56;
  return { x: p.left - bounds.x * zoom, y: top - bounds.y * zoom, zoom };
}

/** One zoom button press: the factor xyflow's own buttons use, and a short animation. */
const ZOOM_STEP = 1.2;
const ZOOM_DURATION_MS = 150;

export interface CanvasCommands {
  fitView(): void;
  zoomIn(): void;
  zoomOut(): void;
  autoLayout(): Promise<void>;
  selectAll(): void;
  duplicate(): void;
}

export function useCanvasCommands(): CanvasCommands {
  const store = useStudioStore();
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  return useMemo(() => {
    const frame = (duration: number): void => {
      const minimap = store.getState().minimap;
      const nodes = flow.getNodes();
      const { width, height } = flowStore.getState();
      const view =
        nodes.length > 0 && width > 0
          ? frameViewport(flow.getNodesBounds(nodes), { width, height }, minimap)
          : null;
      if (view) void flow.setViewport(view, { duration });
      else void flow.fitView({ ...fitViewOptions(minimap), duration });
    };
    // A click during the previous click's animation steps from where that animation is going,
    // not from where it has got to: ten quick clicks zoom as far as ten slow ones.
    let aim: { zoom: number; until: number } | null = null;
    const zoomBy = (factor: number): void => {
      const now = performance.now();
      const { minZoom, maxZoom } = flowStore.getState();
      const from = aim !== null && now < aim.until ? aim.zoom : flow.getZoom();
      const zoom = Math.min(maxZoom, Math.max(minZoom, from * factor));
      aim = { zoom, until: now + ZOOM_DURATION_MS };
      void flow.zoomTo(zoom, { duration: ZOOM_DURATION_MS });
    };
    return {
      fitView() {
        frame(250);
      },
      zoomIn() {
        zoomBy(ZOOM_STEP);
      },
      zoomOut() {
        zoomBy(1 / ZOOM_STEP);
      },
      async autoLayout() {
        const state = store.getState();
        const t = state.doc.history.present;
        if (t.nodes.length === 0) return;
        try {
          const change = await computeAutoLayout(t);
          // The topology may have changed while ELK ran; moving nodes that still exist is safe.
          store.getState().dispatch(change);
          requestAnimationFrame(() => frame(300));
        } catch (e) {
          state.toast('error', `Auto-layout failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      },
      selectAll() {
        const t = store.getState().doc.history.present;
        store.getState().select({
          nodes: t.nodes.map((n) => n.id),
          edges: t.edges.map((_, i) => i),
          zones: [],
        });
      },
      duplicate() {
        const state = store.getState();
        if (state.copy()) store.getState().paste();
      },
    };
  }, [flow, flowStore, store]);
}
