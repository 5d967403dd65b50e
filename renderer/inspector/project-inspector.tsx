import { Icon } from '../icons/ui-icons.js';
import { useStudio } from '../store/store-context.js';
import { LiveTextField } from './fields.js';

/** With nothing selected: the project at a glance. */
export function ProjectInspector() {
  const topology = useStudio((s) => s.doc.history.present);
  const rules = useStudio((s) => s.analysis?.counts?.rules ?? null);
  const expectations = useStudio((s) => s.analysis?.counts?.expectations ?? null);
  const sets = useStudio((s) => s.analysis?.counts?.sets ?? null);
  const dispatch = useStudio((s) => s.dispatch);
  const seal = useStudio((s) => s.sealHistory);
  const select = useStudio((s) => s.select);
  const stats = [
    { label: 'Zones', value: topology.zones.length },
    { label: 'Components', value: topology.nodes.length },
    { label: 'Connections', value: topology.edges.length },
    { label: 'Rules', value: rules ?? '—' },
    { label: 'Sets', value: sets ?? '—' },
    { label: 'Expectations', value: expectations ?? '—' },
  ];
  return (
    <div className="inspector-body" data-testid="project-inspector">
      <div className="inspector-section">
        <LiveTextField
          label="Topology name"
          value={topology.name}
          onChange={(v) => dispatch({ type: 'rename-topology', name: v }, 'topology:name')}
          onBlur={seal}
          testId="inspector-topology-name"
        />
      </div>
      <div className="stats">
        {stats.map((s) => (
          <div key={s.label} className="stat">
            <div className="stat-value">{s.value}</div>
            <div className="stat-label">{s.label}</div>
          </div>
        ))}
      </div>
      <div className="inspector-section">
        <div className="inspector-section-title">Zones</div>
        <div className="zone-list">
          {topology.zones.map((z) => (
            <button
              type="button"
              key={z.id}
              className="zone-list-item"
              onClick={() => select({ nodes: [], edges: [], zones: [z.id] })}
            >
              <span className={`zone-dot zone-dot-${z.kind}`}>
                <Icon name={z.kind === 'internal' ? 'lock' : 'globe'} size={12} />
              </span>
              <span className="zone-list-name">{z.label ?? z.id}</span>
              <span className="zone-list-meta">{z.cidrs.join(', ') || z.kind}</span>
            </button>
          ))}
          {topology.zones.length === 0 && <div className="faint">No zones yet.</div>}
        </div>
      </div>
      <div className="inspector-tip">
        <Icon name="info" size={14} />
        <span>
          Select a component, zone or connection to edit it. Shift-drag to select several.
        </span>
      </div>
    </div>
  );
}
