/**
 * The lines of a flow file that were not simulated, each with its line number and why: a
 * malformed line, or a source that names no node of the topology (docs/cli.md "Flow inputs",
 * the same report `egress simulate` prints). A file no format reads shows its one reason.
 */
import type { FlowRun } from '../worker/protocol.js';

/** Lines listed at most (the worker keeps the first 1,000 and counts them all). */
const LISTED = 200;

export function FlowProblems({ run }: { run: FlowRun }) {
  if (run.error !== null) {
    return (
      <div className="flow-problems" role="alert" data-testid="flow-problems">
        {run.file} cannot be simulated: {run.error}
      </div>
    );
  }
  if (run.rejectedCount === 0) return null;
  const unknown = run.rejected.filter((p) => p.kind === 'unknown-source').length;
  const malformed = run.rejected.length - unknown;
  const parts = [
    ...(malformed > 0 ? [`${malformed} unreadable`] : []),
    ...(unknown > 0 ? [`${unknown} from an unknown source`] : []),
  ];
  return (
    <details className="flow-problems" data-testid="flow-problems" open>
      <summary>
        {run.rejectedCount} line{run.rejectedCount === 1 ? '' : 's'} not simulated
        {run.rejectedCount === run.rejected.length ? ` (${parts.join(', ')})` : ''}
      </summary>
      <ul tabIndex={0} aria-label="Lines not simulated">
        {run.rejected.slice(0, LISTED).map((p) => (
          <li key={p.line} data-testid="flow-problem" data-kind={p.kind}>
            <span className="flow-problem-line">line {p.line}</span> {p.reason}
          </li>
        ))}
        {run.rejectedCount > LISTED && (
          <li className="flow-problem-more">
            … and {run.rejectedCount - LISTED} more (egress simulate lists them all)
          </li>
        )}
      </ul>
    </details>
  );
}
