/**
 * Links that point outside the app (documentation, a vendor's page). They never open inside
 * the app. A link goes to the system browser only when the user just clicked or pressed a key
 * in the window (an input event main saw arrive from the system, which page script cannot
 * forge), and only a plain http(s) URL without credentials, at most 2,048 characters. A host
 * outside a short list of documentation sites is opened only after the user read the full URL
 * in a confirmation, so a compromised page cannot send data out through the browser.
 */

export const MAX_EXTERNAL_URL_LENGTH = 2048;

/** Documentation of the export targets, opened without a question (https only, exact host). */
export const DOCUMENTATION_HOSTS: ReadonlySet<string> = new Set([
  'kubernetes.io',
  'docs.cilium.io',
  'istio.io',
  'wiki.nftables.org',
  'www.squid-cache.org',
  'developer.hashicorp.com',
]);

/** How long a click or key press lets one link open (Chromium's transient user activation). */
export const GESTURE_WINDOW_MS = 5000;

/** Input events that count as the user acting, as Chromium counts them for activation. */
const GESTURE_INPUTS: ReadonlySet<string> = new Set([
  'mouseDown',
  'mouseUp',
  'keyDown',
  'rawKeyDown',
  'gestureTap',
]);

export function isSafeExternalUrl(url: string): boolean {
  if (url.length > MAX_EXTERNAL_URL_LENGTH) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  return parsed.hostname.length > 0;
}

/** True for an https link to one of the documentation hosts. */
export function isDocumentationUrl(url: string): boolean {
  if (!isSafeExternalUrl(url)) return false;
  const parsed = new URL(url);
  return parsed.protocol === 'https:' && DOCUMENTATION_HOSTS.has(parsed.hostname);
}

export interface ExternalLinkDependencies {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Shows the full URL and asks whether to open it; true to open. */
  confirm(url: string): Promise<boolean>;
  open(url: string): Promise<void>;
}

export type ExternalLinkOutcome = 'opened' | 'declined' | 'no-gesture' | 'unsafe';

/** One per window: remembers the user's last input and decides each link request. */
export function createExternalLinkGate(deps: ExternalLinkDependencies) {
  let gestureAt: number | null = null;

  return {
    /** Called for every input event the window receives from the system. */
    noteInput(type: string): void {
      if (GESTURE_INPUTS.has(type)) gestureAt = deps.now();
    },

    async request(url: string): Promise<ExternalLinkOutcome> {
      if (!isSafeExternalUrl(url)) return 'unsafe';
      const fresh = gestureAt !== null && deps.now() - gestureAt <= GESTURE_WINDOW_MS;
      // One input opens at most one link, so a script cannot open many behind one click.
      gestureAt = null;
      if (!fresh) return 'no-gesture';
      if (!isDocumentationUrl(url) && !(await deps.confirm(url))) return 'declined';
      await deps.open(url);
      return 'opened';
    },
  };
}

export type ExternalLinkGate = ReturnType<typeof createExternalLinkGate>;
