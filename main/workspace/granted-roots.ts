/**
 * The folders the user handed to the app: chosen in a dialog the main process showed,
 * given on the command line, or remembered in the recent list from such a choice. The
 * renderer may name a path, but main only touches it when it lies inside one of these, so
 * a compromised page cannot read or write anywhere else.
 */
import { realpath } from 'node:fs/promises';
import { isWithin } from '../../simulator/node/contained-path.js';
import { WorkspaceError } from './workspace-error.js';

export class GrantedRoots {
  private readonly roots = new Set<string>();

  /** Remembers `folder` (by its real path); returns that real path. */
  async grant(folder: string): Promise<string> {
    const real = await realpath(folder);
    this.roots.add(real);
    return real;
  }

  /** The real path of `path` when it lies inside a granted folder; throws `not-granted` otherwise. */
  async resolve(path: string): Promise<string> {
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      throw new WorkspaceError(
        'not-granted',
        `"${path}" no longer exists. Choose the folder again (File › Open or Save As).`,
      );
    }
    for (const root of this.roots) if (isWithin(root, real)) return real;
    throw new WorkspaceError(
      'not-granted',
      `"${path}" was not chosen in this session; open or choose it through a File dialog first.`,
    );
  }

  has(path: string): boolean {
    return this.roots.has(path);
  }
}
