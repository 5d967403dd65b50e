/**
 * Keeps the analysis (diagnostics, symbols, checked model) in step with the document.
 *
 * At most one check runs at a time: edits made while one runs are checked together as soon
 * as it returns, so a burst of typing never queues work in the engine, and the diagnostics of
 * the final text follow the last keystroke by at most about two checks (tens of milliseconds
 * each for a 2,000-line policy: bench/ui.ts). An answer for a text that has changed since is
 * dropped; the check of the new text is already due.
 *
 * The details (symbols and checked model, for hover, completion and go to definition) are
 * asked for once the text has rested for DETAILS_AFTER_MS: making them takes the worker
 * longer than the check itself on a large policy, and a keystroke must never wait behind them.
 * Once they arrive, the UI parses them while it is idle, not in the keystroke that next asks
 * for a completion.
 */
import { useEffect } from 'react';
import { useStudioStore } from '../store/store-context.js';
import type { StudioState } from '../store/studio-store.js';
import { parseDetails, readAnalysis, withDetails, withFindings } from '../worker/analysis.js';
import { projectInput } from '../store/project-input.js';
import { useServices } from '../services/services.js';
import { whenIdle } from '../services/when-idle.js';

/**
 * Rest after a check before its details are asked for; any edit meanwhile cancels them.
 * Longer than the pause between two keystrokes of someone typing (100-250 ms).
 */
export const DETAILS_AFTER_MS = 300;

/**
 * A check that answers sooner shows no "Checking…": a status that changes and changes back
 * within a few frames on every keystroke is flicker, and costs the UI thread a render and a
 * layout while the keystroke's diagnostics are on their way. With no analysis to show (a
 * document just opened), "Checking…" shows at once.
 */
export const CHECKING_SHOWN_AFTER_MS = 250;

export function useEngineSync(): void {
  const store = useStudioStore();
  const { engine } = useServices();
  useEffect(() => {
    // No waiting for typing to stop: a change is checked at the end of the task that made it
    // (a microtask gathers the edits of one task, a paste or an undo, into one check), and the
    // keystrokes made during a check are checked together right after it (`due`).
    let scheduled = false;
    let detailsTimer: ReturnType<typeof setTimeout> | null = null;
    let busyTimer: ReturnType<typeof setTimeout> | null = null;
    const notBusy = (): void => {
      if (busyTimer) clearTimeout(busyTimer);
      busyTimer = null;
    };
    let running = false;
    let due = false;
    let disposed = false;
    const documentOf = (s: StudioState) => [s.doc.policyText, s.doc.history.present] as const;
    const run = (): void => {
      scheduled = false;
      if (disposed) return;
      if (running) {
        due = true;
        return;
      }
      running = true;
      due = false;
      const state = store.getState();
      const [text, topology] = documentOf(state);
      if (state.analysis === null) {
        if (!state.analyzing) state.setAnalysis(null, true);
      } else if (busyTimer === null && !state.analyzing) {
        busyTimer = setTimeout(() => {
          busyTimer = null;
          if (running && !disposed) store.getState().setAnalysis(store.getState().analysis, true);
        }, CHECKING_SHOWN_AFTER_MS);
      }
      const current = (): boolean => {
        const [nowText, nowTopology] = documentOf(store.getState());
        return !disposed && nowText === text && nowTopology === topology;
      };
      const project = projectInput(state);
      engine
        .request({ type: 'analyze', project })
        .then((message) => {
          if (!current()) return;
          notBusy();
          const previous = store.getState().analysis;
          store.getState().setAnalysis(readAnalysis(message, previous), false);
          // The markers are up; the symbols and model for hover, completion and the rest
          // follow once the text rests (the worker has them from this same check).
          detailsTimer = setTimeout(() => {
            detailsTimer = null;
            if (!current()) return;
            void engine.request({ type: 'analysis-details', project }).then(
              (json) => {
                const shown = store.getState().analysis;
                if (!current() || !shown) return;
                let detailed = withDetails(shown, json, { policyText: text, topology });
                store.getState().setAnalysis(detailed, false);
                const stillShown = (): boolean =>
                  !disposed && store.getState().analysis === detailed;
                const parse = (): void => {
                  if (parseDetails(detailed, stillShown)) whenIdle(parse);
                };
                whenIdle(parse);
                // The whole-space findings last: they can take a while on a large policy,
                // and typing never waits for them.
                void engine.request({ type: 'findings', project }).then(
                  (findings) => {
                    if (!current() || !stillShown()) return;
                    if (findings.policy.length === 0 && findings.topology.length === 0) return;
                    detailed = withFindings(detailed, findings);
                    store.getState().setAnalysis(detailed, false);
                  },
                  () => undefined,
                );
              },
              () => undefined, // the next edit asks again
            );
          }, DETAILS_AFTER_MS);
        })
        .catch((e: unknown) => {
          if (!current()) return;
          notBusy();
          store.getState().setAnalysis(null, false);
          store.getState().toast('error', e instanceof Error ? e.message : String(e));
        })
        .finally(() => {
          running = false;
          if (due && !disposed) run();
        });
    };
    const changed = (s: StudioState, prev: StudioState): boolean =>
      s.doc.policyText !== prev.doc.policyText ||
      s.doc.history.present !== prev.doc.history.present ||
      s.doc.documentId !== prev.doc.documentId;
    run();
    const unsubscribe = store.subscribe((s, prev) => {
      if (!changed(s, prev)) return;
      if (detailsTimer) clearTimeout(detailsTimer);
      detailsTimer = null;
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(run);
    });
    return () => {
      disposed = true;
      notBusy();
      unsubscribe();
      if (detailsTimer) clearTimeout(detailsTimer);
    };
  }, [store, engine]);
}
