import type { TopologyEdge } from '../../simulator/index.js';
import { Icon } from '../icons/ui-icons.js';
import { canonicalService, validateService } from '../model/field-validation.js';
import { addAllowRule } from '../editor/add-allow-rule.js';
import { useConfirm } from '../shell/confirm.js';
import { useStudio, useStudioStore } from '../store/store-context.js';
import { DraftField, LiveTextField, SelectField } from './fields.js';
import { InspectorDiagnostics } from './inspector-diagnostics.js';

export function EdgeInspector({ edge, index }: { edge: TopologyEdge; index: number }) {
  const dispatch = useStudio((s) => s.dispatch);
  const seal = useStudio((s) => s.sealHistory);
  const nodes = useStudio((s) => s.doc.history.present.nodes);
  const result = useStudio((s) =>
    s.tests?.results.find((r) => r.kind === 'edge' && r.edge === index),
  );
  const store = useStudioStore();
  const confirm = useConfirm();
  const deniedFlow =
    result &&
    !result.passed &&
    result.expected.verdict === 'allow' &&
    result.actual?.rule !== 'inbound'
      ? result.flow
      : null;
  const addRule = async (): Promise<void> => {
    if (!deniedFlow) return;
    const done = await addAllowRule(store, confirm, deniedFlow);
    if (done.reason) store.getState().toast('error', `No rule to add: ${done.reason}.`);
    else if (done.applied)
      store.getState().toast('info', 'Rule added to the policy: simulate again to check it.');
  };
  const update = (patch: Partial<TopologyEdge>, field: string): void =>
    dispatch({ type: 'update-edge', index, patch }, `edge:${index}:${field}`);
  const options = nodes.map((n) => ({
    value: n.id,
    label: n.label ? `${n.label} (${n.id})` : n.id,
  }));
  return (
    <div className="inspector-body" data-testid="edge-inspector">
      <div className="inspector-hero">
        <span className="inspector-hero-icon edge-hero-icon">
          <Icon name="arrow-right" size={18} />
        </span>
        <div>
          <div className="inspector-hero-title">
            {edge.from} → {edge.to}
          </div>
          <div className="inspector-hero-subtitle">Intended connection · {edge.service}</div>
        </div>
      </div>
      <InspectorDiagnostics pathPrefix={`edges[${index}]`} />
      {result && (
        <div
          className={`inspector-verdict ${result.passed ? 'passed' : 'failed'}`}
          data-testid="edge-verdict"
        >
          <span
            className={`pill pill-${result.actual?.verdict === 'allow' ? 'allow' : result.actual ? 'deny' : 'warn'}`}
          >
            {result.actual ? result.actual.verdict : 'not testable'}
          </span>
          <span>
            {result.actual ? (
              <>
                decided by <code>{result.actual.rule}</code>
              </>
            ) : (
              result.problem
            )}
          </span>
          {deniedFlow && (
            <button
              type="button"
              className="btn btn-outline btn-sm"
              onClick={() => void addRule()}
              data-testid="edge-add-allow-rule"
            >
              Add an allow rule…
            </button>
          )}
        </div>
      )}
      <div className="inspector-section">
        <SelectField
          label="From"
          value={edge.from}
          options={options}
          onChange={(v) => update({ from: v }, 'from')}
        />
        <SelectField
          label="To"
          value={edge.to}
          options={options}
          onChange={(v) => update({ to: v }, 'to')}
        />
        <DraftField
          label="Service"
          value={edge.service}
          mono
          validate={validateService}
          onCommit={(v) => update({ service: canonicalService(v) }, 'service')}
          hint="tcp/PORT, udp/PORT, icmp, or a range (checked at its lowest port)."
          testId="inspector-service"
        />
        <LiveTextField
          label="Note"
          value={edge.note ?? ''}
          multiline
          placeholder="Why this connection exists"
          onChange={(v) => update({ note: v === '' ? undefined : v }, 'note')}
          onBlur={seal}
          testId="inspector-edge-note"
        />
      </div>
    </div>
  );
}
