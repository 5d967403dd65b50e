/**
 * Undo/redo over immutable document values. Because every edit produces a new value by a
 * pure reducer, history is just the list of past values; `key` lets a burst of related edits
 * (one drag, typing in one inspector field) become a single undo step.
 */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** The coalescing key of the last commit, if any. */
  lastKey: string | null;
}

/** Enough for a long session without holding an unbounded amount of memory. */
export const HISTORY_LIMIT = 200;

export function createHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], lastKey: null };
}

/**
 * Records `next` as the new present. A commit whose key equals the previous commit's key
 * replaces the present without adding an undo step. Committing the same value is a no-op.
 */
export function commit<T>(h: History<T>, next: T, key: string | null = null): History<T> {
  if (next === h.present) return h;
  if (key !== null && key === h.lastKey) {
    return { past: h.past, present: next, future: [], lastKey: key };
  }
  const past = [...h.past, h.present];
  if (past.length > HISTORY_LIMIT) past.splice(0, past.length - HISTORY_LIMIT);
  return { past, present: next, future: [], lastKey: key };
}

export function canUndo<T>(h: History<T>): boolean {
  return h.past.length > 0;
}

export function canRedo<T>(h: History<T>): boolean {
  return h.future.length > 0;
}

export function undo<T>(h: History<T>): History<T> {
  const previous = h.past[h.past.length - 1];
  if (previous === undefined) return h;
  return {
    past: h.past.slice(0, -1),
    present: previous,
    future: [h.present, ...h.future],
    lastKey: null,
  };
}

export function redo<T>(h: History<T>): History<T> {
  const [next, ...rest] = h.future;
  if (next === undefined) return h;
  return { past: [...h.past, h.present], present: next, future: rest, lastKey: null };
}

/** Ends coalescing: the next commit starts a new undo step even with the same key. */
export function seal<T>(h: History<T>): History<T> {
  return h.lastKey === null ? h : { ...h, lastKey: null };
}
