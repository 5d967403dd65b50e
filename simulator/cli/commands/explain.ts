/** `egress explain PROJECT "FLOW"`: which rules were tried and why each did or did not match. */
import type { Command } from 'commander';
import { reviewFields } from '../../core/review-text.js';
import { buildExpectFlow } from '../../engine/index.js';
import type { Explanation } from '../../engine/index.js';
import { formatDiagnostic } from '../../diagnostics/define.js';
import { parseFlowSpec } from '../../language/index.js';
import { EXIT_OK, EXIT_USAGE, UserError } from '../errors.js';
import { parseFormat } from '../options.js';
import { loadValidProject } from '../project.js';
import { painter } from '../terminal.js';
import type { SetExitCode } from './set-exit.js';

export function registerExplain(program: Command, setExit: SetExitCode): void {
  program
    .command('explain')
    .description('show which rules a flow meets, in order, and why each does or does not match')
    .argument('<project>', 'a project folder, or a single .egress file')
    .argument('<flow>', 'e.g. "node:trainer -> pypi.org on tcp/443 method GET path /simple/"')
    .option('--format <format>', 'text or json', 'text')
    .addHelpText(
      'after',
      '\nFLOW uses the syntax of `expect` lines: ENDPOINT -> TARGET on SERVICE [method M] [path P],\n' +
        'where ENDPOINT is node:NAME or an IP, TARGET a domain, an IP or node:NAME, SERVICE tcp/PORT,\n' +
        'udp/PORT or icmp.\n' +
        'Exit status: 0 explained, 2 the flow or the project has errors.',
    )
    .action(async (path: string, flowText: string, options: { format: string }) => {
      const format = parseFormat(options.format, ['text', 'json'] as const);
      const parsed = parseFlowSpec(flowText);
      const syntax = parsed.diagnostics.find((d) => d.severity === 'error');
      if (!parsed.spec || syntax) {
        const detail = syntax
          ? formatDiagnostic({ ...syntax, file: 'FLOW' })
          : 'cannot read the flow';
        throw new UserError(`${detail}; write it like "node:trainer -> pypi.org on tcp/443"`);
      }
      const checked = await loadValidProject(path, 'explain');
      const spec = parsed.spec;
      const built = buildExpectFlow(
        spec.endpoint,
        spec.target,
        {
          proto: spec.proto,
          ...(spec.port !== undefined ? { port: spec.port } : {}),
          ...(spec.method !== undefined ? { method: spec.method } : {}),
          ...(spec.path !== undefined ? { path: spec.path } : {}),
        },
        checked.topology,
      );
      if (!built.ok) throw new UserError(`FLOW: ${built.problem}`);
      const explanation = checked.checked.explain(built.flow);
      if (format === 'json') {
        process.stdout.write(JSON.stringify(explanation, null, 2) + '\n');
      } else {
        process.stdout.write(renderExplanation(explanation));
      }
      setExit(explanation.problem === undefined ? EXIT_OK : EXIT_USAGE);
    });
}

function renderExplanation(e: Explanation): string {
  const p = painter();
  const lines: string[] = [];
  if (e.problem !== undefined) lines.push(p.yellow(`warning: ${e.problem}`));
  lines.push(`${p.bold('source')}       ${e.source.summary}`);
  lines.push(`${p.bold('destination')}  ${e.destination.summary}`);
  lines.push(`${p.bold('guard')}        ${e.guard.reason}`);
  lines.push('');
  for (const rule of e.rules) {
    const mark = rule.matched ? p.green('✔') : p.dim('✘');
    const head = `${mark} ${rule.action} ${rule.id}`;
    lines.push(rule.matched ? p.bold(head) : head);
    for (const c of rule.clauses) {
      if (!c.present) continue;
      const cm = c.matched ? p.green('✔') : p.red('✘');
      lines.push(`    ${cm} ${c.clause.padEnd(8)}${c.reason}`);
    }
  }
  if (e.rules.length > 0) lines.push('');
  const verdict = e.verdict.verdict === 'allow' ? p.green('ALLOW') : p.red('DENY');
  const by =
    e.decidedBy.kind === 'rule'
      ? `rule ${e.decidedBy.id}`
      : e.decidedBy.kind === 'default'
        ? 'the default (no rule matched)'
        : 'the outbound-only guard (the source is external)';
  lines.push(`${verdict} by ${by}${e.verdict.log ? ' (logged)' : ''}`);
  if (e.description) lines.push(p.dim(`  ${e.description.replace(/\n/g, '\n  ')}`));
  const review = reviewFields(e.review);
  if (review.length > 0) lines.push(p.dim(`  ${review.join(' · ')}`));
  if (e.shadowed.length > 0)
    lines.push(p.dim(`later rules that also match: ${e.shadowed.join(', ')}`));
  return lines.join('\n') + '\n';
}
