/** The title bar: project, unsaved dot, file commands, Simulate and Export. */
import { useCommands } from './use-commands.js';
import { Icon } from '../icons/ui-icons.js';
import { selectDirty } from '../store/studio-store.js';
import { useStudio } from '../store/store-context.js';

function Logo() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" className="logo">
      <rect x="1" y="1" width="22" height="22" rx="6" fill="var(--accent)" />
      <path
        d="M7 12h8.5M12.5 8.5 16 12l-3.5 3.5"
        fill="none"
        stroke="#fff"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      <path
        d="M7 7.5v9"
        fill="none"
        stroke="#fff"
        strokeOpacity="0.55"
        strokeWidth="2"
        strokeLinecap="round"
      />
    </svg>
  );
}

/** Which side panels show, and how to show or hide one. */
export interface PanelToggles {
  palette: boolean;
  inspector: boolean;
  toggle(panel: 'palette' | 'inspector'): void;
}

export function Header({ panels }: { panels?: PanelToggles }) {
  const commands = useCommands();
  const name = useStudio((s) => s.doc.projectName);
  const location = useStudio((s) => s.doc.handle?.label ?? null);
  const dirty = useStudio(selectDirty);
  const simulating = useStudio((s) => s.simulating);
  const setDialog = useStudio((s) => s.setDialog);
  const errors = useStudio(
    (s) =>
      (s.analysis?.policyDiagnostics.filter((d) => d.severity === 'error').length ?? 0) +
      (s.analysis?.topologyDiagnostics.filter((d) => d.severity === 'error').length ?? 0),
  );
  return (
    <header className="app-header" data-testid="header">
      <div className="header-brand">
        <Logo />
        <span className="header-app">Egress Studio</span>
        <span className="header-sep">/</span>
        <span
          className="header-project"
          data-testid="project-name"
          title={location ?? 'Not saved yet'}
        >
          {name}
        </span>
        {dirty && (
          <span
            className="dirty-dot"
            data-testid="dirty-indicator"
            title="Unsaved changes"
            role="img"
            aria-label="Unsaved changes"
          />
        )}
      </div>
      <nav className="header-actions" aria-label="Project">
        <button
          type="button"
          className="btn"
          onClick={() => setDialog('new')}
          data-testid="cmd-new"
          title="New project (Ctrl+Alt+N)"
        >
          <Icon name="plus" /> New
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => void commands.open()}
          data-testid="cmd-open"
          title="Open project (Ctrl+O)"
        >
          <Icon name="folder-open" /> Open
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => void commands.save()}
          data-testid="cmd-save"
          title="Save project (Ctrl+S)"
        >
          <Icon name="save" /> Save
        </button>
      </nav>
      <div className="header-spacer" />
      <div className="header-actions">
        {panels && (
          <>
            <button
              type="button"
              className={`btn btn-icon${panels.palette ? ' is-on' : ''}`}
              onClick={() => panels.toggle('palette')}
              aria-label={
                panels.palette ? 'Hide the components panel' : 'Show the components panel'
              }
              aria-pressed={panels.palette}
              title="Components panel"
              data-testid="toggle-palette"
            >
              <Icon name="list" />
            </button>
            <button
              type="button"
              className={`btn btn-icon${panels.inspector ? ' is-on' : ''}`}
              onClick={() => panels.toggle('inspector')}
              aria-label={panels.inspector ? 'Hide the inspector' : 'Show the inspector'}
              aria-pressed={panels.inspector}
              title="Inspector"
              data-testid="toggle-inspector"
            >
              <Icon name="info" />
            </button>
          </>
        )}
        <button
          type="button"
          className="btn btn-icon"
          onClick={() => setDialog('help')}
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          data-testid="cmd-help"
        >
          <Icon name="keyboard" />
        </button>
        <button
          type="button"
          className="btn btn-outline"
          onClick={commands.openExport}
          data-testid="cmd-export"
          title="Export configuration (Ctrl+Shift+E)"
        >
          <Icon name="export" /> Export
        </button>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => void commands.simulate()}
          disabled={simulating}
          data-testid="cmd-simulate"
          title={
            errors > 0
              ? 'Fix the errors in Problems to simulate'
              : 'Run expectations and edge conformance (Ctrl+Enter)'
          }
        >
          <Icon name="play" /> {simulating ? 'Simulating…' : 'Simulate'}
        </button>
      </div>
    </header>
  );
}
