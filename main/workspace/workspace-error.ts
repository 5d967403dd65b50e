/**
 * A refusal or failure the user can act on. The code travels to the renderer with the
 * message so a bug report names the kind of failure; the message says what to do.
 */
export type WorkspaceErrorCode =
  | 'invalid-request'
  | 'unknown-channel'
  | 'untrusted-sender'
  | 'not-granted'
  | 'unsafe-path'
  | 'not-a-project'
  | 'io'
  | 'git'
  | 'internal';

export class WorkspaceError extends Error {
  override name = 'WorkspaceError';

  constructor(
    readonly code: WorkspaceErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
