/**
 * What the user handed to the app: chosen in a dialog the main process showed, given on the
 * command line, or remembered in the recent list from such a choice. A chosen folder grants
 * everything inside it. A chosen file grants that file and the project files beside it that
 * the app itself writes (`topology.yaml`), nothing else: opening `a.egress` in a folder full
 * of other projects does not let Save touch them. The renderer may name a path, but main only
 * touches it when a grant covers it, so a compromised page cannot read or write anywhere else.
 */
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isWithin } from '../../simulator/node/contained-path.js';
import { WorkspaceError } from './workspace-error.js';

/** Written beside a single policy file when its project gains a topology. */
const WRITTEN_BESIDE_A_POLICY = ['topology.yaml'];

async function existingRealPath(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    throw new WorkspaceError(
      'not-granted',
      `"${path}" no longer exists. Choose the folder again (File › Open or Save As).`,
    );
  }
}

export class GrantedRoots {
  private readonly folders = new Set<string>();
  private readonly files = new Set<string>();

  /** Grants `path` (a folder, or a file with the project files beside it); returns its real path. */
  async grant(path: string): Promise<string> {
    const real = await realpath(path);
    if ((await stat(real)).isDirectory()) {
      this.folders.add(real);
    } else {
      this.files.add(real);
      for (const name of WRITTEN_BESIDE_A_POLICY) this.files.add(join(dirname(real), name));
    }
    return real;
  }

  private covers(real: string): boolean {
    if (this.files.has(real)) return true;
    for (const root of this.folders) if (isWithin(root, real)) return true;
    return false;
  }

  private refuse(path: string): never {
    throw new WorkspaceError(
      'not-granted',
      `"${path}" was not chosen in this session; open or choose it through a File dialog first.`,
    );
  }

  /** The real path of an existing `path` a grant covers; throws `not-granted` otherwise. */
  async resolve(path: string): Promise<string> {
    const real = await existingRealPath(path);
    return this.covers(real) ? real : this.refuse(path);
  }

  /**
   * The real folder of a project and the real paths of `names` in it, when a grant covers
   * every one of those files (they need not exist yet); throws `not-granted` otherwise.
   */
  async resolveFiles(
    folder: string,
    names: readonly string[],
  ): Promise<{ folder: string; files: string[] }> {
    const real = await existingRealPath(folder);
    const files = names.map((name) => join(real, basename(name)));
    for (const [i, file] of files.entries())
      if (!this.covers(file)) this.refuse(join(folder, names[i]!));
    return { folder: real, files };
  }

  has(path: string): boolean {
    return this.folders.has(path) || this.files.has(path);
  }
}
