/**
 * The lines of a flow file that were not simulated, each with its line number (and file,
 * for logs dropped together) and why: a malformed line, or a source that names no node of
 * the topology (docs/cli.md "Flow inputs", the same report `egress simulate` prints). Lines
 * a log format passes over on purpose (replies, status records) are counted by reason. A
 * file no format reads shows its one reason.
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
  const skipped = run.skipped ?? [];
  const skippedCount = skipped.reduce((n, s) => n + s.count, 0);
  const skippedText = `${skippedCount.toLocaleString('en-US')} line${skippedCount === 1 ? '' : 's'} skipped by the format`;
  if (run.rejectedCount === 0) {
    if (skippedCount === 0) return null;
    return (
      <details className="flow-problems" data-testid="flow-problems">
        <summary>{skippedText}</summary>
        <Skipped skipped={skipped} />
      </details>
    );
  }
  const unknown = run.rejected.filter((p) => p.kind === 'unknown-source').length;
  const malformed = run.rejected.length - unknown;
  const parts = [
    ...(malformed > 0 ? [`${malformed} unreadable`] : []),
    ...(unknown > 0 ? [`${unknown} from an unknown source`] : []),
  ];
  return (
    // Open when nothing was simulated; otherwise folded, so that the results keep the room.
    <details className="flow-problems" data-testid="flow-problems" open={run.rows.length === 0}>
      <summary>
        {run.rejectedCount} line{run.rejectedCount === 1 ? '' : 's'} not simulated
        {run.rejectedCount === run.rejected.length ? ` (${parts.join(', ')})` : ''}
        {skippedCount > 0 ? `; ${skippedText}` : ''}
      </summary>
      <ul tabIndex={0} aria-label="Lines not simulated">
        {run.rejected.slice(0, LISTED).map((p) => (
          <li key={`${p.file ?? ''}:${p.line}`} data-testid="flow-problem" data-kind={p.kind}>
            <span className="flow-problem-line">
              {p.file !== undefined ? `${p.file}:${p.line}` : `line ${p.line}`}
            </span>{' '}
            {p.reason}
          </li>
        ))}
        {run.rejectedCount > LISTED && (
          <li className="flow-problem-more">
            … and {run.rejectedCount - LISTED} more (egress simulate lists them all)
          </li>
        )}
      </ul>
      {skipped.length > 0 && <Skipped skipped={skipped} />}
    </details>
  );
}

/** `conn.log: 1 line skipped: protocol unknown_transport is not tcp, udp or icmp`, a reason a line. */
function Skipped({ skipped }: { skipped: NonNullable<FlowRun['skipped']> }) {
  return (
    <div className="flow-skips" data-testid="flow-skips">
      {skipped.map((s) => (
        <div key={`${s.file ?? ''}:${s.reason}`} data-testid="flow-skip">
          {s.file !== undefined ? `${s.file}: ` : ''}
          {s.count.toLocaleString('en-US')} line{s.count === 1 ? '' : 's'} skipped: {s.reason}
        </div>
      ))}
    </div>
  );
}
