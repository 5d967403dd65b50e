/** Validation of option values shared by the commands. */
import type { Command } from 'commander';
import { UserError } from './errors.js';

export function parseFormat<const T extends readonly string[]>(
  value: string,
  allowed: T,
): T[number] {
  if ((allowed as readonly string[]).includes(value)) return value as T[number];
  throw new UserError(`--format ${value}: unknown format; use one of ${allowed.join(', ')}`);
}

// Arguments and option values that name a file or folder (`<project>`, `<path>`, `--out <dir>`).
const PATH_VALUE = /^(project|path|file|files|flows|dir|folder)$/;

/**
 * Refuses an empty file or folder name (`--out ''`), which would otherwise mean the current
 * folder; commander runs this before every command's action.
 */
export function refuseEmptyPaths(command: Command): void {
  command.registeredArguments.forEach((argument, i) => {
    if (PATH_VALUE.test(argument.name()) && command.processedArgs[i] === '') {
      throw new UserError(`${argument.name().toUpperCase()} is empty; give a file or folder name`);
    }
  });
  const values = command.opts();
  for (const option of command.options) {
    const valueName = /<([^>]+)>/.exec(option.flags)?.[1] ?? '';
    if (PATH_VALUE.test(valueName) && values[option.attributeName()] === '') {
      throw new UserError(
        `${option.long ?? option.flags} '': give a ${/^(dir|folder)$/.test(valueName) ? 'folder' : 'file or folder'} name, or leave the option out`,
      );
    }
  }
}
