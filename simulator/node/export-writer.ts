/**
 * Writes an export into an output folder, all or nothing per run (docs/cli.md "How an export is
 * written"). Every file of every target is first written and flushed into a staging folder
 * inside the output folder (export-staging.ts), then moved into place by renames. When anything
 * fails, the files already moved are put back and the staging folder is removed, so the folder
 * never holds files of two exports side by side (say IPv4 rules of one policy version and IPv6
 * rules of another). Paths never leave the output folder, even through a symbolic link inside
 * it; the output folder itself may be a link the user chose. Identical files are left alone,
 * and a file Egress Studio did not generate is replaced only when the caller allows it.
 * The CLI (`egress export`) and the desktop app (main/workspace/export-files.ts) both use it.
 */
import { randomBytes } from 'node:crypto';
import {
  copyFile,
  link,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  rmdir,
  stat,
  unlink,
} from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { isGeneratedFile } from '../export/header.js';
import { isTempNameFor, syncFolder } from './atomic-write.js';
import { containedTarget, realFolder } from './contained-path.js';
import {
  COMMITTED,
  recoverStaleStaging,
  STAGED_NEW,
  STAGED_OLD,
  stagingName,
} from './export-staging.js';
import { describeIoFailure } from './io-error.js';
import { PathRefusal } from './path-refusal.js';
import { safeRelativeSegments } from './relative-path.js';

export interface ExportFile {
  /** Relative to the output folder, forward slashes. */
  path: string;
  content: string;
}

export type ExportFileState = 'new' | 'update' | 'unchanged' | 'foreign';

export interface PlannedExportFile {
  path: string;
  /** The absolute path in the output folder. */
  target: string;
  content: string;
  state: ExportFileState;
}

export interface ExportPlan {
  /** The output folder's real path. */
  folder: string;
  files: PlannedExportFile[];
}

export interface WriteExportOptions {
  /** Files Egress Studio did not generate that may be replaced: all (`--force`) or these paths. */
  replace?: 'all' | readonly string[];
  /** Creates the output folder when it does not exist yet. */
  createFolder?: boolean;
  /** Called before each file is staged and before each is moved into place; a throw is a failure there. */
  failpoint?: (step: 'stage' | 'swap', path: string) => void | Promise<void>;
}

export type WriteExportResult =
  | { status: 'needs-confirmation'; folder: string; foreign: string[] }
  | {
      status: 'written';
      folder: string;
      written: string[];
      unchanged: string[];
      replaced: string[];
    };

async function currentText(path: string, shown: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new PathRefusal('io', shown, describeIoFailure(error));
  }
}

/** Checks every path and sorts the files by what writing them would do; writes nothing. */
export async function planExport(
  folder: string,
  files: readonly ExportFile[],
): Promise<ExportPlan> {
  const root = await realFolder(folder);
  const seen = new Set<string>();
  const planned: PlannedExportFile[] = [];
  try {
    for (const file of files) {
      const segments = safeRelativeSegments(file.path);
      const path = segments.join('/');
      // Case-insensitive file systems (macOS, Windows) would write both names to one file.
      if (seen.has(path.toLowerCase())) {
        throw new PathRefusal('unsafe-path', path, 'it appears twice in the export');
      }
      seen.add(path.toLowerCase());
      const target = await containedTarget(root, segments);
      const existing = await currentText(target, path);
      const state: ExportFileState =
        existing === null
          ? 'new'
          : existing === file.content
            ? 'unchanged'
            : isGeneratedFile(existing)
              ? 'update'
              : 'foreign';
      planned.push({ path, target, content: file.content, state });
    }
  } catch (error) {
    throw error instanceof PathRefusal ? error.inFolder(folder) : error;
  }
  return { folder: root, files: planned };
}

