/** `egress simulate PROJECT --flows FILE|-`: the verdict for every flow of a flow file. */
import type { Command } from 'commander';
import type { Flow, Verdict } from '../../core/model.js';
import { DECIDED_BY_INBOUND } from '../../engine/index.js';
import type { CompiledMatcher } from '../../engine/index.js';
import type { ObservedFlow } from '../../flows/flow-format.js';
import { csvCell } from '../../flows/flow-record.js';
import { EXIT_FINDINGS, EXIT_OK, UserError } from '../errors.js';
import { FLOW_FORMATS } from '../../flows/formats/index.js';
import { flowInputName, readFlowInput } from '../flow-input.js';
import { parseFormat } from '../options.js';
import { OutputSink } from '../output-sink.js';
import { loadValidProject } from '../project.js';
import { simulateInParallel } from '../simulate/parallel-simulate.js';
import { plural, progressReporter } from '../terminal.js';
import type { SetExitCode } from './set-exit.js';

const FORMATS = ['table', 'jsonl', 'csv', 'summary'] as const;
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
      'flow file (.csv with header src,host,ip,proto,port,method,path, or .jsonl; .gz of one too); - reads stdin; repeat to read several in order',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option(
      '--input-format <name>',
      `read the flow files as this format instead of detecting it (${FLOW_FORMATS.map((f) => f.name).join(', ')})`,
    )
    .option(
      '--format <format>',
      'table, jsonl, csv or summary (flows per deciding rule only)',
      'table',
    )
    .option('--strict-input', 'stop at the first malformed line (exit 2) instead of skipping it')
    .addHelpText(
      'after',
      '\nOutput is in input order. A summary (flows per deciding rule) follows the table, or goes to\n' +
        'stderr with --format jsonl|csv. Malformed lines, and flows whose source names no node of\n' +
        'the topology, are reported on stderr with their file and line number and skipped.\n' +
        'Exit status: 0 every line was decided, 1 some lines were skipped, 2 unreadable input or\n' +
        'a skipped line with --strict-input.',
    )
    .action(
      async (
        path: string,
        options: { flows: string[]; inputFormat?: string; format: string; strictInput?: boolean },
      ) => {
        const format = parseFormat(options.format, FORMATS);
        const checked = await loadValidProject(path, 'simulate');
        const project = checked.checked;
        const matcher = project.matcher();

        const out = new OutputSink();
        const progress = progressReporter('simulating: flows');
        // Counts by `decide` result (rule position, or the default and inbound codes below 0).
        const flowsByDecision = new Float64Array(matcher.ruleCount + DECISION_BIAS);
        const resultText = resultFormatter(format, matcher);
        let total = 0;
        let allowed = 0;
        let skipped = 0;
        let unknownSources = 0;
        if (format === 'csv') out.write('src,host,ip,proto,port,method,path,verdict,rule,log\n');
        if (format === 'table') out.write(tableHeader());

        for (const input of options.flows) {
          const flowName = flowInputName(input);
          const parallel = await simulateInParallel({
            path: input,
            format,
            strictInput: options.strictInput === true,
            project: checked,
            out,
            flowsByDecision,
            progress,
            ...(options.inputFormat !== undefined ? { inputFormat: options.inputFormat } : {}),
          });
          if (parallel !== undefined) {
            total += parallel.total;
            allowed += parallel.allowed;
            skipped += parallel.skipped;
            unknownSources += parallel.unknownSources;
            continue;
          }
          const batches = readFlowInput(input, (file) =>
            project.flowReader(file, options.inputFormat),
          );
          for await (const batch of batches) {
            for (const reading of batch) {
              if (reading.kind === 'problem') {
                const { line, reason, kind } = reading.problem;
                if (options.strictInput) {
                  // Everything decided before the first problem is written, as by the
                  // parallel path (simulate/parallel-simulate.ts).
                  await out.flush();
                  throw new UserError(`${flowName}:${line}: ${reason}`);
                }
                if (kind === 'unknown-source') unknownSources++;
                else skipped++;
                process.stderr.write(`${flowName}:${line}: skipped: ${reason}\n`);
                continue;
              }
              const decision = matcher.decide(reading.observed.flow);
              total++;
              if (matcher.verdictFor(decision).verdict === 'allow') allowed++;
              flowsByDecision[decision + DECISION_BIAS]!++;
              if (resultText !== undefined) out.write(resultText(reading.observed, decision));
            }
            progress.update(total);
            await out.maybeFlush();
          }
        }
        progress.done();

        const summary = summaryLines(
          total,
          allowed,
          skipped,
          unknownSources,
          tallies(matcher, flowsByDecision),
          checked.policy.rules.map((r) => r.id),
        );
        if (format === 'table' || format === 'summary') {
          out.write(format === 'table' ? '\n' + summary : summary);
          await out.flush();
        } else {
          await out.flush();
          process.stderr.write(summary);
        }
        setExit(skipped + unknownSources > 0 ? EXIT_FINDINGS : EXIT_OK);
      },
    );
}

/** Shifts `decide` results (≥ DECIDED_BY_INBOUND) to array indexes. */
export const DECISION_BIAS = -DECIDED_BY_INBOUND;

/**
 * The output line of one decided flow (none for the summary): one function for the
 * single-threaded loop and the parallel workers, so both write the same bytes.
 */
export function resultFormatter(
  format: Format,
  matcher: CompiledMatcher,
): ((observed: ObservedFlow, decision: number) => string) | undefined {
  if (format === 'summary') return undefined;
  if (format === 'jsonl') {
    // In jsonl, the verdict part of a line depends only on the deciding rule: made once.
    const jsonlTails: (string | undefined)[] = [];
    return ({ flow }, decision) =>
      '{"flow":' +
      JSON.stringify(flow) +
      (jsonlTails[decision + DECISION_BIAS] ??= jsonlTail(matcher.verdictFor(decision)));
  }
  return ({ flow, line }, decision) =>
    formatResult(format, line, flow, matcher.verdictFor(decision));
}

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

function formatResult(format: 'csv' | 'table', line: number, flow: Flow, v: Verdict): string {
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
  unknownSources: number,
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
      skippedText(skipped, unknownSources),
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

function skippedText(malformed: number, unknownSources: number): string {
  const parts = [
    ...(malformed > 0 ? [plural(malformed, 'malformed line')] : []),
    ...(unknownSources > 0 ? [plural(unknownSources, 'flow') + ' from an unknown source'] : []),
  ];
  return parts.length > 0 ? `; ${parts.join(' and ')} skipped` : '';
}
