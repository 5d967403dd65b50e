/**
 * The selected target's export of the project as it is now, kept up to date while the user
 * types without slowing the typing: the export runs in the engine worker after the check of
 * the same text has answered (the keystroke's markers come first), once the text has rested
 * for EXPORT_AFTER_MS; an edit meanwhile cancels it, at most one export runs at a time, and
 * an answer for a text that has changed since is dropped (the export of the new text is due).
 */
import { useEffect, useState } from 'react';
import type { ExportResult } from '../../simulator/index.js';
import { projectInput } from '../store/project-input.js';
import { useServices } from '../services/services.js';
import { useStudioStore } from '../store/store-context.js';
import type { StudioState } from '../store/studio-store.js';

/** Rest after a check before the export; longer than the pause between two keystrokes. */
export const EXPORT_AFTER_MS = 400;

export interface LiveExport {
  result: ExportResult | null;
  /** Why the shown result is not the current text's (errors in the project), else null. */
  problem: string | null;
  /** The shown result is of an earlier text: an export of the current one is due or blocked. */
  stale: boolean;
}

const EMPTY: LiveExport = { result: null, problem: null, stale: false };

function errorCount(s: StudioState): number {
  const a = s.analysis;
  if (!a) return 0;
  return [...a.policyDiagnostics, ...a.topologyDiagnostics].filter((d) => d.severity === 'error')
    .length;
}

export function useLiveExport(target: string | null): LiveExport {
  const store = useStudioStore();
  const { engine } = useServices();
  const [live, setLive] = useState<LiveExport>(EMPTY);
  useEffect(() => {
    setLive(EMPTY);
    if (target === null) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let running = false;
    let due = false;
    let disposed = false;
    /** The text and topology of the result shown: a later analysis of them (details, findings) needs no export. */
    let shown: readonly [string, unknown] | null = null;
    const documentOf = (s: StudioState) => [s.doc.policyText, s.doc.history.present] as const;
    const run = (): void => {
      timer = null;
      if (disposed) return;
      if (running) {
        due = true;
        return;
      }
      const state = store.getState();
      // The check of this text has not answered yet: its answer schedules the export.
      if (state.analysis === null || state.analyzing) return;
      const errors = errorCount(state);
      if (errors > 0 || state.analysis.counts === null) {
        setLive((l) => ({
          ...l,
          stale: l.result !== null,
          problem: `${errors || 'Some'} error${errors === 1 ? '' : 's'} in the project: fix ${errors === 1 ? 'it' : 'them'} to update the configuration (see Problems).`,
        }));
        return;
      }
      const [text, topology] = documentOf(state);
      if (shown !== null && shown[0] === text && shown[1] === topology) return;
      const current = (): boolean => {
        const [nowText, nowTopology] = documentOf(store.getState());
        return !disposed && nowText === text && nowTopology === topology;
      };
      running = true;
      due = false;
      engine
        .request({ type: 'export', project: projectInput(state), targets: [target], options: {} })
        .then(
          ([result]) => {
            if (!current() || !result) return;
            shown = [text, topology];
            setLive({ result, problem: null, stale: false });
          },
          (e: unknown) => {
            if (!current()) return;
            const problem = e instanceof Error ? e.message : String(e);
            setLive((l) => ({ ...l, stale: l.result !== null, problem }));
          },
        )
        .finally(() => {
          running = false;
          if (due && !disposed) schedule();
        });
    };
    const schedule = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, EXPORT_AFTER_MS);
    };
    schedule();
    const unsubscribe = store.subscribe((s, prev) => {
      const edited =
        s.doc.policyText !== prev.doc.policyText ||
        s.doc.history.present !== prev.doc.history.present ||
        s.doc.documentId !== prev.doc.documentId;
      if (edited) {
        if (timer) clearTimeout(timer);
        timer = null;
        setLive((l) => (l.result === null || l.stale ? l : { ...l, stale: true }));
      }
      // The check of the new text answered: the export follows once the text rests.
      if (s.analysis !== prev.analysis && s.analysis !== null && !s.analyzing && timer === null)
        schedule();
    });
    return () => {
      disposed = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store, engine, target]);
  return live;
}
