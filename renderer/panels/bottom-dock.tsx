/** Under the canvas: the policy editor, and Problems / Simulation / Explain / … beside it. */
import { useCommands } from '../shell/use-commands.js';
import { AuditView } from '../audit/audit-view.js';
import { ChangesView } from '../changes/changes-view.js';
import { ConfigPane } from '../config/config-pane.js';
import { PolicyEditor } from '../editor/policy-editor.js';
import { Icon } from '../icons/ui-icons.js';
import { LearnPanel } from '../learn/learn-panel.js';
import { Resizer } from '../shell/resizer.js';
import type { BottomTab } from '../store/studio-store.js';
import { useStudio } from '../store/store-context.js';
import { ExplainView } from './explain-view.js';
import { ProblemsPanel } from './problems-panel.js';
import { SimulationPanel } from './simulation-panel.js';

export function BottomDock({
  editorWidth,
  configWidth,
  onToggleConfig,
  onResizeEditor,
  onResizeConfig,
  onResizeEnd,
}: {
  editorWidth: number;
  /** The live configuration pane's width; 0 when it is closed. */
  configWidth: number;
  onToggleConfig: () => void;
  onResizeEditor: (delta: number) => void;
  onResizeConfig: (delta: number) => void;
  onResizeEnd: () => void;
}) {
  const commands = useCommands();
  const tab = useStudio((s) => s.bottomTab);
  const setTab = useStudio((s) => s.setBottomTab);
  const policyFile = useStudio((s) => s.doc.policyFile);
  const policyDiagnostics = useStudio((s) => s.analysis?.policyDiagnostics);
  const topologyDiagnostics = useStudio((s) => s.analysis?.topologyDiagnostics);
  const analyzing = useStudio((s) => s.analyzing);
  const tests = useStudio((s) => s.tests);
  const all = [...(policyDiagnostics ?? []), ...(topologyDiagnostics ?? [])];
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.filter((d) => d.severity === 'warning').length;
  const tabs: { id: BottomTab; label: string; badge?: { text: string; tone: string } }[] = [
    {
      id: 'problems',
      label: 'Problems',
      ...(all.length > 0
        ? { badge: { text: String(all.length), tone: errors > 0 ? 'error' : 'warning' } }
        : {}),
    },
    {
      id: 'simulation',
      label: 'Simulation',
      ...(tests
        ? {
            badge: {
              text: tests.failed > 0 ? `${tests.failed} failed` : 'passed',
              tone: tests.failed > 0 ? 'error' : 'ok',
            },
          }
        : {}),
    },
    { id: 'explain', label: 'Explain' },
    { id: 'learn', label: 'Learn from traffic' },
    { id: 'audit', label: 'Audit' },
    { id: 'changes', label: 'Changes' },
  ];
  return (
    // `nokey`: React Flow ignores keys typed here (Monaco edits through EditContext, not a
    // textarea, so React Flow would otherwise take Space for its pan key).
    <div className="dock nokey">
      <section className="dock-editor" style={{ width: editorWidth }} aria-label="Policy">
        <div className="panel-header">
          <Icon name="code" size={14} className="panel-header-icon" />
          <span className="panel-title">{policyFile}</span>
          <span className="editor-status" data-testid="editor-status">
            {analyzing ? (
              <span className="faint">Checking…</span>
            ) : errors > 0 ? (
              <span className="status-error">
                <Icon name="alert-circle" size={12} /> {errors}
              </span>
            ) : warnings > 0 ? (
              <span className="status-warning">
                <Icon name="alert-triangle" size={12} /> {warnings}
              </span>
            ) : (
              <span className="status-ok">
                <Icon name="check" size={12} /> Valid
              </span>
            )}
          </span>
          <div className="panel-header-spacer" />
          <button
            type="button"
            className={`btn btn-sm btn-icon${configWidth > 0 ? ' is-on' : ''}`}
            onClick={onToggleConfig}
            aria-pressed={configWidth > 0}
            aria-label="Generated configuration"
            title="Show the generated configuration beside the policy (Ctrl+Alt+G)"
            data-testid="toggle-config"
          >
            <Icon name="file" size={13} />
          </button>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => void commands.format()}
            title="Format policy (Shift+Alt+F)"
            data-testid="cmd-format"
          >
            <Icon name="wand" size={13} /> Format
          </button>
        </div>
        <PolicyEditor />
      </section>
      <Resizer
        direction="vertical"
        label="Resize the editor"
        onResize={onResizeEditor}
        onResizeEnd={onResizeEnd}
      />
      {configWidth > 0 && (
        <>
          <div className="dock-config" style={{ width: configWidth }}>
            <ConfigPane onClose={onToggleConfig} />
          </div>
          <Resizer
            direction="vertical"
            label="Resize the configuration"
            onResize={onResizeConfig}
            onResizeEnd={onResizeEnd}
          />
        </>
      )}
      <section className="dock-results" aria-label="Results">
        <div className="tabs" role="tablist">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              className={`tab${tab === t.id ? ' is-active' : ''}`}
              onClick={() => setTab(t.id)}
              data-testid={`tab-${t.id}`}
            >
              {t.label}
              {t.badge && <span className={`tab-badge ${t.badge.tone}`}>{t.badge.text}</span>}
            </button>
          ))}
        </div>
        <div className="tab-panel" role="tabpanel">
          {tab === 'problems' && <ProblemsPanel />}
          {tab === 'simulation' && <SimulationPanel />}
          {tab === 'explain' && <ExplainView />}
          {tab === 'learn' && <LearnPanel />}
          {tab === 'audit' && <AuditView />}
          {tab === 'changes' && <ChangesView />}
        </div>
      </section>
    </div>
  );
}
