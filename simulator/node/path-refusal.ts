/**
 * A path the file layer will not write, or cannot use: `unsafe-path` when writing there could
 * reach outside the folder the user chose, `io` when the file system said no. `path` is what
 * the user gave (relative to that folder for files inside it); `reason` says why, in words
 * the CLI and the desktop app each put into their own one-line message.
 */
export type PathRefusalKind = 'unsafe-path' | 'io';

export class PathRefusal extends Error {
  override name = 'PathRefusal';

  constructor(
    readonly kind: PathRefusalKind,
    readonly path: string,
    readonly reason: string,
    /** The folder `path` is relative to, as the caller gave it; absent when `path` is the folder. */
    readonly folder?: string,
  ) {
    super(`${path}: ${reason}`);
  }

  /** The same refusal, for `path` inside `folder`. */
  inFolder(folder: string): PathRefusal {
    return new PathRefusal(this.kind, this.path, this.reason, folder);
  }
}
