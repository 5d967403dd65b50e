/** Validation of option values shared by the commands. */
import { UserError } from './errors.js';

export function parseFormat<const T extends readonly string[]>(
  value: string,
  allowed: T,
): T[number] {
  if ((allowed as readonly string[]).includes(value)) return value as T[number];
  throw new UserError(`--format ${value}: unknown format; use one of ${allowed.join(', ')}`);
}
