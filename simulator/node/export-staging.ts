/**
 * The staging folder of an export run (docs/cli.md "How an export is written"): a hidden folder
 * inside the output folder, so on the same file system and moved into place by renames.
 *
 *   .egress-export-<pid>-<random>.staging/
 *     new/<path>   the new content of every file the run changes
 *     old/<path>   the file it replaces (a hard link, so no copy), to roll back a failure
 *     committed    written last: the list of paths; from here on the run completes
 *
 * A run that was killed leaves its staging folder. The next export into the folder finishes
 * it when it was committed (moves the rest of new/ into place, so the folder holds the new
 * export) and otherwise deletes it (nothing in the folder had been touched).
 */
import { lstat, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { containedTarget } from './contained-path.js';
import { safeRelativeSegments } from './relative-path.js';

const STAGING_NAME = /^\.egress-export-(\d+)-[0-9a-f]{12}\.staging$/;

export function stagingName(pid: number, random: string): string {
  return `.egress-export-${pid}-${random}.staging`;
}

export const STAGED_NEW = 'new';
export const STAGED_OLD = 'old';
export const COMMITTED = 'committed';

function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function committedPaths(staging: string): Promise<string[] | null> {
  let text: string;
  try {
    text = await readFile(join(staging, COMMITTED), 'utf8');
  } catch {
    return null;
  }
  try {
    const paths: unknown = JSON.parse(text);
    return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : null;
  } catch {
    return null;
  }
}

/** Moves the staged files of a committed run into place; a path that is no longer safe is skipped. */
async function complete(root: string, staging: string, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    try {
      const segments = safeRelativeSegments(path);
      const staged = join(staging, STAGED_NEW, ...segments);
      if (!(await lstat(staged)).isFile()) continue;
      const target = await containedTarget(root, segments);
      await mkdir(dirname(target), { recursive: true });
      await containedTarget(root, segments);
      await rename(staged, target);
    } catch {
      // Already moved before the kill, or refused now: the rest still completes.
    }
  }
}

/**
 * Finishes or removes the staging folders earlier runs left in `root` (a real path). Folders
 * of a run that is still going (another process) are left alone.
 */
export async function recoverStaleStaging(root: string): Promise<void> {
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const match = STAGING_NAME.exec(entry.name);
    if (!match || !entry.isDirectory() || isRunning(Number(match[1]))) continue;
    const staging = join(root, entry.name);
    const paths = await committedPaths(staging);
    if (paths) await complete(root, staging, paths);
    await rm(staging, { recursive: true, force: true });
  }
}
