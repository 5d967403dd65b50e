/** `egress fmt PATH [--check]`: canonical formatting of policy files. */
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { formatPolicy } from '../../language/index.js';
import { describeIoFailure } from '../../node/io-error.js';
import { writeFileAtomic } from '../../node/project.js';
import { renderDiagnostic } from '../diagnostics-output.js';
import { describeIoError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UserError } from '../errors.js';
import { readPolicyText } from '../read-text.js';
import type { SetExitCode } from './set-exit.js';

export function registerFmt(program: Command, setExit: SetExitCode): void {
  program
    .command('fmt')
    .description('rewrite policy files in the canonical format (comments are kept)')
    .argument(
      '<path>',
      'a .egress file, or a folder whose .egress files are formatted (recursively)',
    )
    .option('--check', 'change nothing; list the files that are not formatted and exit 1 if any')
    .addHelpText(
      'after',
      '\nFiles with syntax errors are reported and left untouched.\n' +
        'Read-only files are refused. Exit status: 0 all formatted, 1 --check found unformatted\n' +
        'files, 2 syntax errors, read-only files, or files that could not be read or written.',
    )
    .action(async (path: string, options: { check?: boolean }) => {
      const files = await policyFiles(path);
      let unformatted = 0;
      let broken = 0;
      for (const file of files) {
        const name = relative(process.cwd(), file) || file;
        const text = await readPolicyText(file, name);
        const result = formatPolicy(text);
        const syntaxErrors = result.diagnostics.filter((d) => d.severity === 'error');
        if (syntaxErrors.length > 0) {
          broken++;
          const sources = new Map([[name, text]]);
          for (const d of syntaxErrors) {
            process.stderr.write(renderDiagnostic({ ...d, file: name }, sources) + '\n');
          }
          process.stderr.write(`${name}: not formatted: fix the syntax errors first\n`);
          continue;
        }
        if (!result.changed) continue;
        unformatted++;
        if (options.check) {
          process.stdout.write(`${name}: not formatted (run \`egress fmt ${name}\`)\n`);
        } else {
          const refused = await writeFormatted(file, name, result.text);
          if (refused === null) {
            process.stdout.write(`${name}: formatted\n`);
          } else {
            broken++;
            process.stderr.write(refused + '\n');
          }
        }
      }
      if (broken > 0) setExit(EXIT_USAGE);
      else setExit(options.check && unformatted > 0 ? EXIT_FINDINGS : EXIT_OK);
    });
}

/**
 * Rewrites `file`, or returns why not in one line. A read-only file is the user saying "do not
 * change this": it is refused even where the folder would let a rename replace it (and for
 * root, who may write anything).
 */
async function writeFormatted(file: string, name: string, text: string): Promise<string | null> {
  const refused = (why: string) => `${name}: not formatted: ${why}; the file is unchanged`;
  try {
    const writable = ((await stat(file)).mode & 0o222) !== 0;
    if (writable) await access(file, constants.W_OK);
    else return refused('the file is read-only (make it writable, e.g. chmod u+w, to format it)');
  } catch {
    return refused('the file is read-only for you (make it writable to format it)');
  }
  try {
    await writeFileAtomic(file, text);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // The temporary copy is created beside the file: a refusal there is about the folder.
    return refused(
      code === 'EACCES' || code === 'EPERM'
        ? 'its folder is read-only (formatting writes a new copy beside the file, then renames it)'
        : describeIoFailure(error),
    );
  }
}

async function policyFiles(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new UserError(`${path}: ${describeIoError((error as NodeJS.ErrnoException).code ?? '')}`);
  }
  if (info.isFile()) return [path];
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && entry.name.endsWith('.egress')) found.push(full);
    }
  };
  await walk(path);
  if (found.length === 0) throw new UserError(`${path}: no .egress files in this folder`);
  return found;
}
