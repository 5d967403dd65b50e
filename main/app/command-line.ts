/**
 * The project to open from the command line (`egress-studio ./my-platform`, a `.egress`
 * file the file manager opened with the app, or the argv of a second launch). Chromium's
 * switches and, in development, Electron's own app path are skipped.
 */
import { isAbsolute, resolve } from 'node:path';

export interface ArgvContext {
  cwd: string;
  /** True when run as `electron .` (process.defaultApp): argv[1] is the app folder then. */
  defaultApp: boolean;
}

export function projectPathFromArgv(argv: readonly string[], context: ArgvContext): string | null {
  const args = argv.slice(context.defaultApp ? 2 : 1);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') continue;
    if (arg.startsWith('-')) continue;
    if (arg.length === 0 || arg.length > 4096 || arg.includes('\0')) continue;
    return isAbsolute(arg) ? resolve(arg) : resolve(context.cwd, arg);
  }
  return null;
}
