/**
 * User errors end the command with exit status 2 and one line on stderr that names the
 * place and says what to do (docs/cli.md). Anything else is a bug in Egress Studio and is
 * reported as such, with the stack, so that it can be fixed.
 */

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

export function reportFatal(error: unknown): number {
  if (error instanceof UserError) {
    process.stderr.write(`egress: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const e = error as { code?: string; path?: string; message?: string };
  // File-system errors that escaped a more specific handler are still user-facing.
  if (typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code) && e.path) {
    process.stderr.write(`egress: ${e.path}: ${describeIoError(e.code)}\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(
    `egress: internal error, please report it: ${(error as Error)?.stack ?? String(error)}\n`,
  );
  return EXIT_USAGE;
}

export function describeIoError(code: string): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder; check the path';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied; check the file permissions';
    case 'EISDIR':
      return 'is a folder, expected a file';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only; choose another --out folder';
    default:
      return `cannot be read or written (${code})`;
  }
}
