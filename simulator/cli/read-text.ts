/** Reads a text file for the CLI, turning I/O problems into one-line user errors. */
import { readFile } from 'node:fs/promises';
import { describeIoError, UserError } from './errors.js';

export async function readPolicyText(path: string, name = path): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UserError(`${name}: ${describeIoError((error as NodeJS.ErrnoException).code ?? '')}`);
  }
  if (bytes.includes(0)) {
    throw new UserError(
      `${name}: this is a binary file, not a policy; give a UTF-8 text .egress file`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`${name}: the file is not valid UTF-8; save it as UTF-8 text`);
  }
  return text.replace(/^\uFEFF/, '');
}
