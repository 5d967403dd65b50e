/** The catalog of components: drag onto the canvas, or click to add at the centre of the view. */
import { useReactFlow } from '@xyflow/react';
import { useMemo, useState, type DragEvent } from 'react';
import { KindIcon } from '../icons/kind-icons.js';
import { Icon } from '../icons/ui-icons.js';
import { uniqueId } from '../model/ids.js';
import { useStudioStore } from '../store/store-context.js';
import { addNodeChange } from './add-node.js';
import { kindsByCategory, type KindStyle } from './kind-style.js';

/** The drag-and-drop payload type of a palette item (its value is the kind). */
export const PALETTE_MIME = 'application/x-egress-kind';

export function Palette() {
  const store = useStudioStore();
  const flow = useReactFlow();
  const [query, setQuery] = useState('');
  const sections = useMemo(() => {
    const q = query.trim().toLowerCase();
    return kindsByCategory()
      .map((s) => ({
        ...s,
        kinds: s.kinds.filter(
          (k) =>
            q === '' ||
            k.label.toLowerCase().includes(q) ||
            k.kind.includes(q) ||
            s.category.toLowerCase().includes(q),
        ),
      }))
      .filter((s) => s.kinds.length > 0);
  }, [query]);

  const addAtCentre = (k: KindStyle): void => {
    const pane = document.querySelector('.canvas .react-flow')?.getBoundingClientRect();
    const at = pane
      ? flow.screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 })
      : { x: 0, y: 0 };
    const state = store.getState();
    const { change, id } = addNodeChange(state.doc.history.present, k, at);
    state.dispatch(change);
    state.select({ nodes: [id], edges: [], zones: [] });
  };

  const addZone = (kind: 'internal' | 'external'): void => {
    const state = store.getState();
    const t = state.doc.history.present;
    const id = uniqueId(
      kind === 'internal' ? 'private' : 'external',
      new Set(t.zones.map((z) => z.id)),
    );
    state.dispatch({ type: 'add-zone', zone: { id, kind, cidrs: [] } });
    state.select({ nodes: [], edges: [], zones: [id] });
  };

  const onDragStart = (event: DragEvent, k: KindStyle): void => {
    event.dataTransfer.setData(PALETTE_MIME, k.kind);
    event.dataTransfer.effectAllowed = 'copy';
  };

  return (
    <aside className="palette" aria-label="Components" data-testid="palette">
      <div className="panel-header">
        <span className="panel-title">Components</span>
      </div>
      <div className="palette-search">
        <Icon name="search" size={14} className="palette-search-icon" />
        <input
          className="input"
          placeholder="Search components"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          aria-label="Search components"
          data-testid="palette-search"
        />
      </div>
      <div className="palette-scroll">
        {sections.map((s) => (
          <section key={s.category} className="palette-section">
            <div className="palette-section-title">{s.category}</div>
            {s.kinds.map((k) => (
              <button
                type="button"
                key={k.kind}
                className="palette-item"
                draggable
                onDragStart={(e) => onDragStart(e, k)}
                onClick={() => addAtCentre(k)}
                title={`${k.description}. Drag onto the canvas, or click to add.`}
                data-testid={`palette-${k.kind}`}
                style={{ ['--kind' as string]: k.color }}
              >
                <span className="palette-icon">
                  <KindIcon kind={k.kind} size={16} />
                </span>
                <span className="palette-label">{k.label}</span>
              </button>
            ))}
          </section>
        ))}
        {sections.length === 0 && (
          <div className="palette-none">No component matches “{query}”.</div>
        )}
        <section className="palette-section">
          <div className="palette-section-title">Zones</div>
          <button
            type="button"
            className="palette-item"
            onClick={() => addZone('internal')}
            data-testid="palette-zone-internal"
          >
            <span className="palette-icon zone-internal-icon">
              <Icon name="lock" size={15} />
            </span>
            <span className="palette-label">Internal zone</span>
          </button>
          <button
            type="button"
            className="palette-item"
            onClick={() => addZone('external')}
            data-testid="palette-zone-external"
          >
            <span className="palette-icon zone-external-icon">
              <Icon name="globe" size={15} />
            </span>
            <span className="palette-label">External zone</span>
          </button>
        </section>
      </div>
    </aside>
  );
}
