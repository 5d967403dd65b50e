/**
 * Archives through fflate: a project or a set of exported files as one download, and a
 * downloaded project read back. Deterministic: entries keep their order and carry a fixed
 * timestamp (1980-01-01), so the same files give the same bytes.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

/** The earliest time a zip entry can carry: the same files always give the same archive. */
const FIXED_TIME = new Date(1980, 0, 1);

export function zipFiles(
  files: readonly { path: string; content: string }[],
): Uint8Array<ArrayBuffer> {
  const entries: Zippable = {};
  for (const f of files) entries[f.path] = [strToU8(f.content), { mtime: FIXED_TIME }];
  return zipSync(entries, { level: 6 }) as Uint8Array<ArrayBuffer>;
}

/** The text files of an archive (folders left out), or an error naming what is wrong. */
export function unzipFiles(
  bytes: Uint8Array,
): { ok: true; files: { path: string; content: string }[] } | { ok: false; error: string } {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  const files = Object.entries(entries)
    .filter(([path]) => !path.endsWith('/'))
    .map(([path, data]) => ({ path, content: strFromU8(data) }));
  return { ok: true, files };
}
