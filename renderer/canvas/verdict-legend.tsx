import { useStudio } from '../store/store-context.js';

/** What the edge colours mean, with counts from the last simulation. */
export function VerdictLegend() {
  const tests = useStudio((s) => s.tests);
  const stale = useStudio((s) => s.resultsStale);
  const edges = tests?.results.filter((r) => r.kind === 'edge') ?? [];
  const allowed = edges.filter((r) => r.actual?.verdict === 'allow').length;
  const denied = edges.filter((r) => r.actual?.verdict === 'deny').length;
  const broken = edges.filter((r) => r.actual === null).length;
  return (
    <div className={`legend${stale ? ' is-stale' : ''}`} data-testid="verdict-legend">
      {stale && (
        <span className="legend-item legend-stale" title="The policy changed: simulate again">
          Out of date
        </span>
      )}
      <span className="legend-item">
        <span className="legend-swatch allow" /> Allowed <b>{allowed}</b>
      </span>
      <span className="legend-item">
        <span className="legend-swatch deny" /> Denied <b>{denied}</b>
      </span>
      {broken > 0 && (
        <span className="legend-item">
          <span className="legend-swatch error" /> Not testable <b>{broken}</b>
        </span>
      )}
    </div>
  );
}
