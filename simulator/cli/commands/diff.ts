/**
 * `egress diff BASE HEAD`: every class of flows whose verdict or log flag changes
 * (docs/analysis.md). BASE and HEAD are each a project folder, a `.egress` file, or `git:REF`:
 * the same project as committed at REF in the git repository that holds the other side (or
 * the current folder).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { diffProjects, type FlowChange } from '../../analysis/index.js';
import type { Verdict } from '../../core/model.js';
import { EXIT_FINDINGS, EXIT_OK, UserError } from '../errors.js';
import { parseFormat } from '../options.js';
import { loadValidProject, type CheckedProject } from '../project.js';
import type { SetExitCode } from './set-exit.js';

export function registerDiff(program: Command, setExit: SetExitCode): void {
  program
    .command('diff')
    .description(
      'list every class of flows whose verdict or log flag differs between two versions of a project',
    )
    .argument('<base>', 'a project folder, a .egress file, or git:REF')
    .argument('<head>', 'a project folder, a .egress file, or git:REF')
    .option('--format <format>', 'text, json or markdown', 'text')
    .addHelpText(
      'after',
      '\ngit:REF reads the project as committed at REF, in the repository that holds the other\n' +
        'argument (or the current folder).\n' +
        'Exit status: 0 no change, 1 changes, 2 usage, input or project errors.',
    )
    .action(async (baseSpec: string, headSpec: string, options: { format: string }) => {
      const format = parseFormat(options.format, ['text', 'json', 'markdown'] as const);
      const temporary: string[] = [];
      try {
        const anchor = [baseSpec, headSpec].find((s) => !s.startsWith('git:')) ?? '.';
        const base = await loadSide(baseSpec, anchor, temporary);
        const head = await loadSide(headSpec, anchor, temporary);
        const changes = diffProjects(
          { policy: base.policy, topology: base.topology },
          { policy: head.policy, topology: head.topology },
        );
        const out =
          format === 'json'
            ? JSON.stringify({ changes: changes.map(jsonChange) }, null, 2) + '\n'
            : format === 'markdown'
              ? renderMarkdown(changes, baseSpec, headSpec)
              : renderText(changes);
        process.stdout.write(out);
        setExit(changes.length > 0 ? EXIT_FINDINGS : EXIT_OK);
      } finally {
        for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
      }
    });
}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '')
      .trim()
      .split('\n')[0];
    throw new UserError(`git ${args.join(' ')}: ${stderr || 'failed'}`);
  }
}

/** Loads one side; `git:REF` is written out to a temporary folder and loaded from there. */
async function loadSide(
  spec: string,
  anchor: string,
  temporary: string[],
): Promise<CheckedProject> {
  if (!spec.startsWith('git:')) return loadValidProject(spec, 'diff');
  const ref = spec.slice(4);
  if (ref === '') throw new UserError(`${spec}: give a commit, branch or tag after "git:"`);
  const path = resolve(anchor);
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new UserError(
      `${anchor}: no such file or folder; git:REF reads the project that lives there`,
    );
  }
  const folder = isFile ? dirname(path) : path;
  const root = git(folder, ['rev-parse', '--show-toplevel']).trim();
  const inRepo = relative(root, path).split('\\').join('/');
  const out = mkdtempSync(join(tmpdir(), 'egress-diff-'));
  temporary.push(out);
  const show = (file: string): string => git(root, ['show', `${ref}:${file}`]);
  if (isFile) {
    const target = join(out, basename(path));
    writeFileSync(target, show(inRepo));
    return loadValidProject(target, 'diff');
  }
  const listing = git(root, ['ls-tree', '--name-only', ref, inRepo === '' ? '.' : `${inRepo}/`]);
  const names = listing
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.slice(l.lastIndexOf('/') + 1));
  if (names.length === 0) throw new UserError(`${spec}: ${inRepo || '.'} does not exist at ${ref}`);
  for (const name of names) {
    if (name.endsWith('.egress') || /^topology\.ya?ml$/.test(name)) {
      writeFileSync(join(out, name), show(inRepo === '' ? name : `${inRepo}/${name}`));
    }
  }
  return loadValidProject(out, 'diff');
}

function jsonVerdict(v: Verdict): Verdict {
  return { verdict: v.verdict, rule: v.rule, log: v.log };
}

function jsonChange(c: FlowChange): object {
  return {
    before: jsonVerdict(c.before),
    after: jsonVerdict(c.after),
    witness: c.witness,
    description: c.description,
  };
}

function verdictText(v: Verdict): string {
  return `${v.verdict} by ${v.rule}${v.log ? ' (logged)' : ''}`;
}

function renderText(changes: readonly FlowChange[]): string {
  const lines: string[] = [];
  for (const c of changes) {
    lines.push(`${verdictText(c.before)} -> ${verdictText(c.after)}: ${c.description}`);
    lines.push(`    witness: ${JSON.stringify(c.witness)}`);
  }
  lines.push(
    changes.length === 0
      ? 'no flow changes its verdict'
      : `${changes.length} change${changes.length === 1 ? '' : 's'}`,
  );
  return lines.join('\n') + '\n';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function renderMarkdown(changes: readonly FlowChange[], base: string, head: string): string {
  const lines = [`### Egress policy changes: \`${base}\` → \`${head}\``, ''];
  if (changes.length === 0) {
    lines.push('No flow changes its verdict or log flag.');
    return lines.join('\n') + '\n';
  }
  lines.push(
    `${changes.length} class${changes.length === 1 ? '' : 'es'} of flows change${changes.length === 1 ? 's' : ''}:`,
    '',
    '| Flows | Before | After | Witness |',
    '| --- | --- | --- | --- |',
  );
  for (const c of changes) {
    lines.push(
      `| ${cell(c.description)} | ${cell(verdictText(c.before))} | ${cell(verdictText(c.after))} | \`${cell(JSON.stringify(c.witness))}\` |`,
    );
  }
  return lines.join('\n') + '\n';
}
