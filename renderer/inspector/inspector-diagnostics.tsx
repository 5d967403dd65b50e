import { Icon } from '../icons/ui-icons.js';
import { useStudio } from '../store/store-context.js';

/** Topology problems the engine reports for the inspected item (by field path). */
export function InspectorDiagnostics({ pathPrefix }: { pathPrefix: string }) {
  const diagnostics = useStudio((s) => s.analysis?.topologyDiagnostics);
  const mine = (diagnostics ?? []).filter(
    (d) =>
      d.path !== undefined &&
      (d.path === pathPrefix ||
        d.path.startsWith(`${pathPrefix}.`) ||
        d.path.startsWith(`${pathPrefix}[`)),
  );
  if (mine.length === 0) return null;
  return (
    <div className="inspector-problems" data-testid="inspector-problems">
      {mine.map((d, i) => (
        <div key={i} className={`inspector-problem ${d.severity}`}>
          <Icon
            name={
              d.severity === 'error'
                ? 'alert-circle'
                : d.severity === 'warning'
                  ? 'alert-triangle'
                  : 'info'
            }
            size={14}
          />
          <span>{d.message}</span>
        </div>
      ))}
    </div>
  );
}
