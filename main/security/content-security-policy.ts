/**
 * The app's Content-Security-Policy, in one place. 'self' is the app origin; nothing remote
 * is ever allowed, so even injected markup could not load or send anything. Styles need
 * 'unsafe-inline' because Monaco and React Flow set element styles at run time.
 *
 * These are the directives a `<meta>` policy can carry: the renderer build writes them into
 * index.html (vite.config.ts), which covers the browser mode too.
 */
const DOCUMENT_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

export const META_CONTENT_SECURITY_POLICY = DOCUMENT_DIRECTIVES.join('; ');

/** Sent with every response of the app scheme: adds what only a header can say. */
export const CONTENT_SECURITY_POLICY = [...DOCUMENT_DIRECTIVES, "frame-ancestors 'none'"].join(
  '; ',
);

/** Headers for every app response (the CSP plus the usual hardening headers). */
export function securityHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}
