import type { Zone } from '../../simulator/index.js';
import { Icon } from '../icons/ui-icons.js';
import { splitList, validateAddresses, validateId } from '../model/field-validation.js';
import { useStudio } from '../store/store-context.js';
import { DraftField, Field, LiveTextField } from './fields.js';
import { InspectorDiagnostics } from './inspector-diagnostics.js';

export function ZoneInspector({ zone, index }: { zone: Zone; index: number }) {
  const dispatch = useStudio((s) => s.dispatch);
  const seal = useStudio((s) => s.sealHistory);
  const select = useStudio((s) => s.select);
  const zones = useStudio((s) => s.doc.history.present.zones);
  const members = useStudio(
    (s) => s.doc.history.present.nodes.filter((n) => n.zone === zone.id).length,
  );
  const taken = new Set(zones.filter((z) => z.id !== zone.id).map((z) => z.id));
  const update = (patch: Partial<Zone>, field: string): void =>
    dispatch({ type: 'update-zone', id: zone.id, patch }, `zone:${zone.id}:${field}`);
  const internal = zone.kind === 'internal';
  return (
    <div className="inspector-body" data-testid="zone-inspector">
      <div className={`inspector-hero zone-hero-${zone.kind}`}>
        <span className="inspector-hero-icon">
          <Icon name={internal ? 'lock' : 'globe'} size={18} />
        </span>
        <div>
          <div className="inspector-hero-title">{zone.label ?? zone.id}</div>
          <div className="inspector-hero-subtitle">
            {internal ? 'Internal zone' : 'External zone'} · {members} component
            {members === 1 ? '' : 's'}
          </div>
        </div>
      </div>
      <InspectorDiagnostics pathPrefix={`zones[${index}]`} />
      <div className="inspector-section">
        <DraftField
          label="ID"
          value={zone.id}
          mono
          validate={(v) => validateId(v, taken, 'zone')}
          onCommit={(v) => {
            dispatch({ type: 'rename-zone', from: zone.id, to: v });
            select({ nodes: [], edges: [], zones: [v] });
          }}
          hint="Referenced as zone:ID in the policy."
          testId="inspector-zone-id"
        />
        <LiveTextField
          label="Label"
          value={zone.label ?? ''}
          placeholder={zone.id}
          onChange={(v) => update({ label: v === '' ? undefined : v }, 'label')}
          onBlur={seal}
        />
        <Field label="Side">
          <div className="segmented" role="radiogroup" aria-label="Zone side">
            {(['internal', 'external'] as const).map((k) => (
              <button
                key={k}
                type="button"
                role="radio"
                aria-checked={zone.kind === k}
                className={`segment${zone.kind === k ? ' is-active' : ''}`}
                onClick={() => update({ kind: k }, 'kind')}
              >
                <Icon name={k === 'internal' ? 'lock' : 'globe'} size={13} />{' '}
                {k === 'internal' ? 'Internal' : 'External'}
              </button>
            ))}
          </div>
        </Field>
        <DraftField
          label="CIDRs"
          value={zone.cidrs.join('\n')}
          mono
          multiline
          validate={(v) => validateAddresses(splitList(v))}
          onCommit={(v) => update({ cidrs: splitList(v) }, 'cidrs')}
          placeholder="10.0.0.0/16"
          hint={
            internal
              ? 'Sources inside these ranges count as internal (the outbound-only guard).'
              : 'Optional: address ranges of this external network.'
          }
          testId="inspector-zone-cidrs"
        />
      </div>
    </div>
  );
}
