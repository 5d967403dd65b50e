/**
 * Commits exported files to the repository that holds the export folder, touching nothing
 * else: only the exported paths are staged, and `git commit --only` leaves whatever the
 * user had staged before exactly as it was. The repository's hooks run as for any commit.
 */
import { realpath } from 'node:fs/promises';
import type { RunGit } from './git-cli.js';
import { WorkspaceError } from './workspace-error.js';

export type CommitOutcome =
  { status: 'committed'; hash: string; message: string } | { status: 'nothing-to-commit' };

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

/** The repository's top folder when `folder` is inside a work tree, else null. */
export async function findRepository(run: RunGit, folder: string): Promise<string | null> {
  let result;
  try {
    result = await run(folder, ['rev-parse', '--show-toplevel']);
  } catch {
    return null;
  }
  if (result.code !== 0) return null;
  const top = result.stdout.trim();
  return top ? realpath(top) : null;
}

async function checked(run: RunGit, cwd: string, args: string[], doing: string): Promise<string> {
  const result = await run(cwd, args);
  if (result.code !== 0) {
    const why = firstLine(result.stderr) || firstLine(result.stdout) || `exit code ${result.code}`;
    throw new WorkspaceError('git', `git ${doing} failed: ${why}`);
  }
  return result.stdout;
}

/** Stages and commits `paths` (absolute, inside `repository`) with `message`. */
export async function commitFiles(
  run: RunGit,
  repository: string,
  paths: readonly string[],
  message: string,
): Promise<CommitOutcome> {
  if (paths.length === 0) return { status: 'nothing-to-commit' };
  await checked(run, repository, ['add', '--', ...paths], 'add');
  const diff = await run(repository, ['diff', '--cached', '--quiet', '--', ...paths]);
  if (diff.code === 0) return { status: 'nothing-to-commit' };
  await checked(
    run,
    repository,
    ['commit', '--only', '--quiet', '-m', message, '--', ...paths],
    'commit',
  );
  const hash = (
    await checked(run, repository, ['rev-parse', '--short', 'HEAD'], 'rev-parse')
  ).trim();
  return { status: 'committed', hash, message };
}
