/**
 * Simulation results as table rows, and the table's filters. Test results (expectations,
 * edge conformance) and flow-file verdicts share one row shape so one table shows both.
 */
import type { Action, Flow, Range, TestReport } from '../../simulator/index.js';
import type { FlowRun } from '../worker/protocol.js';

export interface ResultRow {
  key: string;
  kind: 'expect' | 'edge' | 'flow';
  label: string;
  flow: Flow | null;
  verdict: Action | null;
  rule: string | null;
  log: boolean;
  /** For tests: what was expected; null for plain flows. */
  expected: { verdict: Action; by?: string } | null;
  /** For tests: whether the expectation held; null for plain flows. */
  passed: boolean | null;
  problem: string | null;
  edge: number | null;
  range: Range | null;
  /** Line in the flow file. */
  line: number | null;
}

export function flowText(f: Flow): string {
  const dest = f.host ? (f.ip ? `${f.host} (${f.ip})` : f.host) : (f.ip ?? '?');
  const svc = f.proto === 'icmp' ? 'icmp' : `${f.proto}/${f.port ?? '?'}`;
  const http = [f.method, f.path].filter((x) => x !== undefined).join(' ');
  return `${f.src} → ${dest} on ${svc}${http ? ` ${http}` : ''}`;
}

/** Field-by-field equality (flows come back from the worker as copies). */
export function sameFlow(a: Flow, b: Flow): boolean {
  return (
    a.src === b.src &&
    a.host === b.host &&
    a.ip === b.ip &&
    a.proto === b.proto &&
    a.port === b.port &&
    a.method === b.method &&
    a.path === b.path
  );
}

export function testRows(report: TestReport): ResultRow[] {
  return report.results.map((r, i) => ({
    key: `test:${i}`,
    kind: r.kind,
    label: r.label,
    flow: r.flow,
    verdict: r.actual?.verdict ?? null,
    rule: r.actual?.rule ?? null,
    log: r.actual?.log ?? false,
    expected: r.expected,
    passed: r.passed,
    problem: r.problem ?? null,
    edge: r.edge ?? null,
    range: r.range ?? null,
    line: null,
  }));
}

export function flowRows(run: FlowRun): ResultRow[] {
  return run.rows.map((r) => ({
    key: `flow:${r.line}`,
    kind: 'flow',
    label: flowText(r.flow),
    flow: r.flow,
    verdict: r.verdict.verdict,
    rule: r.verdict.rule,
    log: r.verdict.log,
    expected: null,
    passed: null,
    problem: null,
    edge: null,
    range: null,
    line: r.line,
  }));
}

export interface ResultFilter {
  status: 'all' | 'passed' | 'failed';
  verdict: 'all' | Action;
  /** Case-insensitive text matched against the label and the deciding rule. */
  text: string;
}

export const NO_FILTER: ResultFilter = { status: 'all', verdict: 'all', text: '' };

export function filterRows(rows: readonly ResultRow[], f: ResultFilter): ResultRow[] {
  const text = f.text.trim().toLowerCase();
  return rows.filter((r) => {
    if (f.status === 'passed' && r.passed !== true) return false;
    if (f.status === 'failed' && r.passed !== false) return false;
    if (f.verdict !== 'all' && r.verdict !== f.verdict) return false;
    if (
      text !== '' &&
      !r.label.toLowerCase().includes(text) &&
      !(r.rule ?? '').toLowerCase().includes(text)
    ) {
      return false;
    }
    return true;
  });
}

export interface RowCounts {
  total: number;
  passed: number;
  failed: number;
  allowed: number;
  denied: number;
}

export function countRows(rows: readonly ResultRow[]): RowCounts {
  const c: RowCounts = { total: rows.length, passed: 0, failed: 0, allowed: 0, denied: 0 };
  for (const r of rows) {
    if (r.passed === true) c.passed++;
    if (r.passed === false) c.failed++;
    if (r.verdict === 'allow') c.allowed++;
    if (r.verdict === 'deny') c.denied++;
  }
  return c;
}
