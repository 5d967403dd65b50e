/** `egress simulate PROJECT --flows FILE|-`: the verdict for every flow of a flow file. */
import type { Command } from 'commander';
import type { Flow, Verdict } from '../../core/model.js';
import { compileMatcher, DECIDED_BY_INBOUND, validateFlow } from '../../engine/index.js';
import type { CompiledMatcher } from '../../engine/index.js';
import { csvCell } from '../../flows/flow-record.js';
import { EXIT_FINDINGS, EXIT_OK, UserError } from '../errors.js';
import { openFlowSource, readFlowLines } from '../flow-input.js';
import { parseFormat } from '../options.js';
import { OutputSink } from '../output-sink.js';
import { loadValidProject } from '../project.js';
import { plural, progressReporter } from '../terminal.js';
import type { SetExitCode } from './set-exit.js';

const FORMATS = ['table', 'jsonl', 'csv'] as const;
type Format = (typeof FORMATS)[number];

interface RuleTally {
  rule: string;
  verdict: string;
  flows: number;
}

export function registerSimulate(program: Command, setExit: SetExitCode): void {
  program
    .command('simulate')
    .description('decide every flow of a flow file (CSV or JSONL) with the compiled policy')
    .argument('<project>', 'a project folder, or a single .egress file')
    .requiredOption(
      '--flows <file>',
      'flow file (.csv with header src,host,ip,proto,port,method,path, or .jsonl); - reads stdin',
    )
    .option('--format <format>', 'table, jsonl or csv', 'table')
    .option('--strict-input', 'stop at the first malformed line (exit 2) instead of skipping it')
    .addHelpText(
      'after',
      '\nOutput is in input order. A summary (flows per deciding rule) follows the table, or goes to\n' +
        'stderr with --format jsonl|csv. Malformed lines are reported on stderr with their line number\n' +
        'and skipped.\n' +
        'Exit status: 0 every line was decided, 1 some malformed lines were skipped, 2 unreadable\n' +
        'input, an unknown source node, or a malformed line with --strict-input.',
    )
    .action(
      async (path: string, options: { flows: string; format: string; strictInput?: boolean }) => {
        const format = parseFormat(options.format, FORMATS);
        const checked = await loadValidProject(path, 'simulate');
        const matcher = compileMatcher(checked.policy, checked.topology);
        const flowName = options.flows === '-' ? '<stdin>' : options.flows;
        const source = await openFlowSource(options.flows);

        const out = new OutputSink();
        const progress = progressReporter('simulating: flows');
        // Counts by `decide` result (rule position, or the default and inbound codes below 0).
        const flowsByDecision = new Float64Array(matcher.ruleCount + DECISION_BIAS);
        const jsonlTails: (string | undefined)[] = [];
        let total = 0;
        let allowed = 0;
        let skipped = 0;
        const knownNodes = new Set<string>();
        if (format === 'csv') out.write('src,host,ip,proto,port,method,path,verdict,rule,log\n');
        if (format === 'table') out.write(tableHeader());

        for await (const batch of readFlowLines(source, flowName)) {
          for (const { line, result } of batch) {
            if (!result.ok) {
              if (options.strictInput) throw new UserError(`${flowName}:${line}: ${result.reason}`);
              skipped++;
              process.stderr.write(`${flowName}:${line}: skipped: ${result.reason}\n`);
              continue;
            }
            // Flow records are already validated; what is left is whether a named source
            // node exists. Node ids are few, so each is checked once; IP sources need none.
            const src = result.flow.src;
            if (!src.includes('.') && !src.includes(':') && !knownNodes.has(src)) {
              const problem = validateFlow(result.flow, checked.topology);
              if (problem !== undefined) throw new UserError(`${flowName}:${line}: ${problem}`);
              knownNodes.add(src);
            }
            const decision = matcher.decide(result.flow);
            const verdict = matcher.verdictFor(decision);
            total++;
            if (verdict.verdict === 'allow') allowed++;
            const at = decision + DECISION_BIAS;
            flowsByDecision[at]!++;
            // In jsonl, the verdict part of a line depends only on the deciding rule: made once.
            out.write(
              format === 'jsonl'
                ? '{"flow":' + JSON.stringify(result.flow) + (jsonlTails[at] ??= jsonlTail(verdict))
                : formatResult(format, line, result.flow, verdict),
            );
          }
          progress.update(total);
          await out.maybeFlush();
        }
        progress.done();

        const summary = summaryLines(
          total,
          allowed,
          skipped,
          tallies(matcher, flowsByDecision),
          checked.policy.rules.map((r) => r.id),
        );
        if (format === 'table') {
          out.write('\n' + summary);
          await out.flush();
        } else {
          await out.flush();
          process.stderr.write(summary);
        }
        setExit(skipped > 0 ? EXIT_FINDINGS : EXIT_OK);
      },
    );
}

