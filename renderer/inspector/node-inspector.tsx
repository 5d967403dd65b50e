import type { TopologyNode } from '../../simulator/index.js';
import { KIND_STYLES, kindStyle } from '../canvas/kind-style.js';
import { KindIcon } from '../icons/kind-icons.js';
import {
  splitList,
  validateAddresses,
  validateHosts,
  validateId,
  validateRoles,
} from '../model/field-validation.js';
import { useStudio } from '../store/store-context.js';
import { DraftField, LiveTextField, SelectField } from './fields.js';
import { InspectorDiagnostics } from './inspector-diagnostics.js';

export function NodeInspector({ node, index }: { node: TopologyNode; index: number }) {
  const dispatch = useStudio((s) => s.dispatch);
  const seal = useStudio((s) => s.sealHistory);
  const select = useStudio((s) => s.select);
  const zones = useStudio((s) => s.doc.history.present.zones);
  const otherIds = useStudio((s) => s.doc.history.present.nodes);
  const style = kindStyle(node.kind);
  const taken = new Set(otherIds.filter((n) => n.id !== node.id).map((n) => n.id));
  const key = (field: string): string => `node:${node.id}:${field}`;
  const update = (patch: Partial<TopologyNode>, field: string): void =>
    dispatch({ type: 'update-node', id: node.id, patch }, key(field));

  return (
    <div className="inspector-body" data-testid="node-inspector">
      <div className="inspector-hero" style={{ ['--kind' as string]: style.color }}>
        <span className="inspector-hero-icon">
          <KindIcon kind={node.kind} size={20} />
        </span>
        <div>
          <div className="inspector-hero-title">{node.label ?? node.id}</div>
          <div className="inspector-hero-subtitle">{style.label}</div>
        </div>
      </div>
      <InspectorDiagnostics pathPrefix={`nodes[${index}]`} />
      <div className="inspector-section">
        <DraftField
          label="ID"
          value={node.id}
          mono
          validate={(v) => validateId(v, taken, 'node')}
          onCommit={(v) => {
            dispatch({ type: 'rename-node', from: node.id, to: v });
            select({ nodes: [v], edges: [], zones: [] });
          }}
          hint="Referenced as node:ID in the policy."
          testId="inspector-id"
        />
        <LiveTextField
          label="Label"
          value={node.label ?? ''}
          placeholder={node.id}
          onChange={(v) => update({ label: v === '' ? undefined : v }, 'label')}
          onBlur={seal}
          testId="inspector-label"
        />
        <SelectField
          label="Kind"
          value={node.kind}
          options={[
            ...KIND_STYLES.map((k) => ({ value: k.kind, label: k.label })),
            ...(KIND_STYLES.some((k) => k.kind === node.kind)
              ? []
              : [{ value: node.kind, label: node.kind }]),
          ]}
          onChange={(v) => update({ kind: v }, 'kind')}
          testId="inspector-kind"
        />
        <SelectField
          label="Zone"
          value={node.zone}
          options={[
            ...zones.map((z) => ({ value: z.id, label: `${z.label ?? z.id} (${z.kind})` })),
            ...(zones.some((z) => z.id === node.zone)
              ? []
              : [{ value: node.zone, label: `${node.zone} (missing)` }]),
          ]}
          onChange={(v) => update({ zone: v }, 'zone')}
          testId="inspector-zone"
        />
      </div>
      <div className="inspector-section">
        <div className="inspector-section-title">Identity on the network</div>
        <DraftField
          label="Roles"
          value={node.roles.join(', ')}
          mono
          validate={(v) => validateRoles(splitList(v))}
          onCommit={(v) => update({ roles: splitList(v) }, 'roles')}
          placeholder="trainer, gpu"
          hint="Matched by role:NAME. Separate with commas."
          testId="inspector-roles"
        />
        <DraftField
          label="Addresses"
          value={node.addresses.join('\n')}
          mono
          multiline
          validate={(v) => validateAddresses(splitList(v))}
          onCommit={(v) => update({ addresses: splitList(v) }, 'addresses')}
          placeholder="10.0.1.0/24"
          hint="IPs or CIDRs its traffic comes from. One per line."
          testId="inspector-addresses"
        />
        <DraftField
          label="Hosts"
          value={node.hosts.join('\n')}
          mono
          multiline
          validate={(v) => validateHosts(splitList(v))}
          onCommit={(v) => update({ hosts: splitList(v).map((h) => h.toLowerCase()) }, 'hosts')}
          placeholder="api.example.com"
          hint="DNS names it answers to. One per line."
          testId="inspector-hosts"
        />
        <LiveTextField
          label="Note"
          value={node.note ?? ''}
          multiline
          placeholder="What this component is for"
          onChange={(v) => update({ note: v === '' ? undefined : v }, 'note')}
          onBlur={seal}
          testId="inspector-note"
        />
      </div>
    </div>
  );
}
