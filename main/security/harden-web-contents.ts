/**
 * Windows never navigate: no new windows, no navigation away from the app, no
 * <webview>. A link the user clicks to an http(s) page opens in the system browser, through
 * the gate in external-links.ts (a real click or key press, a confirmation for other hosts).
 */
import { app, BrowserWindow, dialog, shell, type WebContents } from 'electron';
import { isAppUrl } from './app-origin.js';
import { createExternalLinkGate } from './external-links.js';

async function confirmExternal(contents: WebContents, url: string): Promise<boolean> {
  const options = {
    type: 'question' as const,
    title: 'Open in your browser?',
    message: 'Open this address in your web browser?',
    detail: url,
    buttons: ['Cancel', 'Open'],
    defaultId: 0,
    cancelId: 0,
  };
  const parent = BrowserWindow.fromWebContents(contents);
  const answer = parent
    ? await dialog.showMessageBox(parent, options)
    : await dialog.showMessageBox(options);
  return answer.response === 1;
}

export function hardenWebContents(contents: WebContents): void {
  const links = createExternalLinkGate({
    now: () => performance.now(),
    confirm: (url) => confirmExternal(contents, url),
    open: (url) => shell.openExternal(url),
  });
  const openOutside = (url: string): void => void links.request(url).catch(() => undefined);
  contents.on('input-event', (_event, input) => links.noteInput(input.type));
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    if (!isAppUrl(url)) openOutside(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Applies the rules to every web contents the app ever creates, present or future. */
export function hardenAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}
