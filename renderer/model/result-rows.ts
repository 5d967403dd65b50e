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
  /** The file of the line, when several were simulated together. */
  file: string | null;
  /** What the enforcing system did, when the row comes from a log that records it. */
  logged: Action | null;
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
    file: null,
    logged: null,
  }));
}

export function flowRows(run: FlowRun): ResultRow[] {
  return run.rows.map((r) => ({
    key: r.file === undefined ? `flow:${r.line}` : `flow:${r.file}:${r.line}`,
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
    file: r.file ?? null,
    logged: r.logged ?? null,
  }));
}

/**
 * How the system's logged action compares with the policy's verdict: `allowed-denied` when
 * the system let through what the policy denies, `denied-allowed` the other way round, and
 * null when they agree or nothing was logged.
 */
export type Disagreement = 'allowed-denied' | 'denied-allowed';

export function disagreement(row: ResultRow): Disagreement | null {
  if (row.logged === null || row.verdict === null || row.logged === row.verdict) return null;
  return row.logged === 'allow' ? 'allowed-denied' : 'denied-allowed';
}

export interface ResultFilter {
  status: 'all' | 'passed' | 'failed';
  verdict: 'all' | Action;
  /** Rows whose logged action differs from the verdict: either way, or one way. */
  disagreement: 'all' | 'any' | Disagreement;
  /** Case-insensitive text matched against the label and the deciding rule. */
  text: string;
}

export const NO_FILTER: ResultFilter = {
  status: 'all',
  verdict: 'all',
  disagreement: 'all',
  text: '',
};

export function filterRows(rows: readonly ResultRow[], f: ResultFilter): ResultRow[] {
  const text = f.text.trim().toLowerCase();
  return rows.filter((r) => {
    if (f.status === 'passed' && r.passed !== true) return false;
    if (f.status === 'failed' && r.passed !== false) return false;
    if (f.verdict !== 'all' && r.verdict !== f.verdict) return false;
    if (f.disagreement !== 'all') {
      const d = disagreement(r);
      if (d === null || (f.disagreement !== 'any' && d !== f.disagreement)) return false;
    }
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
  /** Rows that carry the system's logged action. */
  logged: number;
  /** Allowed by the system, denied by the policy. */
  allowedDenied: number;
  /** Denied by the system, allowed by the policy. */
  deniedAllowed: number;
}

export function countRows(rows: readonly ResultRow[]): RowCounts {
  const c: RowCounts = {
    total: rows.length,
    passed: 0,
    failed: 0,
    allowed: 0,
    denied: 0,
    logged: 0,
    allowedDenied: 0,
    deniedAllowed: 0,
  };
  for (const r of rows) {
    if (r.logged !== null) c.logged++;
    const d = disagreement(r);
    if (d === 'allowed-denied') c.allowedDenied++;
    if (d === 'denied-allowed') c.deniedAllowed++;
    if (r.passed === true) c.passed++;
    if (r.passed === false) c.failed++;
    if (r.verdict === 'allow') c.allowed++;
    if (r.verdict === 'deny') c.denied++;
  }
  return c;
}
