/** Every diagnostic of the project: policy problems jump to the line, topology problems select the item. */
import type { Diagnostic } from '../../simulator/index.js';
import { Icon } from '../icons/ui-icons.js';
import { useStudio, useStudioStore } from '../store/store-context.js';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.range?.start.line ?? 0) - (b.range?.start.line ?? 0) ||
      (a.range?.start.column ?? 0) - (b.range?.start.column ?? 0),
  );
}

export function ProblemsPanel() {
  const store = useStudioStore();
  const analysis = useStudio((s) => s.analysis);
  const policyFile = useStudio((s) => s.doc.policyFile);
  const all = analysis
    ? [
        ...sortDiagnostics(analysis.topologyDiagnostics).map((d) => ({
          d,
          file: 'topology.yaml',
          policy: false,
        })),
        ...sortDiagnostics(analysis.policyDiagnostics).map((d) => ({
          d,
          file: policyFile,
          policy: true,
        })),
      ]
    : [];
  const open = (d: Diagnostic, inPolicy: boolean): void => {
    const state = store.getState();
    if (inPolicy && d.range) {
      state.revealInPolicy({
        line: d.range.start.line,
        column: d.range.start.column,
        endLine: d.range.end.line,
        endColumn: d.range.end.column,
      });
      return;
    }
    const m = d.path ? /^(nodes|zones|edges)\[(\d+)\]/.exec(d.path) : null;
    if (!m) return;
    const t = state.doc.history.present;
    const i = Number(m[2]);
    if (m[1] === 'nodes' && t.nodes[i])
      state.select({ nodes: [t.nodes[i].id], edges: [], zones: [] });
    if (m[1] === 'zones' && t.zones[i])
      state.select({ nodes: [], edges: [], zones: [t.zones[i].id] });
    if (m[1] === 'edges' && t.edges[i]) state.select({ nodes: [], edges: [i], zones: [] });
  };
  if (all.length === 0) {
    return (
      <div className="panel-empty" data-testid="problems-empty">
        <span className="panel-empty-icon ok">
          <Icon name="check-circle" size={20} />
        </span>
        <div className="panel-empty-title">No problems</div>
        <div className="panel-empty-text">The topology and the policy check cleanly.</div>
      </div>
    );
  }
  return (
    <ul className="problems" data-testid="problems-list">
      {all.map(({ d, file, policy }, i) => (
        <li key={i}>
          <button
            type="button"
            className={`problem problem-${d.severity}`}
            onClick={() => open(d, policy)}
            data-testid="problem"
          >
            <Icon
              name={
                d.severity === 'error'
                  ? 'alert-circle'
                  : d.severity === 'warning'
                    ? 'alert-triangle'
                    : 'info'
              }
              size={14}
              className="problem-icon"
            />
            <span className="problem-message">{d.message}</span>
            <span className="problem-where">
              <span className="problem-code">{d.code}</span>
              {file}
              {d.path
                ? ` ${d.path}`
                : d.range
                  ? `:${d.range.start.line}:${d.range.start.column}`
                  : ''}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