/** Temporary files of the per-file atomic writes of older versions, left by a killed run. */
async function removeStaleTempFiles(files: readonly PlannedExportFile[]): Promise<void> {
  const byFolder = new Map<string, Set<string>>();
  for (const f of files) {
    const names = byFolder.get(dirname(f.target)) ?? new Set<string>();
    names.add(basename(f.target));
    byFolder.set(dirname(f.target), names);
  }
  for (const [dir, names] of byFolder) {
    let entries: string[];
    try {
      entries = await readdir(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      if ([...names].some((name) => isTempNameFor(name, entry))) {
        await unlink(join(dir, entry)).catch(() => undefined);
      }
    }
  }
}

async function stageFile(staging: string, file: PlannedExportFile): Promise<void> {
  const segments = file.path.split('/');
  const staged = join(staging, STAGED_NEW, ...segments);
  await mkdir(dirname(staged), { recursive: true });
  let mode: number | undefined;
  if (file.state !== 'new') {
    mode = (await stat(file.target)).mode & 0o777;
    const old = join(staging, STAGED_OLD, ...segments);
    await mkdir(dirname(old), { recursive: true });
    // A hard link keeps the old file for a rollback without copying it.
    await link(file.target, old).catch(() => copyFile(file.target, old));
  }
  const handle = await open(staged, 'wx', mode ?? 0o666);
  try {
    if (mode !== undefined) await handle.chmod(mode);
    await handle.writeFile(file.content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function markCommitted(staging: string, paths: readonly string[]): Promise<void> {
  const temp = join(staging, `${COMMITTED}.partial`);
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(JSON.stringify(paths));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, join(staging, COMMITTED));
  await syncFolder(staging);
}

/** Creates `dir` and its missing parents; returns the folders it created, outermost first. */
async function makeFolders(dir: string): Promise<string[]> {
  // Absolute, so that walking up ends at the first folder created (a relative `--out v` once
  // walked from `v` to `.` and then stayed there).
  const absolute = resolve(dir);
  const first = await mkdir(absolute, { recursive: true });
  if (first === undefined) return [];
  const created: string[] = [];
  for (let d = absolute; d.length >= first.length && d !== dirname(d); d = dirname(d)) {
    created.unshift(d);
  }
  return created;
}

/** Removes folders this run created, innermost first, where they are still empty. */
async function removeFolders(created: readonly string[]): Promise<void> {
  for (const dir of [...created].reverse()) await rmdir(dir).catch(() => undefined);
}

/** Moves every staged file into place; on a failure puts back what was moved, then throws. */
async function swapIn(
  plan: ExportPlan,
  staging: string,
  changes: readonly PlannedExportFile[],
  failpoint: WriteExportOptions['failpoint'],
): Promise<void> {
  const moved: PlannedExportFile[] = [];
  const created: string[] = [];
  let current: PlannedExportFile | undefined;
  try {
    for (const file of changes) {
      current = file;
      await failpoint?.('swap', file.path);
      const segments = file.path.split('/');
      created.push(...(await makeFolders(dirname(file.target))));
      // Checked again right before the rename: a folder swapped for a link since planning
      // must still resolve inside the output folder.
      await containedTarget(plan.folder, segments);
      await rename(join(staging, STAGED_NEW, ...segments), file.target);
      moved.push(file);
    }
  } catch (error) {
    for (const file of moved.reverse()) {
      const old = join(staging, STAGED_OLD, ...file.path.split('/'));
      if (file.state === 'new') await unlink(file.target).catch(() => undefined);
      else await rename(old, file.target).catch(() => undefined);
    }
    await removeFolders(created);
    if (error instanceof PathRefusal) throw error;
    throw new PathRefusal('io', current?.path ?? '.', describeIoFailure(error));
  }
  for (const dir of new Set(changes.map((f) => dirname(f.target)))) await syncFolder(dir);
}

/**
 * Writes `files` into `folder`. When a file there was not generated by Egress Studio and
 * `replace` does not allow it, nothing is written and the answer lists those files. Throws a
 * `PathRefusal` (with `folder` set) when a path is unsafe or the file system fails; the folder
 * is then as it was before the call.
 */
export async function writeExport(
  folder: string,
  files: readonly ExportFile[],
  options: WriteExportOptions = {},
): Promise<WriteExportResult> {
  let createdOutput: string[] = [];
  if (options.createFolder) {
    try {
      createdOutput = await makeFolders(folder);
    } catch (error) {
      throw new PathRefusal('io', folder, describeIoFailure(error));
    }
  }
  try {
    const root = await realFolder(folder);
    await recoverStaleStaging(root);
    const plan = await planExport(folder, files);
    const replace = options.replace ?? [];
    const foreign = plan.files.filter((f) => f.state === 'foreign').map((f) => f.path);
    if (replace !== 'all' && foreign.some((path) => !replace.includes(path))) {
      await removeFolders(createdOutput);
      return { status: 'needs-confirmation', folder: plan.folder, foreign };
    }
    await removeStaleTempFiles(plan.files);
    const changes = plan.files.filter((f) => f.state !== 'unchanged');
    if (changes.length > 0) await stageAndSwap(plan, changes, options.failpoint, folder);
    return {
      status: 'written',
      folder: plan.folder,
      written: changes.map((f) => f.path),
      unchanged: plan.files.filter((f) => f.state === 'unchanged').map((f) => f.path),
      replaced: foreign,
    };
  } catch (error) {
    await removeFolders(createdOutput);
    throw error;
  }
}

async function stageAndSwap(
  plan: ExportPlan,
  changes: readonly PlannedExportFile[],
  failpoint: WriteExportOptions['failpoint'],
  given: string,
): Promise<void> {
  const staging = join(plan.folder, stagingName(process.pid, randomBytes(6).toString('hex')));
  let current = '.';
  try {
    await mkdir(staging);
    for (const file of changes) {
      current = file.path;
      await failpoint?.('stage', file.path);
      await stageFile(staging, file);
    }
    current = '.';
    await markCommitted(
      staging,
      changes.map((f) => f.path),
    );
    await swapIn(plan, staging, changes, failpoint);
  } catch (error) {
    if (error instanceof PathRefusal) throw error.inFolder(given);
    throw new PathRefusal('io', current, describeIoFailure(error), given);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
