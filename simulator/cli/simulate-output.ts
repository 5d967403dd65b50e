/**
 * What `egress simulate` prints (docs/cli.md "`egress simulate`"): one result per flow as a
 * table, JSON lines or CSV, then the summary of flows per deciding rule and, for logs that
 * record the enforcing system's own action, the disagreement report.
 *
 * Results carry what a log says about a flow (`logged`, `hostSource`) only when it says it,
 * so the output for Egress Studio's own flow files stays what it always was.
 */
import type { Flow, Verdict } from '../core/model.js';
import { DECIDED_BY_INBOUND } from '../engine/index.js';
import type { CompiledMatcher } from '../engine/index.js';
import type { ObservedFlow } from '../flows/flow-format.js';
import { csvCell } from '../flows/flow-record.js';
import type { OutputSink } from './output-sink.js';
import { formatCount, plural } from './terminal.js';

export const SIMULATE_FORMATS = ['table', 'jsonl', 'csv', 'summary'] as const;

/** Shifts `decide` results (≥ DECIDED_BY_INBOUND) to array indexes. */
export const DECISION_BIAS = -DECIDED_BY_INBOUND;
export type SimulateFormat = (typeof SIMULATE_FORMATS)[number];

/**
 * The first line of the output. `fromLog`: the first input is a log (not a flow file of our
 * own), so CSV gets `logged` and `host_source` columns and the table a LOGGED column.
 */
export function resultHeader(format: SimulateFormat, fromLog: boolean): string {
  switch (format) {
    case 'csv':
      return (
        'src,host,ip,proto,port,method,path,verdict,rule,log' +
        (fromLog ? ',logged,host_source\n' : '\n')
      );
    case 'table':
      return (
        COLUMNS.map((c) => c.title.padEnd(c.width)).join('') +
        (fromLog ? 'LOGGED'.padEnd(LOGGED_WIDTH) : '') +
        'RULE\n'
      );
    default:
      return '';
  }
}

/**
 * What follows the flow in a jsonl line: exactly the text `JSON.stringify({flow, verdict,
 * rule, log})` gives after the flow object. It depends only on the deciding rule, so the
 * command makes it once a rule.
 */
export function jsonlTail(v: Verdict): string {
  return (
    JSON.stringify({ flow: null, verdict: v.verdict, rule: v.rule, log: v.log }).slice(
      '{"flow":null'.length,
    ) + '\n'
  );
}

/**
 * One jsonl result: `{"flow":…,"verdict":…,"rule":…,"log":…}`, then `logged`, `loggedRule`
 * and `hostSource` when the log gave them.
 */
export function jsonlResult(observed: ObservedFlow, tail: string): string {
  const head = '{"flow":' + JSON.stringify(observed.flow);
  const { logged, loggedRule, hostSource } = observed;
  if (logged === undefined && loggedRule === undefined && hostSource === undefined)
    return head + tail;
  return (
    head +
    tail.slice(0, -2) +
    (logged !== undefined ? `,"logged":"${logged}"` : '') +
    (loggedRule !== undefined ? `,"loggedRule":${JSON.stringify(loggedRule)}` : '') +
    (hostSource !== undefined ? `,"hostSource":"${hostSource}"` : '') +
    '}\n'
  );
}

const COLUMNS = [
  { title: 'LINE', width: 7 },
  { title: 'SOURCE', width: 20 },
  { title: 'DESTINATION', width: 34 },
  { title: 'SERVICE', width: 10 },
  { title: 'VERDICT', width: 8 },
];
const LOGGED_WIDTH = 8;

function fit(text: string, width: number): string {
  return text.length > width - 1 ? text.slice(0, width - 2) + '… ' : text.padEnd(width);
}

function destination(flow: Flow): string {
  if (flow.host && flow.ip) return `${flow.host} (${flow.ip})`;
  return flow.host ?? flow.ip ?? '';
}

function service(flow: Flow): string {
  return flow.port === undefined ? flow.proto : `${flow.proto}/${flow.port}`;
}

/** One CSV or table result (jsonl has its own fast path). */
export function formatResult(
  format: 'csv' | 'table',
  observed: ObservedFlow,
  v: Verdict,
  fromLog: boolean,
): string {
  const { flow, line } = observed;
  switch (format) {
    case 'csv': {
      const cells = [
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
      ];
      if (fromLog) cells.push(observed.logged, observed.hostSource);
      return cells.map(csvCell).join(',') + '\n';
    }
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
        (fromLog ? fit(observed.logged ?? '-', LOGGED_WIDTH) : '') +
        v.rule +
        (v.log ? ' (logged)' : '') +
        '\n'
      );
    }
  }
}

/**
 * One result's text from a `decide` result, for the single-threaded loop and the worker
 * threads alike (simulate/simulate-worker.ts), so both write the same bytes; undefined for the
 * summary format, which writes none.
 */
export function resultFormatter(
  format: SimulateFormat,
  matcher: CompiledMatcher,
  fromLog: boolean,
): ((observed: ObservedFlow, decision: number) => string) | undefined {
  if (format === 'summary') return undefined;
  if (format === 'jsonl') {
    // In jsonl, the verdict part of a line depends only on the deciding rule: made once.
    const tails: (string | undefined)[] = [];
    return (observed, decision) =>
      jsonlResult(
        observed,
        (tails[decision + DECISION_BIAS] ??= jsonlTail(matcher.verdictFor(decision))),
      );
  }
  return (observed, decision) =>
    formatResult(format, observed, matcher.verdictFor(decision), fromLog);
}

