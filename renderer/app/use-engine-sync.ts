/**
 * Keeps the analysis (diagnostics, symbols, checked model) in step with the document:
 * re-checks shortly after the last edit, and drops answers to requests that a newer edit
 * has already replaced.
 */
import { useEffect } from 'react';
import { useStudioStore } from '../store/store-context.js';
import type { StudioState } from '../store/studio-store.js';
import { projectInput } from './project-input.js';
import { useServices } from './services.js';

/** Long enough to skip most keystrokes, short enough to feel live. */
export const ANALYZE_DEBOUNCE_MS = 250;

export function useEngineSync(): void {
  const store = useStudioStore();
  const { engine } = useServices();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let generation = 0;
    const run = (): void => {
      const mine = ++generation;
      const input = projectInput(store.getState());
      store.getState().setAnalysis(store.getState().analysis, true);
      engine
        .request({ type: 'analyze', project: input })
        .then((analysis) => {
          if (mine === generation) store.getState().setAnalysis(analysis, false);
        })
        .catch((e: unknown) => {
          if (mine !== generation) return;
          store.getState().setAnalysis(null, false);
          store.getState().toast('error', e instanceof Error ? e.message : String(e));
        });
    };
    const changed = (s: StudioState, prev: StudioState): boolean =>
      s.doc.policyText !== prev.doc.policyText ||
      s.doc.history.present !== prev.doc.history.present ||
      s.doc.documentId !== prev.doc.documentId;
    run();
    const unsubscribe = store.subscribe((s, prev) => {
      if (!changed(s, prev)) return;
      if (timer) clearTimeout(timer);
      // A newly loaded document is checked at once; edits are debounced.
      if (s.doc.documentId !== prev.doc.documentId) run();
      else timer = setTimeout(run, ANALYZE_DEBOUNCE_MS);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store, engine]);
}
