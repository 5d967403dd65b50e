/**
 * Atomic writes (docs/topology.md): the content goes to a temporary file in the same folder, is
 * flushed to disk, and replaces the target with one rename, so a crash leaves either the
 * old file or the new one, never half of either. The target's permissions are kept.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** True for a name `tempPathFor` gives the temporary copy of `file` (a killed run leaves them). */
export function isTempNameFor(file: string, name: string): boolean {
  const prefix = `.${file}.`;
  return name.startsWith(prefix) && /^[0-9a-f]{12}\.tmp$/.test(name.slice(prefix.length));
}

async function existingMode(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mode & 0o777;
  } catch {
    return undefined;
  }
}

/** Flushes the folder entry of the rename, where the platform allows opening a folder. */
export async function syncFolder(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Not supported everywhere (Windows cannot open folders); the rename is still atomic.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Writes `content` to `path` atomically. Throws the file system's error; nothing is left behind. */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const temp = tempPathFor(path);
  const mode = await existingMode(path);
  const handle = await open(temp, 'wx', mode ?? 0o666);
  try {
    try {
      if (mode !== undefined) await handle.chmod(mode);
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncFolder(dirname(path));
}