export interface RuleTally {
  rule: string;
  verdict: string;
  flows: number;
}

export interface SummaryCounts {
  total: number;
  allowed: number;
  /** Malformed lines skipped. */
  skipped: number;
  /** Flows skipped because their source names no node of the topology. */
  unknownSources: number;
  /** What was read: lines of text files (the default), or rows (every input a Parquet file). */
  unit?: 'line' | 'row';
}

/** Flows per deciding rule, in the policy's rule order, then the default and the inbound guard. */
export function summaryLines(
  counts: SummaryCounts,
  tallies: RuleTally[],
  ruleOrder: string[],
): string {
  const { total, allowed, skipped, unknownSources, unit = 'line' } = counts;
  const order = new Map(ruleOrder.map((id, i) => [id, i]));
  const rank = (rule: string) =>
    order.get(rule) ?? (rule === 'default' ? ruleOrder.length : ruleOrder.length + 1);
  tallies.sort((a, b) => rank(a.rule) - rank(b.rule));
  const label = (rule: string) => (rule === 'inbound' ? 'inbound (outbound-only guard)' : rule);
  const width = Math.max(12, ...tallies.map((t) => label(t.rule).length + 2));
  const lines = [
    `${plural(total, 'flow')}: ${formatCount(allowed)} allowed, ` +
      `${formatCount(total - allowed)} denied` +
      skippedText(skipped, unknownSources, unit),
  ];
  if (tallies.length > 0) {
    lines.push(`  ${'DECIDED BY'.padEnd(width)}${'VERDICT'.padEnd(9)}FLOWS`);
    for (const t of tallies) {
      lines.push(`  ${label(t.rule).padEnd(width)}${t.verdict.padEnd(9)}${formatCount(t.flows)}`);
    }
  }
  return lines.join('\n') + '\n';
}

function skippedText(malformed: number, unknownSources: number, unit: string): string {
  const parts = [
    ...(malformed > 0 ? [plural(malformed, `malformed ${unit}`)] : []),
    ...(unknownSources > 0 ? [plural(unknownSources, 'flow') + ' from an unknown source'] : []),
  ];
  return parts.length > 0 ? `; ${parts.join(' and ')} skipped` : '';
}

/**
 * Ends the output: the summary follows the table (or is all of `summary`), and goes to
 * stderr after jsonl and csv results so that they can be piped.
 */
export async function writeSummary(
  out: OutputSink,
  format: SimulateFormat,
  summary: string,
): Promise<void> {
  if (format === 'table' || format === 'summary') {
    out.write((format === 'table' ? '\n' : '') + summary);
    await out.flush();
  } else {
    await out.flush();
    process.stderr.write(summary);
  }
}

/** Examples of each kind of disagreement the report lists. */
export const DISAGREEMENT_EXAMPLES = 10;

interface Disagreement {
  at: string;
  observed: ObservedFlow;
  verdict: Verdict;
}

/**
 * Flows whose logged action (what the enforcing system did) differs from the policy's
 * verdict: counted both ways, with the first examples of each.
 */
export class DisagreementTally {
  /** Flows that carried a logged action. */
  logged = 0;
  /** Allowed by the system, denied by the policy. */
  readonly allowedDenied: Disagreement[] = [];
  allowedDeniedCount = 0;
  /** Denied by the system, allowed by the policy. */
  readonly deniedAllowed: Disagreement[] = [];
  deniedAllowedCount = 0;

  /** `at`: where the flow is, for its example (by default the file and its line). */
  add(
    file: string,
    observed: ObservedFlow,
    verdict: Verdict,
    at = `${file}:${observed.line}`,
  ): void {
    this.logged++;
    if (observed.logged === verdict.verdict) return;
    const example = { at, observed, verdict };
    if (observed.logged === 'allow') {
      if (this.allowedDeniedCount++ < DISAGREEMENT_EXAMPLES) this.allowedDenied.push(example);
    } else if (this.deniedAllowedCount++ < DISAGREEMENT_EXAMPLES) {
      this.deniedAllowed.push(example);
    }
  }

  /** The report, or '' when no flow carried a logged action. */
  report(): string {
    if (this.logged === 0) return '';
    const lines = [
      `disagreements with the logged action (${plural(this.logged, 'flow')} logged): ` +
        `${formatCount(this.allowedDeniedCount)} allowed by the system but denied by the policy, ` +
        `${formatCount(this.deniedAllowedCount)} denied by the system but allowed by the policy`,
    ];
    const section = (title: string, n: number, examples: Disagreement[]) => {
      if (n === 0) return;
      lines.push(`  ${title}${n > examples.length ? ` (first ${examples.length})` : ''}:`);
      for (const { at, observed, verdict } of examples) {
        const { flow } = observed;
        lines.push(
          `    ${at}  ${flow.src} -> ${destination(flow)} ${service(flow)}` +
            `${flow.path ? ` ${flow.method ?? ''} ${flow.path}` : ''}` +
            `  logged ${observed.logged}, policy ${verdict.verdict} (${verdict.rule})`,
        );
      }
    };
    section(
      'allowed by the system, denied by the policy',
      this.allowedDeniedCount,
      this.allowedDenied,
    );
    section(
      'denied by the system, allowed by the policy',
      this.deniedAllowedCount,
      this.deniedAllowed,
    );
    return lines.join('\n') + '\n';
  }
}
