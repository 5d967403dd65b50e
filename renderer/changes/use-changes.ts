/**
 * Keeps the Changes view in step with the document: the working copy is compared with the
 * project as last saved (or opened) in the changes worker, once the text has rested for
 * CHANGES_AFTER_MS and the check of the edit is done, so the diff never sits on the keystroke
 * path. An edit made while a comparison runs cancels it (the worker is stopped: a diff of a
 * large policy can take seconds, and its answer would be stale anyway).
 */
import { useEffect, useState } from 'react';
import type { FlowChange } from '../../simulator/index.js';
import { projectInput } from '../store/project-input.js';
import { useServices } from '../services/services.js';
import { useStudioStore } from '../store/store-context.js';
import type { StudioState } from '../store/studio-store.js';
import type { ProjectInput } from '../worker/protocol.js';

/** Rest after an edit before the comparison starts: after the check and its details. */
export const CHANGES_AFTER_MS = 700;

export type ChangesState =
  | { status: 'same' }
  /** `previous` is the last answer, shown dimmed until the new one arrives. */
  | { status: 'running'; previous: FlowChange[] | null }
  | { status: 'done'; changes: FlowChange[] }
  | { status: 'error'; message: string };

/** The engine's view of the project as last saved or opened. */
export function baselineInput(s: StudioState): ProjectInput {
  const { topology, policyText } = s.doc.baseline;
  return {
    policyText,
    policyFile: s.doc.policyFile,
    topology: s.doc.hasTopology || topology.nodes.length > 0 ? topology : null,
  };
}

/** Whether the working copy is the baseline itself (after an undo back to it, too). */
export function isBaseline(s: StudioState): boolean {
  return (
    s.doc.policyText === s.doc.baseline.policyText &&
    s.doc.history.present === s.doc.baseline.topology
  );
}

function shownChanges(state: ChangesState): FlowChange[] | null {
  if (state.status === 'done') return state.changes;
  if (state.status === 'running') return state.previous;
  return null;
}

export function useChanges(): ChangesState {
  const store = useStudioStore();
  const { changes: client } = useServices();
  const [state, setState] = useState<ChangesState>({ status: 'running', previous: null });

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let running = false;
    let generation = 0;
    let disposed = false;
    const start = (): void => {
      timer = null;
      const s = store.getState();
      if (isBaseline(s)) {
        setState({ status: 'same' });
        return;
      }
      if (s.analyzing) {
        timer = setTimeout(start, CHANGES_AFTER_MS);
        return;
      }
      const mine = ++generation;
      running = true;
      const settle = (next: ChangesState): void => {
        if (disposed || mine !== generation) return;
        running = false;
        setState(next);
      };
      client.request({ type: 'changes', base: baselineInput(s), project: projectInput(s) }).then(
        (changes) => settle({ status: 'done', changes }),
        (e: unknown) =>
          settle({ status: 'error', message: e instanceof Error ? e.message : String(e) }),
      );
    };
    const schedule = (delay: number): void => {
      if (running) {
        generation++;
        running = false;
        client.dispose(); // the next request starts a fresh worker
      }
      if (timer) clearTimeout(timer);
      setState((prev) => ({ status: 'running', previous: shownChanges(prev) }));
      timer = setTimeout(start, delay);
    };
    schedule(0);
    const unsubscribe = store.subscribe((s, prev) => {
      if (
        s.doc.policyText !== prev.doc.policyText ||
        s.doc.history.present !== prev.doc.history.present ||
        s.doc.baseline !== prev.doc.baseline
      ) {
        schedule(CHANGES_AFTER_MS);
      }
    });
    return () => {
      disposed = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      if (running) client.dispose();
    };
  }, [store, client]);

  return state;
}
