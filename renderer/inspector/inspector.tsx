/** The right-hand panel: edits whatever is selected on the canvas. */
import { Icon } from '../icons/ui-icons.js';
import { useStudio } from '../store/store-context.js';
import { EdgeInspector } from './edge-inspector.js';
import { NodeInspector } from './node-inspector.js';
import { ProjectInspector } from './project-inspector.js';
import { ZoneInspector } from './zone-inspector.js';

export function Inspector() {
  const selection = useStudio((s) => s.selection);
  const topology = useStudio((s) => s.doc.history.present);
  const deleteSelection = useStudio((s) => s.deleteSelection);
  const count = selection.nodes.length + selection.edges.length + selection.zones.length;

  let title = 'Project';
  let body = <ProjectInspector />;
  if (count === 1) {
    const nodeIndex = topology.nodes.findIndex((n) => n.id === selection.nodes[0]);
    const zoneIndex = topology.zones.findIndex((z) => z.id === selection.zones[0]);
    const edgeIndex = selection.edges[0];
    const node = topology.nodes[nodeIndex];
    const zone = topology.zones[zoneIndex];
    const edge = edgeIndex === undefined ? undefined : topology.edges[edgeIndex];
    if (node) {
      title = 'Component';
      body = <NodeInspector key={node.id} node={node} index={nodeIndex} />;
    } else if (zone) {
      title = 'Zone';
      body = <ZoneInspector key={zone.id} zone={zone} index={zoneIndex} />;
    } else if (edge && edgeIndex !== undefined) {
      title = 'Connection';
      body = <EdgeInspector key={edgeIndex} edge={edge} index={edgeIndex} />;
    }
  } else if (count > 1) {
    title = 'Selection';
    body = (
      <div className="inspector-body" data-testid="multi-inspector">
        <div className="inspector-empty">
          <div className="inspector-empty-title">{count} items selected</div>
          <div className="faint">
            {selection.nodes.length} components · {selection.edges.length} connections ·{' '}
            {selection.zones.length} zones
          </div>
        </div>
      </div>
    );
  }
  return (
    <aside className="inspector" aria-label="Inspector" data-testid="inspector">
      <div className="panel-header">
        <span className="panel-title">{title}</span>
        {count > 0 && (
          <button
            type="button"
            className="btn btn-icon btn-sm"
            onClick={deleteSelection}
            title="Delete selection (Delete)"
            aria-label="Delete selection"
            data-testid="inspector-delete"
          >
            <Icon name="trash" size={14} />
          </button>
        )}
      </div>
      <div className="inspector-scroll">{body}</div>
    </aside>
  );
}
