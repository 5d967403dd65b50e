import { Icon } from '../icons/ui-icons.js';
import { canRedo, canUndo } from '../model/history.js';
import { useStudio } from '../store/store-context.js';
import { useCanvasCommands } from './canvas-commands.js';

/** The canvas's own commands; the minimap's toggle sits here, where it covers no node. */
export function CanvasToolbar({ onToggleMinimap }: { onToggleMinimap: () => void }) {
  const commands = useCanvasCommands();
  const minimap = useStudio((s) => s.minimap);
  const undoable = useStudio((s) => canUndo(s.doc.history));
  const redoable = useStudio((s) => canRedo(s.doc.history));
  const undo = useStudio((s) => s.undo);
  const redo = useStudio((s) => s.redo);
  const hasNodes = useStudio((s) => s.doc.history.present.nodes.length > 0);
  return (
    <div className="floating-toolbar" role="toolbar" aria-label="Canvas">
      <button
        type="button"
        className="btn btn-icon"
        title="Undo"
        aria-label="Undo"
        disabled={!undoable}
        onClick={undo}
        data-testid="undo"
      >
        <Icon name="undo" />
      </button>
      <button
        type="button"
        className="btn btn-icon"
        title="Redo"
        aria-label="Redo"
        disabled={!redoable}
        onClick={redo}
        data-testid="redo"
      >
        <Icon name="redo" />
      </button>
      <span className="toolbar-divider" />
      <button
        type="button"
        className="btn btn-icon"
        title="Auto-layout (Shift+A)"
        aria-label="Auto-layout"
        disabled={!hasNodes}
        onClick={() => void commands.autoLayout()}
        data-testid="auto-layout"
      >
        <Icon name="layout" />
      </button>
      <button
        type="button"
        className="btn btn-icon"
        title="Fit view (Shift+1)"
        aria-label="Fit view"
        onClick={commands.fitView}
        data-testid="fit-view"
      >
        <Icon name="fit" />
      </button>
      <span className="toolbar-divider" />
      <button
        type="button"
        className="btn btn-icon"
        title="Zoom out"
        aria-label="Zoom out"
        data-testid="zoom-out"
        onClick={commands.zoomOut}
      >
        <svg
          width="16"
          height="16"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.75"
          strokeLinecap="round"
          aria-hidden="true"
        >
          <path d="M5 12h14" />
        </svg>
      </button>
      <button
        type="button"
        className="btn btn-icon"
        title="Zoom in"
        aria-label="Zoom in"
        data-testid="zoom-in"
        onClick={commands.zoomIn}
      >
        <Icon name="plus" />
      </button>
      <span className="toolbar-divider" />
      <button
        type="button"
        className="btn btn-icon"
        title={minimap ? 'Hide the minimap' : 'Show the minimap'}
        aria-label="Minimap"
        aria-pressed={minimap}
        data-testid="toggle-minimap"
        onClick={onToggleMinimap}
      >
        <Icon name="zone" />
      </button>
    </div>
  );
}
