/**
 * IPC is answered only for the app's own top-level page: a frame that is not the app
 * origin (there should be none, but defence in depth) gets no file access.
 */
import { isAppUrl } from './app-origin.js';

export interface SenderFrame {
  url: string;
  /** True for the window's main frame. */
  isMainFrame: boolean;
}

export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return frame != null && frame.isMainFrame && isAppUrl(frame.url);
}
