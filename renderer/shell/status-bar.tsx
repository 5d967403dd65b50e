import { Icon } from '../icons/ui-icons.js';
import { useStudio } from '../store/store-context.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function StatusBar() {
  const topology = useStudio((s) => s.doc.history.present);
  const analysis = useStudio((s) => s.analysis);
  const analyzing = useStudio((s) => s.analyzing);
  const tests = useStudio((s) => s.tests);
  const location = useStudio((s) => s.doc.handle?.label ?? null);
  const all = analysis ? [...analysis.policyDiagnostics, ...analysis.topologyDiagnostics] : [];
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.filter((d) => d.severity === 'warning').length;
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className="status-item">
        <span className={`engine-dot${analyzing ? ' busy' : analysis ? ' ready' : ''}`} />
        {analyzing ? 'Checking…' : analysis ? 'Engine ready' : 'Engine starting'}
      </span>
      <span className="status-item" data-testid="status-problems">
        <Icon name="alert-circle" size={12} /> {errors}
        <Icon name="alert-triangle" size={12} /> {warnings}
      </span>
      {analysis?.counts && (
        <span className="status-item">
          {plural(analysis.counts.rules, 'rule')} ·{' '}
          {plural(analysis.counts.expectations, 'expectation')}
        </span>
      )}
      {tests && (
        <span className={`status-item ${tests.failed > 0 ? 'status-error' : 'status-ok'}`}>
          {tests.passed}/{tests.results.length} tests passed
        </span>
      )}
      <span className="status-spacer" />
      <span className="status-item">
        {plural(topology.zones.length, 'zone')} · {plural(topology.nodes.length, 'component')} ·{' '}
        {plural(topology.edges.length, 'connection')}
      </span>
      <span className="status-item">
        {location ? `Folder: ${location}` : 'Not saved to a folder'}
      </span>
    </footer>
  );
}
