/** Canvas commands shared by the toolbar, the header and keyboard shortcuts. */
import { useReactFlow } from '@xyflow/react';
import { useMemo } from 'react';
import { useStudioStore } from '../store/store-context.js';
import { computeAutoLayout } from './auto-layout.js';

/**
 * How a fit frames the topology: room at the top for the toolbar, at the bottom for the
 * legend and at the right for the minimap when it shows, so none of them covers a node.
 */
export function fitViewOptions(minimap: boolean) {
  return {
    padding: { top: '72px', bottom: '64px', left: '32px', right: minimap ? '200px' : '40px' },
    maxZoom: 1.1,
  } as const;
}

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
  return useMemo(
    () => ({
      fitView() {
        void flow.fitView({ ...fitViewOptions(store.getState().minimap), duration: 250 });
      },
      zoomIn() {
        void flow.zoomIn({ duration: 150 });
      },
      zoomOut() {
        void flow.zoomOut({ duration: 150 });
      },
      async autoLayout() {
        const state = store.getState();
        const t = state.doc.history.present;
        if (t.nodes.length === 0) return;
        try {
          const change = await computeAutoLayout(t);
          // The topology may have changed while ELK ran; moving nodes that still exist is safe.
          store.getState().dispatch(change);
          requestAnimationFrame(
            () => void flow.fitView({ ...fitViewOptions(store.getState().minimap), duration: 300 }),
          );
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
    }),
    [flow, store],
  );
}
