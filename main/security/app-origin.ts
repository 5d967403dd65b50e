/**
 * The app's own origin. The renderer is served from a custom, privileged scheme rather than
 * file:// (which would give the page every local file as "same origin") or a local HTTP
 * server (which any other program on the machine could reach).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'egress-studio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True when `url` is a page or resource of the app itself. */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}
