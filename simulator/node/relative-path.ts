/**
 * Checks a relative path (an exported file's name, which may come from the desktop app's
 * renderer) before it is joined to a folder. Only plain relative paths with forward slashes pass: no `..`, no
 * absolute or drive paths, no backslashes, no control characters, and nothing inside a
 * `.git` folder, so a compromised renderer or a buggy exporter cannot aim a write anywhere else.
 */
import { PathRefusal } from './path-refusal.js';

export const MAX_RELATIVE_PATH_LENGTH = 400;

// Names Windows refuses (or maps to devices) whatever the extension; refused everywhere so a
// repository exported on Linux still checks out on Windows.
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function refuse(path: string, why: string): never {
  throw new PathRefusal('unsafe-path', path, why);
}

/** The path's segments when it is a safe relative file path; throws `unsafe-path` otherwise. */
export function safeRelativeSegments(path: string): string[] {
  if (path.length === 0) refuse(path, 'the file name is empty');
  if (path.length > MAX_RELATIVE_PATH_LENGTH)
    refuse(path.slice(0, 40) + '…', 'the path is too long');
  if (CONTROL.test(path)) refuse(path, 'the path contains control characters');
  if (path.includes('\\')) refuse(path, 'use forward slashes, not backslashes');
  if (path.startsWith('/') || /^[a-zA-Z]:/.test(path)) {
    refuse(path, 'absolute paths are not allowed; give a path inside the chosen folder');
  }
  const segments = path.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.') refuse(path, 'the path has an empty or "." segment');
    if (segment === '..') refuse(path, '".." would leave the chosen folder');
    if (segment.toLowerCase() === '.git') refuse(path, 'files inside .git are never written');
    if (WINDOWS_DEVICE.test(segment)) refuse(path, `"${segment}" is a reserved device name`);
    if (/[<>:"|?*]/.test(segment)) refuse(path, `"${segment}" has characters Windows forbids`);
    if (/[ .]$/.test(segment)) refuse(path, `"${segment}" ends with a space or a dot`);
  }
  return segments;
}
