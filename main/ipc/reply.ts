/**
 * Every IPC answer is a value, never a thrown error: Electron wraps errors thrown in a
 * handler with its own prefix and drops their fields, so the code and the user-facing
 * message travel in this envelope instead.
 */
import type { WorkspaceErrorCode } from '../workspace/workspace-error.js';

export type Reply<T> =
  { ok: true; value: T } | { ok: false; error: { code: WorkspaceErrorCode; message: string } };
