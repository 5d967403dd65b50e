/**
 * The Changes view: every class of flows whose verdict or log flag differs between the
 * project as last saved (or opened) and the working copy, as `egress diff` reports them
 * (docs/analysis.md), each with before → after and a witness one click from Explain.
 */
import type { Flow, FlowChange, Verdict } from '../../simulator/index.js';
import { Icon } from '../icons/ui-icons.js';
import { flowText } from '../model/result-rows.js';
import { useExplainFlow } from '../panels/use-explain-flow.js';
import { useChanges } from './use-changes.js';
import './changes.css';

/** More rows than anyone reads; the count says how many there are. */
const SHOWN = 500;

function Outcome({ verdict, testId }: { verdict: Verdict; testId: string }) {
  return (
    <span className="changes-outcome" data-testid={testId}>
      <span className={`pill pill-${verdict.verdict}`}>{verdict.verdict}</span>
      <code>{verdict.rule}</code>
      {verdict.log && <span className="changes-log">logged</span>}
    </span>
  );
}

function ChangeItem({
  change,
  onExplain,
}: {
  change: FlowChange;
  onExplain: (flow: Flow) => void;
}) {
  const logOnly = change.before.verdict === change.after.verdict;
  return (
    <li className="changes-item" data-testid="change">
      <div className="changes-verdicts">
        <Outcome verdict={change.before} testId="change-before" />
        <Icon name="arrow-right" size={12} className="changes-arrow" />
        <Outcome verdict={change.after} testId="change-after" />
        {logOnly && <span className="pill pill-neutral">log flag only</span>}
      </div>
      <div className="changes-description" data-testid="change-description">
        {change.description}
      </div>
      <div className="changes-witness">
        <span className="faint">witness</span>
        <code data-testid="change-witness">{flowText(change.witness)}</code>
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => onExplain(change.witness)}
          title={`Explain ${flowText(change.witness)} in the working copy`}
          data-testid="change-explain"
        >
          <Icon name="route" size={12} /> Explain
        </button>
      </div>
    </li>
  );
}

function Empty({
  icon,
  text,
  testId,
}: {
  icon: 'check' | 'alert-circle';
  text: string;
  testId: string;
}) {
  return (
    <div className="panel-empty" data-testid={testId}>
      <span className="panel-empty-icon">
        <Icon name={icon} size={20} />
      </span>
      <div className="panel-empty-text">{text}</div>
    </div>
  );
}

export function ChangesView() {
  const state = useChanges();

  const explain = useExplainFlow();

  if (state.status === 'same') {
    return (
      <Empty
        icon="check"
        text="No edits since the project was saved or opened."
        testId="changes-none"
      />
    );
  }
  if (state.status === 'error') {
    return <Empty icon="alert-circle" text={state.message} testId="changes-error" />;
  }
  const changes = state.status === 'done' ? state.changes : state.previous;
  const updating = state.status === 'running';
  if (changes === null)
    return <div className="panel-empty faint">Comparing with the saved project…</div>;
  return (
    <div
      className={`changes${updating ? ' is-updating' : ''}`}
      data-testid="changes-view"
      aria-busy={updating}
    >
      <div className="changes-summary" data-testid="changes-summary">
        {changes.length === 0
          ? 'The edits change no verdict and no log flag.'
          : `${changes.length} class${changes.length === 1 ? '' : 'es'} of flows change${changes.length === 1 ? 's' : ''} since the project was saved or opened.`}
        {updating && <span className="faint"> Updating…</span>}
      </div>
      {changes.length > 0 && (
        <ol className="changes-list" aria-label="Changed flows">
          {changes.slice(0, SHOWN).map((c, i) => (
            <ChangeItem key={i} change={c} onExplain={explain} />
          ))}
        </ol>
      )}
      {changes.length > SHOWN && (
        <p className="faint">{changes.length - SHOWN} more; `egress diff` lists them all.</p>
      )}
    </div>
  );
}
