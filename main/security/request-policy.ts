/**
 * Which URLs the app's session may load (docs/architecture.md: the app is outbound-silent). Only the
 * app's own scheme, the developer tools' internal pages, and in-memory `data:`/`blob:`
 * URLs; every http(s), ws(s), file:// or other request is cancelled before it leaves.
 */
import { isAppUrl } from './app-origin.js';

export function isAllowedRequest(url: string): boolean {
  if (isAppUrl(url)) return true;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  switch (parsed.protocol) {
    case 'devtools:':
    case 'data:':
      return true;
    case 'blob:':
      // A blob URL names memory of the page that created it: only the app's own.
      return isAppUrl(url.slice('blob:'.length));
    default:
      return false;
  }
}
