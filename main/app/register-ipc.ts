/**
 * Wires the dispatcher to ipcMain: one `handle` per registered channel, answered only for
 * the app's own main frame. `ipcMain.on` is never used, so the renderer has no
 * fire-and-forget channel into main.
 */
import { ipcMain } from 'electron';
import { DESKTOP_TASKS, TASK_CHANNELS } from '../ipc/channels.js';
import type { Dispatch } from '../ipc/dispatcher.js';
import { isTrustedSender } from '../security/trusted-sender.js';

export function registerIpc(dispatch: Dispatch): void {
  for (const task of DESKTOP_TASKS) {
    const channel = TASK_CHANNELS[task];
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      const frame = event.senderFrame;
      const sender = frame ? { url: frame.url, isMainFrame: frame.parent === null } : null;
      if (!isTrustedSender(sender)) {
        return {
          ok: false,
          error: { code: 'untrusted-sender', message: `${task} refused: not the app's own page.` },
        };
      }
      return dispatch(channel, args);
    });
  }
}
