/**
 * The git command line, run with execFile (no shell, so no quoting bugs and no injection
 * through file names). Git is optional: without it, or outside a repository, exports are
 * simply not committed.
 */
import { execFile } from 'node:child_process';
import { WorkspaceError } from './workspace-error.js';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type RunGit = (cwd: string, args: readonly string[]) => Promise<GitResult>;

// Commits are small; anything slower is a hook or a prompt waiting for input that never comes.
const GIT_TIMEOUT_MS = 60_000;

export const runGit: RunGit = (cwd, args) =>
  new Promise((resolve, reject) => {
    execFile(
      'git',
      [...args],
      {
        cwd,
        timeout: GIT_TIMEOUT_MS,
        maxBuffer: 4 * 1024 * 1024,
        windowsHide: true,
        // Never block on a credential or editor prompt: the app has no terminal.
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true' },
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          const missing = error.code === 'ENOENT';
          reject(
            new WorkspaceError(
              'git',
              missing
                ? 'git is not installed or not on PATH, so the export was not committed.'
                : `git failed to run: ${error.message}`,
            ),
          );
          return;
        }
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
