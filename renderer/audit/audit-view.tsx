/**
 * The Audit view: the exact inventory of what the policy allows (docs/exporters.md "The audit
 * inventory") — broad classes first, then rules whose review date has passed (the app knows
 * today; exports do not), then every class, each one click from Explain with its witness.
 */
import { useEffect, useState } from 'react';
import {
  classText,
  utcToday,
  type Flow,
  type Inventory,
  type InventoryClass,
} from '../../simulator/index.js';
import { projectInput } from '../store/project-input.js';
import { useServices } from '../services/services.js';
import { Icon } from '../icons/ui-icons.js';
import { flowText } from '../model/result-rows.js';
import { useExplainFlow } from '../panels/use-explain-flow.js';
import { useStudio, useStudioStore } from '../store/store-context.js';
import './audit.css';

const FINDING_TITLES: Record<string, string> = {
  'any-destination': 'Any destination',
  'wide-range': 'Wide address range',
  metadata: 'Metadata service',
  'all-ports': 'All ports',
  'raw-address': 'Raw address',
};

type Loaded = { inventory: Inventory; error: null } | { inventory: null; error: string };

function overdueRules(inventory: Inventory, today: string): InventoryClass[] {
  const seen = new Set<string>();
  return inventory.allowed.filter((c) => {
    if (c.reviewBy === undefined || c.reviewBy >= today || seen.has(c.rule)) return false;
    seen.add(c.rule);
    return true;
  });
}

export function AuditView() {
  const store = useStudioStore();
  const { engine } = useServices();
  const doc = useStudio((s) => s.doc);
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    let current = true;
    engine
      .request({ type: 'inventory', project: projectInput(store.getState()) })
      .then((inventory) => current && setLoaded({ inventory, error: null }))
      .catch(
        (e: unknown) =>
          current &&
          setLoaded({ inventory: null, error: e instanceof Error ? e.message : String(e) }),
      );
    return () => {
      current = false;
    };
  }, [doc, engine, store]);

  const explain = useExplainFlow();

  if (loaded === null) return <div className="panel-empty faint">Building the inventory…</div>;
  if (loaded.error !== null) {
    return (
      <div className="panel-empty" data-testid="audit-error">
        <span className="panel-empty-icon">
          <Icon name="alert-circle" size={20} />
        </span>
        <div className="panel-empty-text">{loaded.error}</div>
      </div>
    );
  }
  const inventory = loaded.inventory;
  const overdue = overdueRules(inventory, utcToday());
  const explainButton = (flow: Flow, testId: string) => (
    <button
      type="button"
      className="btn btn-sm"
      onClick={() => explain(flow)}
      title={`Explain ${flowText(flow)}`}
      data-testid={testId}
    >
      <Icon name="route" size={12} /> Explain
    </button>
  );
  return (
    <div className="audit" data-testid="audit-view">
      <div className="audit-summary" data-testid="audit-summary">
        {inventory.allowed.length} classes of allowed flows, exact: every allowed flow lies in
        exactly one.
      </div>
      <section aria-label="Findings">
        <h3 className="audit-title">
          <Icon name="alert-triangle" size={13} /> Broad classes ({inventory.findings.length})
        </h3>
        {inventory.findings.length === 0 ? (
          <p className="faint audit-none">No broad class.</p>
        ) : (
          <ul className="audit-list">
            {inventory.findings.map((f, i) => (
              <li key={i} className="audit-finding" data-testid="audit-finding">
                <span className="pill pill-deny">{FINDING_TITLES[f.kind] ?? f.kind}</span>
                <span className="audit-text">{f.message}</span>
                {explainButton(f.witness, 'audit-finding-explain')}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Overdue reviews">
        <h3 className="audit-title">
          <Icon name="info" size={13} /> Overdue reviews ({overdue.length})
        </h3>
        {overdue.length === 0 ? (
          <p className="faint audit-none">No allowing rule is past its review date.</p>
        ) : (
          <ul className="audit-list">
            {overdue.map((c) => (
              <li key={c.rule} className="audit-overdue" data-testid="audit-overdue">
                <code>{c.rule}</code>
                <span className="audit-text">
                  review-by {c.reviewBy}
                  {c.owner !== undefined && ` · owner ${c.owner}`}
                  {c.ticket !== undefined && ` · ${c.ticket}`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Allowed classes">
        <h3 className="audit-title">
          <Icon name="shield" size={13} /> Allowed classes ({inventory.allowed.length})
        </h3>
        <ol className="audit-list">
          {inventory.allowed.map((c, i) => {
            const late = c.reviewBy !== undefined && overdue.some((o) => o.rule === c.rule);
            return (
              <li key={i} className="audit-class" data-testid="audit-class">
                <span className="audit-index">{i + 1}</span>
                <code className="trace-id">{c.rule}</code>
                <span className="audit-text">{classText(c)}</span>
                <span className={`audit-review${late ? ' is-overdue' : ''}`}>
                  {c.owner ?? '—'} · {c.reviewBy ?? 'no review date'}
                </span>
                {explainButton(c.witness, 'audit-class-explain')}
              </li>
            );
          })}
        </ol>
      </section>
    </div>
  );
}
