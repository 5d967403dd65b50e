/**
 * Serves the built renderer on `app://egress-studio/`. The scheme is registered as
 * standard and secure so the page gets a real origin ('self' in the CSP, module workers,
 * fetch of its own assets); every response carries the CSP header.
 */
import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { APP_SCHEME } from './app-origin.js';
import { resolveAsset } from './asset-path.js';
import { securityHeaders } from './content-security-policy.js';

/** Must run before the app is ready (Electron's rule for privileged schemes). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        corsEnabled: true,
        codeCache: true,
      },
    },
  ]);
}

export function serveApp(session: Session, rendererRoot: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', {
        status: 405,
        headers: securityHeaders('text/plain'),
      });
    }
    const asset = await resolveAsset(rendererRoot, request.url);
    if (asset === null) {
      return new Response('Not found', { status: 404, headers: securityHeaders('text/plain') });
    }
    const body = request.method === 'HEAD' ? null : await readFile(asset.file);
    return new Response(body, { status: 200, headers: securityHeaders(asset.contentType) });
  });
}
