/** Why a flow got its verdict: resolution, the outbound-only guard, every rule tried. */
import type { RuleTrace } from '../../simulator/index.js';
import { Icon } from '../icons/ui-icons.js';
import { flowText } from '../model/result-rows.js';
import { useStudio, useStudioStore } from '../store/store-context.js';

function RuleRow({ trace, deciding }: { trace: RuleTrace; deciding: boolean }) {
  const store = useStudioStore();
  const reveal = (): void => {
    const rule = store.getState().analysis?.model?.rules.find((r) => r.id === trace.id);
    if (rule) {
      store.getState().revealInPolicy({
        line: rule.range.start.line,
        column: rule.range.start.column,
        endLine: rule.range.start.line,
        endColumn: rule.range.start.column,
      });
    }
  };
  return (
    <li
      className={`trace${deciding ? ' is-deciding' : ''}${trace.matched ? ' is-match' : ''}`}
      data-testid="explain-rule"
    >
      <button type="button" className="trace-head" onClick={reveal} title="Show in the policy">
        <span className="trace-index">{trace.index + 1}</span>
        <span className={`pill pill-${trace.action}`}>{trace.action}</span>
        <code className="trace-id">{trace.id}</code>
        <span className="trace-outcome">
          {trace.matched ? (deciding ? 'decides' : 'matches') : 'no match'}
        </span>
      </button>
      <ul className="clauses">
        {trace.clauses
          .filter((c) => c.present)
          .map((c) => (
            <li key={c.clause} className={`clause ${c.matched ? 'ok' : 'no'}`}>
              <Icon name={c.matched ? 'check' : 'x'} size={12} />
              <span className="clause-name">{c.clause}</span>
              <span className="clause-reason">{c.reason}</span>
            </li>
          ))}
      </ul>
      {deciding && trace.description && <p className="trace-description">{trace.description}</p>}
    </li>
  );
}

export function ExplainView() {
  const explanation = useStudio((s) => s.explanation);
  if (!explanation) {
    return (
      <div className="panel-empty" data-testid="explain-empty">
        <span className="panel-empty-icon">
          <Icon name="route" size={20} />
        </span>
        <div className="panel-empty-title">Nothing to explain yet</div>
        <div className="panel-empty-text">
          Select a result in Simulation to see which rules were tried and why.
        </div>
      </div>
    );
  }
  const e = explanation;
  const decidingId = e.decidedBy.kind === 'rule' ? e.decidedBy.id : null;
  return (
    <div className="explain" data-testid="explain-view">
      <div className="explain-head">
        <span className={`pill pill-${e.verdict.verdict} pill-lg`} data-testid="explain-verdict">
          {e.verdict.verdict}
        </span>
        <code className="explain-flow">{flowText(e.flow)}</code>
        <span className="explain-by">
          decided by <code>{e.verdict.rule}</code>
          {e.verdict.log && <span className="pill pill-neutral">logged</span>}
        </span>
      </div>
      {e.problem && (
        <div className="explain-problem">
          <Icon name="alert-triangle" size={14} /> {e.problem}
        </div>
      )}
      <div className="explain-grid">
        <div className="explain-card">
          <div className="explain-card-title">Source</div>
          <div>{e.source.summary}</div>
        </div>
        <div className="explain-card">
          <div className="explain-card-title">Outbound-only guard</div>
          <div className={e.guard.external ? 'deny-text' : ''}>{e.guard.reason}</div>
        </div>
        <div className="explain-card">
          <div className="explain-card-title">Destination</div>
          <div>{e.destination.summary}</div>
        </div>
      </div>
      {e.rules.length > 0 && (
        <>
          <div className="explain-section-title">Rules tried, in order</div>
          <ol className="traces">
            {e.rules.map((r) => (
              <RuleRow key={`${r.id}:${r.index}`} trace={r} deciding={r.id === decidingId} />
            ))}
          </ol>
        </>
      )}
      {e.decidedBy.kind === 'default' && (
        <div className="explain-note">
          No rule matched: the default decides ({e.verdict.verdict}).
        </div>
      )}
      {e.shadowed.length > 0 && (
        <div className="explain-note">
          Also matching but shadowed by the deciding rule:{' '}
          {e.shadowed.map((s) => (
            <code key={s}>{s}</code>
          ))}
        </div>
      )}
    </div>
  );
}
