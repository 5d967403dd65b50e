/**
 * Picks the project host: the desktop one when the Electron preload put its API on the
 * page, the browser one otherwise. The same renderer build serves both.
 */
import type { DesktopApi } from '../../main/ipc/desktop-api.js';
import { BrowserHost } from './browser-host.js';
import { DesktopHost } from './desktop-host.js';
import type { ProjectHost } from './project-host.js';

/** The name the preload exposes the API under (main/preload.ts). */
export const DESKTOP_API_KEY = 'egressStudio';

export function chooseHost(win: object): ProjectHost {
  const api = (win as { [DESKTOP_API_KEY]?: DesktopApi })[DESKTOP_API_KEY];
  return api ? new DesktopHost(api) : new BrowserHost();
}
