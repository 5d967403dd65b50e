/**
 * Session-wide rules (docs/architecture.md, "outbound-silent"): every request that is not the app's own
 * is cancelled, no permission (camera, notifications, clipboard reads, …) is ever granted,
 * and nothing is downloaded behind the user's back.
 */
import type { Session } from 'electron';
import { isAllowedRequest } from './request-policy.js';

export function hardenSession(session: Session, onBlocked: (url: string) => void): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url);
    if (!allowed) onBlocked(details.url);
    callback({ cancel: !allowed });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
}
