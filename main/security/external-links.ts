/**
 * Links the user clicked that point outside the app (documentation, a vendor's page).
 * They never open inside the app; a plain http(s) URL without credentials goes to the
 * system browser, anything else (file:, javascript:, custom schemes that launch programs)
 * is dropped.
 */
export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  return parsed.hostname.length > 0 && url.length <= 2048;
}
