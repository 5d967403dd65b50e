/** `egress test PROJECT`: expectations and edge conformance. */
import type { Command } from 'commander';
import type { TestResult } from '../../engine/index.js';
import { EXIT_FINDINGS, EXIT_OK } from '../errors.js';
import { parseFormat } from '../options.js';
import { loadValidProject } from '../project.js';
import { painter } from '../terminal.js';
import type { SetExitCode } from './set-exit.js';

export function registerTest(program: Command, setExit: SetExitCode): void {
  program
    .command('test')
    .description("run the policy's expect lines and check every topology edge is allowed")
    .argument('<project>', 'a project folder, or a single .egress file')
    .option('--format <format>', 'text or json', 'text')
    .option('--verbose', 'list passing tests too')
    .addHelpText(
      'after',
      '\nEach topology edge is an implied `expect allow` from its source node to its target node\n' +
        '(edge conformance).\n' +
        'Exit status: 0 all passed, 1 some expectation or edge failed, 2 the project has errors.',
    )
    .action(async (path: string, options: { format: string; verbose?: boolean }) => {
      const format = parseFormat(options.format, ['text', 'json'] as const);
      const checked = await loadValidProject(path, 'test');
      const report = checked.checked.test();
      if (format === 'json') {
        process.stdout.write(
          JSON.stringify({ project: checked.project.name, ...report }, null, 2) + '\n',
        );
      } else {
        process.stdout.write(
          renderReport(report.results, checked.project.policyFile, options.verbose ?? false),
        );
        process.stdout.write(`${report.passed} passed, ${report.failed} failed\n`);
      }
      setExit(report.failed > 0 ? EXIT_FINDINGS : EXIT_OK);
    });
}

function place(result: TestResult, policyFile: string): string {
  if (result.range) return `${policyFile}:${result.range.start.line}:${result.range.start.column}`;
  if (result.edge !== undefined) return `topology edges[${result.edge}]`;
  return '';
}

function describeVerdict(v: { verdict: string; rule?: string; by?: string }): string {
  const rule = v.rule ?? v.by;
  return rule === undefined ? v.verdict : `${v.verdict} by ${rule}`;
}

function renderReport(results: TestResult[], policyFile: string, verbose: boolean): string {
  const p = painter();
  const lines: string[] = [];
  for (const r of results) {
    if (r.passed) {
      if (verbose) lines.push(`${p.green('PASS')} ${r.label}`);
      continue;
    }
    lines.push(`${p.red('FAIL')} ${r.label}  ${p.dim(place(r, policyFile))}`);
    if (r.problem !== undefined) {
      lines.push(`     cannot build the flow: ${r.problem}`);
      continue;
    }
    if (r.flow) {
      const f = r.flow;
      const dest = [f.host, f.ip].filter(Boolean).join(' / ');
      const svc = f.port === undefined ? f.proto : `${f.proto}/${f.port}`;
      const http = [f.method, f.path].filter(Boolean).join(' ');
      const what = r.quantifier === undefined ? 'flow:    ' : 'witness: ';
      lines.push(`     ${what} ${f.src} -> ${dest} on ${svc}${http ? ` (${http})` : ''}`);
    }
    const every = r.quantifier === undefined ? '' : 'every flow of the class: ';
    lines.push(`     expected: ${every}${describeVerdict(r.expected)}`);
    if (r.actual) lines.push(`     got:      ${describeVerdict(r.actual)}`);
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
