/** `egress check PROJECT`: diagnostics of topology and policy. */
import type { Command } from 'commander';
import { dateProblem, utcToday } from '../../language/index.js';
import { loadCheckedProject } from '../project.js';
import { renderDiagnostic, summarize, summaryText } from '../diagnostics-output.js';
import { EXIT_FINDINGS, EXIT_OK, UserError } from '../errors.js';
import { parseFormat } from '../options.js';
import type { SetExitCode } from './set-exit.js';

export function registerCheck(program: Command, setExit: SetExitCode): void {
  program
    .command('check')
    .description('report the diagnostics of a project (topology and policy)')
    .argument('<project>', 'a project folder, or a single .egress file')
    .option('--format <format>', 'text or json', 'text')
    .option('--no-analysis', 'skip the whole-space findings (faster on very large policies)')
    .option(
      '--today <date>',
      'the date (YYYY-MM-DD) review-by dates are compared with; default: today in UTC',
    )
    .addHelpText(
      'after',
      '\nExit status: 0 no errors (warnings allowed), 1 errors found, 2 the project cannot be read.',
    )
    .action(
      async (path: string, options: { format: string; analysis: boolean; today?: string }) => {
        const format = parseFormat(options.format, ['text', 'json'] as const);
        const today = options.today === undefined ? utcToday() : parseToday(options.today);
        const checked = await loadCheckedProject(path, { today });
        if (options.analysis) {
          checked.diagnostics.push(...checked.checked.findings(checked.project.topologyFile));
        }
        const summary = summarize(checked.diagnostics);
        if (format === 'json') {
          process.stdout.write(
            JSON.stringify(
              { project: checked.project.name, diagnostics: checked.diagnostics, summary },
              null,
              2,
            ) + '\n',
          );
        } else {
          for (const d of checked.diagnostics) {
            process.stdout.write(renderDiagnostic(d, checked.sources) + '\n');
          }
          const rules = checked.policy.rules.length;
          const nodes = checked.topology?.nodes.length;
          process.stdout.write(
            `${checked.project.name}: ${summaryText(summary)}` +
              ` (${rules} rule${rules === 1 ? '' : 's'}` +
              (nodes !== undefined
                ? `, ${nodes} node${nodes === 1 ? '' : 's'})`
                : ', no topology)') +
              '\n',
          );
        }
        setExit(summary.errors > 0 ? EXIT_FINDINGS : EXIT_OK);
      },
    );
}

function parseToday(value: string): string {
  const problem = dateProblem(value);
  if (problem === null) return value;
  throw new UserError(`--today ${value}: ${problem}; write a date such as 2027-03-31`);
}
