/**
 * A refusal or failure the user can act on. The code travels to the renderer with the
 * message so a bug report names the kind of failure; the message says what to do.
 */
import { PathRefusal } from '../../simulator/node/path-refusal.js';

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

/** The desktop's message for a path the file layer refused (simulator/node/path-refusal.ts). */
export function fromPathRefusal(refusal: PathRefusal): WorkspaceError {
  return refusal.kind === 'unsafe-path'
    ? new WorkspaceError('unsafe-path', `Refused to write "${refusal.path}": ${refusal.reason}.`)
    : refusal.folder !== undefined
      ? new WorkspaceError(
          'io',
          `Could not write "${refusal.path}" in ${refusal.folder}: ${refusal.reason}. Nothing in the folder was changed.`,
        )
      : new WorkspaceError('io', `Cannot use "${refusal.path}": ${refusal.reason}.`);
}

/** Runs `task`, turning a refusal of the file layer into the desktop's error. */
export async function refusalsAsWorkspaceErrors<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    if (error instanceof PathRefusal) throw fromPathRefusal(error);
    throw error;
  }
}
