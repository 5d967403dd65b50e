/**
 * "Learn from traffic" (docs/traffic.md): drop or open logs, see the allow rules the traffic
 * implies with their counts and review flags, and accept each into the policy with a click.
 * The worker reads the logs and learns (the same code as `egress learn`); accepting a rule
 * appends its text and expect lines to the policy document through the store.
 */
import { useState, type DragEvent } from 'react';
import './learn.css';
import { projectInput } from '../store/project-input.js';
import { useServices } from '../services/services.js';
import { Icon } from '../icons/ui-icons.js';
import { useStudioStore } from '../store/store-context.js';
import type { LearnRun } from '../worker/protocol.js';
import { appendRule } from './append-rule.js';

export function LearnPanel() {
  const store = useStudioStore();
  const { engine } = useServices();
  const [run, setRun] = useState<LearnRun | null>(null);
  const [files, setFiles] = useState<{ name: string; text: string }[]>([]);
  const [includeDenied, setIncludeDenied] = useState(false);
  const [accepted, setAccepted] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const learn = async (
    logs: { name: string; text: string }[],
    withDenied: boolean,
  ): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const result = await engine.request({
        type: 'learn',
        project: projectInput(store.getState()),
        files: logs,
        includeDenied: withDenied,
      });
      setRun(result);
      setAccepted(new Set());
      setError(result.error);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const open = async (list: FileList | null): Promise<void> => {
    if (!list || list.length === 0) return;
    const logs = await Promise.all(
      [...list].map(async (f) => ({ name: f.name, text: await f.text() })),
    );
    setFiles(logs);
    await learn(logs, includeDenied);
  };

  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault();
    void open(event.dataTransfer.files);
  };

  const accept = (id: string): void => {
    const rule = run?.rules.find((r) => r.id === id);
    if (!rule) return;
    const state = store.getState();
    state.setPolicyText(appendRule(state.doc.policyText, rule));
    setAccepted(new Set([...accepted, id]));
  };

  return (
    <div
      className="learn"
      data-testid="learn-panel"
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDrop}
    >
      <div className="learn-toolbar">
        <label className="btn btn-sm" data-testid="learn-open">
          <Icon name="folder-open" size={13} /> Open logs…
          <input
            type="file"
            multiple
            hidden
            data-testid="learn-file-input"
            onChange={(e) => void open(e.currentTarget.files)}
          />
        </label>
        <label className="learn-option">
          <input
            type="checkbox"
            checked={includeDenied}
            data-testid="learn-include-denied"
            onChange={(e) => {
              const value = e.currentTarget.checked;
              setIncludeDenied(value);
              if (files.length > 0) void learn(files, value);
            }}
          />
          Include attempts the log shows denied
        </label>
        <span className="faint learn-files">
          {busy ? 'Learning…' : files.map((f) => f.name).join(', ')}
        </span>
      </div>
      {error && (
        <div className="learn-error" role="alert" data-testid="learn-error">
          {error}
        </div>
      )}
      {!run && !error && (
        <div className="panel-empty" data-testid="learn-empty">
          <div className="panel-empty-title">Learn a policy from traffic</div>
          <div className="panel-empty-text">
            Drop VPC Flow Logs, a Squid access.log, Zeek, Hubble or Suricata logs here (or open
            them): the allow rules they imply are listed for you to accept one by one.
          </div>
        </div>
      )}
      {run && !run.error && (
        <>
          <div className="learn-summary" data-testid="learn-summary">
            {run.rules.length} proposed rule{run.rules.length === 1 ? '' : 's'} from {run.learned}{' '}
            attempt{run.learned === 1 ? '' : 's'}; {run.alreadyAllowed} already allowed
            {run.loggedDenied > 0 ? `, ${run.loggedDenied} denied in the log and left out` : ''}
            {run.loggedDeniedAllowed > 0
              ? ` (${run.loggedDeniedAllowed} of them allowed all the same by a flagged rule)`
              : ''}
            {run.problems > 0 ? `, ${run.problems} lines skipped` : ''}
          </div>
          <ul className="learn-rules" data-testid="learn-rules">
            {run.rules.map((rule) => (
              <li key={rule.id} className="learn-rule" data-testid={`learn-rule-${rule.id}`}>
                <div className="learn-rule-head">
                  <code className="learn-rule-id">{rule.id}</code>
                  <span className="learn-count" title="observed connections">
                    {rule.connections} connection{rule.connections === 1 ? '' : 's'}
                  </span>
                  <button
                    type="button"
                    className="btn btn-sm"
                    disabled={accepted.has(rule.id)}
                    onClick={() => accept(rule.id)}
                    data-testid={`learn-accept-${rule.id}`}
                  >
                    {accepted.has(rule.id) ? 'Added' : 'Accept'}
                  </button>
                </div>
                <div className="learn-rule-body">
                  {rule.source} → {rule.destinations.join(', ')} on {rule.services.join(', ')}
                </div>
                {rule.flags.map((flag) => (
                  <div key={flag} className="learn-flag" data-testid="learn-flag">
                    <Icon name="alert-triangle" size={12} /> {flag}
                  </div>
                ))}
              </li>
            ))}
          </ul>
          {(run.external.length > 0 || run.deniedByRule.length > 0) && (
            <div className="learn-notes" data-testid="learn-notes">
              {run.external.map((e) => (
                <div key={e.src}>
                  Inbound from {e.src} ({e.connections}): never allowed, review the source.
                </div>
              ))}
              {run.deniedByRule.map((d) => (
                <div key={d.rule}>
                  {d.connections} attempt{d.connections === 1 ? '' : 's'} denied by rule {d.rule}:
                  not learned.
                </div>
              ))}
            </div>
          )}
        </>
      )}
    </div>
  );
}
