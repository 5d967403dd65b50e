/**
 * Reads a project text file whole and decodes it strictly: a binary file, a file that is
 * not UTF-8, or one too large to be a project file is refused with a diagnostic naming it,
 * never a throw and never a string full of replacement characters.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Diagnostic } from '../core/diagnostic.js';
import { makeDiagnostic } from '../diagnostics/define.js';
import { PROJECT_DIAGNOSTICS } from '../diagnostics/catalog-project.js';
import { describeIoFailure } from './io-error.js';

/** Topologies and policies are hand-written; anything bigger is almost surely the wrong file. */
export const MAX_PROJECT_FILE_BYTES = 32 * 1024 * 1024;

export type TextRead = { ok: true; text: string } | { ok: false; error: Diagnostic };

const MB = 1024 * 1024;

export async function readProjectText(path: string, shownAs = path): Promise<TextRead> {
  const fail = (
    name: keyof typeof PROJECT_DIAGNOSTICS,
    args: Record<string, string | number>,
  ): TextRead => ({
    ok: false,
    error: makeDiagnostic(PROJECT_DIAGNOSTICS[name], { file: shownAs, ...args }, { file: shownAs }),
  });
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (info.isDirectory()) return fail('unreadableFile', { reason: 'it is a folder, not a file' });
    if (info.size > MAX_PROJECT_FILE_BYTES) {
      return fail('fileTooLarge', {
        size: (info.size / MB).toFixed(1),
        limit: MAX_PROJECT_FILE_BYTES / MB,
      });
    }
    bytes = await readFile(path);
  } catch (error) {
    return fail('unreadableFile', { reason: describeIoFailure(error) });
  }
  if (bytes.includes(0)) return fail('binaryFile', {});
  let text: string;
  try {
    // `fatal` refuses invalid byte sequences; the decoder drops a UTF-8 byte-order mark.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('notUtf8', {});
  }
  return { ok: true, text };
}
