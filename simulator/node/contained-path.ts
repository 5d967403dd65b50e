/**
 * Containment on the real file system: a path is inside a folder only if, after every
 * symbolic link is resolved, it still is. Lexical checks alone miss a link inside the
 * folder that points elsewhere (`exports/ -> /etc`).
 */
import { lstat, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { describeIoFailure } from './io-error.js';
import { PathRefusal } from './path-refusal.js';

/** True when `child` is `parent` or below it (both absolute, already resolved). */
export function isWithin(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** The real path of a folder the user chose; throws a clear error when it is not one. */
export async function realFolder(path: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    throw new PathRefusal('io', path, describeIoFailure(error));
  }
  const info = await lstat(real);
  if (!info.isDirectory()) throw new PathRefusal('io', path, 'it is not a folder');
  return real;
}

/**
 * Joins `segments` (already checked by `safeRelativeSegments`) to `root` (a real path) and
 * refuses the result when an existing part of it resolves outside `root`, or when the file
 * itself is a symbolic link (a write would replace the link, which the user did not ask for).
 */
export async function containedTarget(root: string, segments: readonly string[]): Promise<string> {
  const target = join(root, ...segments);
  const shown = segments.join('/');
  const refuse = (why: string): never => {
    throw new PathRefusal('unsafe-path', shown, why);
  };
  if (await exists(target)) {
    const info = await lstat(target);
    if (info.isSymbolicLink())
      refuse('it is a symbolic link; replace it with a regular file first');
    if (info.isDirectory()) refuse('a folder of that name is in the way');
  }
  let existing = target;
  while (!(await exists(existing))) existing = dirname(existing);
  let real: string;
  try {
    real = await realpath(existing);
  } catch {
    return refuse('a symbolic link on the way does not resolve');
  }
  if (!isWithin(root, real)) refuse('a symbolic link leads outside the output folder');
  return target;
}
