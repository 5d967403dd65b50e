/**
 * Windows never navigate: no new windows, no navigation away from the app, no
 * <webview>. A link the user clicks to an http(s) page opens in the system browser.
 */
import { app, shell, type WebContents } from 'electron';
import { isAppUrl } from './app-origin.js';
import { isSafeExternalUrl } from './external-links.js';

function openOutside(url: string): void {
  if (isSafeExternalUrl(url)) void shell.openExternal(url);
}

export function hardenWebContents(contents: WebContents): void {
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