/** Shifts `decide` results (≥ DECIDED_BY_INBOUND) to array indexes. */
const DECISION_BIAS = -DECIDED_BY_INBOUND;

/**
 * What follows the flow in a jsonl line: exactly the text `JSON.stringify({flow, verdict,
 * rule, log})` gives after the flow object.
 */
function jsonlTail(v: Verdict): string {
  return (
    JSON.stringify({ flow: null, verdict: v.verdict, rule: v.rule, log: v.log }).slice(
      '{"flow":null'.length,
    ) + '\n'
  );
}

function tallies(matcher: CompiledMatcher, flowsByDecision: Float64Array): RuleTally[] {
  const found: RuleTally[] = [];
  flowsByDecision.forEach((flows, i) => {
    if (flows === 0) return;
    const v = matcher.verdictFor(i - DECISION_BIAS);
    found.push({ rule: v.rule, verdict: v.verdict, flows });
  });
  return found;
}

const COLUMNS = [
  { title: 'LINE', width: 7 },
  { title: 'SOURCE', width: 20 },
  { title: 'DESTINATION', width: 34 },
  { title: 'SERVICE', width: 10 },
  { title: 'VERDICT', width: 8 },
];

function fit(text: string, width: number): string {
  return text.length > width - 1 ? text.slice(0, width - 2) + '… ' : text.padEnd(width);
}

function tableHeader(): string {
  return COLUMNS.map((c) => c.title.padEnd(c.width)).join('') + 'RULE\n';
}

function destination(flow: Flow): string {
  if (flow.host && flow.ip) return `${flow.host} (${flow.ip})`;
  return flow.host ?? flow.ip ?? '';
}

function service(flow: Flow): string {
  return flow.port === undefined ? flow.proto : `${flow.proto}/${flow.port}`;
}

function formatResult(
  format: Exclude<Format, 'jsonl'>,
  line: number,
  flow: Flow,
  v: Verdict,
): string {
  switch (format) {
    case 'csv':
      return (
        [
          flow.src,
          flow.host,
          flow.ip,
          flow.proto,
          flow.port,
          flow.method,
          flow.path,
          v.verdict,
          v.rule,
          v.log,
        ]
          .map(csvCell)
          .join(',') + '\n'
      );
    case 'table': {
      const cells = [
        String(line),
        flow.src,
        destination(flow) + (flow.path ? ` ${flow.method ?? ''} ${flow.path}` : ''),
        service(flow),
        v.verdict,
      ];
      return (
        cells.map((c, i) => fit(c, COLUMNS[i]!.width)).join('') +
        v.rule +
        (v.log ? ' (logged)' : '') +
        '\n'
      );
    }
  }
}

function summaryLines(
  total: number,
  allowed: number,
  skipped: number,
  tallies: RuleTally[],
  ruleOrder: string[],
): string {
  const order = new Map(ruleOrder.map((id, i) => [id, i]));
  const rank = (rule: string) =>
    order.get(rule) ?? (rule === 'default' ? ruleOrder.length : ruleOrder.length + 1);
  tallies.sort((a, b) => rank(a.rule) - rank(b.rule));
  const label = (rule: string) => (rule === 'inbound' ? 'inbound (outbound-only guard)' : rule);
  const width = Math.max(12, ...tallies.map((t) => label(t.rule).length + 2));
  const lines = [
    `${plural(total, 'flow')}: ${allowed.toLocaleString('en-US')} allowed, ` +
      `${(total - allowed).toLocaleString('en-US')} denied` +
      (skipped > 0 ? `; ${plural(skipped, 'malformed line')} skipped` : ''),
  ];
  if (tallies.length > 0) {
    lines.push(`  ${'DECIDED BY'.padEnd(width)}${'VERDICT'.padEnd(9)}FLOWS`);
    for (const t of tallies) {
      lines.push(
        `  ${label(t.rule).padEnd(width)}${t.verdict.padEnd(9)}${t.flows.toLocaleString('en-US')}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}
