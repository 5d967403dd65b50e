/**
 * Runs `task` when the UI thread is next idle (where the browser can tell, and within
 * `timeout` ms in any case), else soon. For work the user should not wait for but will
 * want done before their next keystroke.
 */
export function whenIdle(task: () => void, timeout = 1000): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout });
  else setTimeout(task, 0);
}
