/**
 * The preload script (sandboxed, so bundled to one CommonJS file): it puts exactly one
 * object on the page, `window.egressStudio`, whose methods are the desktop tasks. The page
 * never sees ipcRenderer, a channel name or a way to send arbitrary messages.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { COMMAND_CHANNEL } from './ipc/channels.js';
import { createCommandBuffer } from './ipc/command-buffer.js';
import { createDesktopApi } from './ipc/desktop-api.js';

export const DESKTOP_API_KEY = 'egressStudio';

const commands = createCommandBuffer();
ipcRenderer.on(COMMAND_CHANNEL, (_event, command: unknown) => commands.push(command));

contextBridge.exposeInMainWorld(
  DESKTOP_API_KEY,
  createDesktopApi({
    // A fixed argument list: the page cannot pass extra arguments or an event through.
    invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
    onCommand: (listener) => commands.subscribe(listener),
  }),
);
