/** `egress analyze PROJECT`: whole-space findings about the policy (docs/analysis.md). */
import type { Command } from 'commander';
import { analyzePolicy, type AnalysisFinding } from '../../analysis/index.js';
import { EXIT_FINDINGS, EXIT_OK } from '../errors.js';
import { parseFormat } from '../options.js';
import { loadValidProject } from '../project.js';
import { painter } from '../terminal.js';
import type { SetExitCode } from './set-exit.js';

export function registerAnalyze(program: Command, setExit: SetExitCode): void {
  program
    .command('analyze')
    .description(
      'find rules that never match, are shadowed, redundant or overridden, expectations that cannot hold and edges no rule allows',
    )
    .argument('<project>', 'a project folder, or a single .egress file')
    .option('--format <format>', 'text or json', 'text')
    .addHelpText('after', '\nExit status: 0 no findings, 1 findings, 2 the project has errors.')
    .action(async (path: string, options: { format: string }) => {
      const format = parseFormat(options.format, ['text', 'json'] as const);
      const checked = await loadValidProject(path, 'analyze');
      const findings = analyzePolicy(checked.policy, checked.topology);
      if (format === 'json') {
        const out = findings.map(({ code, severity, kind, rule, by, witness, message }) => ({
          code,
          severity,
          kind,
          rule,
          by,
          witness,
          message,
        }));
        process.stdout.write(JSON.stringify({ findings: out }, null, 2) + '\n');
      } else {
        process.stdout.write(renderFindings(findings, checked.project.policyFile));
        process.stdout.write(
          `${checked.project.name}: ${findings.length} finding${findings.length === 1 ? '' : 's'}\n`,
        );
      }
      setExit(findings.length > 0 ? EXIT_FINDINGS : EXIT_OK);
    });
}

function renderFindings(findings: readonly AnalysisFinding[], policyFile: string): string {
  const p = painter();
  const lines: string[] = [];
  for (const f of findings) {
    const where =
      f.edge !== undefined
        ? `topology edges[${f.edge}]`
        : f.range
          ? `${policyFile}:${f.range.start.line}:${f.range.start.column}`
          : policyFile;
    const colour = f.severity === 'warning' ? p.yellow : p.cyan;
    lines.push(`${where}: ${colour(`${f.severity} ${f.code}`)} ${f.kind}: ${f.message}`);
    if (f.witness !== null) lines.push(`    witness: ${JSON.stringify(f.witness)}`);
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
