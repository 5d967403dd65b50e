/** `egress fmt PATH [--check]`: canonical formatting of policy files. */
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { formatPolicy } from '../../language/index.js';
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
        'Exit status: 0 all formatted, 1 --check found unformatted files, 2 syntax errors or unreadable files.',
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
          await writeFileAtomic(file, result.text);
          process.stdout.write(`${name}: formatted\n`);
        }
      }
      if (broken > 0) setExit(EXIT_USAGE);
      else setExit(options.check && unformatted > 0 ? EXIT_FINDINGS : EXIT_OK);
    });
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
