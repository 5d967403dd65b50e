/**
 * The file versions the app itself read or wrote in this session, by content hash. Saving
 * replaces such a version without asking; any other content in its place (another project's
 * file, or an edit made outside the app since) is replaced only after the user agreed.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

function digest(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class KnownFiles {
  private readonly versions = new Map<string, string>();

  remember(path: string, bytes: Uint8Array | string): void {
    this.versions.set(path, digest(bytes));
  }

  /**
   * True when writing `bytes` to `path` would replace content the app did not read or write
   * there: the file exists, differs from `bytes`, and is not the version last seen.
   */
  async wouldReplaceUnknown(path: string, bytes: Uint8Array | string): Promise<boolean> {
    let current: Buffer;
    try {
      current = await readFile(path);
    } catch {
      return false;
    }
    const now = digest(current);
    return now !== digest(bytes) && now !== this.versions.get(path);
  }
}
