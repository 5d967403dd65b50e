/**
 * Simulation results: expectations, edge conformance and flow-file verdicts in one
 * virtualised table. Selecting a row highlights the deciding rule in the editor and the
 * flow's path on the canvas, and explains the decision. Logs dropped on the panel add the
 * action the enforcing system logged and where it disagrees with the policy
 * (docs/traffic.md "In the app").
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { projectInput } from '../store/project-input.js';
import { useServices } from '../services/services.js';
import { useCommands } from '../shell/use-commands.js';
import { Icon } from '../icons/ui-icons.js';
import { FlowProblems } from './flow-problems.js';
import { LogDropZone, OpenLogButton } from './log-drop.js';
import {
  NO_FILTER,
  countRows,
  disagreement,
  filterRows,
  flowRows,
  testRows,
  type ResultFilter,
  type ResultRow,
} from '../model/result-rows.js';
import { useStudio, useStudioStore } from '../store/store-context.js';

const ROW_HEIGHT = 32;

const DISAGREEMENT_TEXT = {
  'allowed-denied': 'allowed by the system, denied by the policy',
  'denied-allowed': 'denied by the system, allowed by the policy',
} as const;

/** Each kind of disagreement and its count, in the order the panel lists them. */
const DISAGREEMENTS = [
  ['allowed-denied', 'allowedDenied'],
  ['denied-allowed', 'deniedAllowed'],
] as const;

function StatusCell({ row }: { row: ResultRow }) {
  const differs = disagreement(row);
  if (differs !== null) {
    return (
      <span className="status-differs" title={`Disagreement: ${DISAGREEMENT_TEXT[differs]}`}>
        <Icon name="alert-triangle" size={14} />
        <span className="visually-hidden">{`Disagreement: ${DISAGREEMENT_TEXT[differs]}`}</span>
      </span>
    );
  }
  if (row.passed === true) return <Icon name="check-circle" size={15} className="status-pass" />;
  if (row.passed === false) return <Icon name="x-circle" size={15} className="status-fail" />;
  return <span className="status-none" />;
}

function VerdictPill({ verdict }: { verdict: 'allow' | 'deny' | null }) {
  if (verdict === null) return <span className="pill pill-warn">n/a</span>;
  return <span className={`pill pill-${verdict}`}>{verdict}</span>;
}

/** The label without its leading `expect ` / `edge ` (the icon says which). */
function shortLabel(row: ResultRow): string {
  return row.label.replace(/^(expect|edge)\s+/, '');
}

function rowTitle(row: ResultRow): string {
  const lines = [row.label];
  if (row.line !== null)
    lines.push(row.file !== null ? `${row.file}:${row.line}` : `line ${row.line}`);
  if (row.expected) {
    lines.push(
      `expected ${row.expected.verdict}${row.expected.by ? ` by ${row.expected.by}` : ''}`,
    );
  }
  if (row.problem) lines.push(row.problem);
  return lines.join('\n');
}

export function SimulationPanel() {
  const store = useStudioStore();
  const { engine } = useServices();
  const commands = useCommands();
  const tests = useStudio((s) => s.tests);
  const flowRun = useStudio((s) => s.flowRun);
  const focus = useStudio((s) => s.focus);
  const stale = useStudio((s) => s.resultsStale);
  const simulating = useStudio((s) => s.simulating);
  const logProgress = useStudio((s) => s.logProgress);
  const [source, setSource] = useState<'tests' | 'flows'>('tests');
  const [filter, setFilter] = useState<ResultFilter>(NO_FILTER);
  const scroller = useRef<HTMLDivElement>(null);

  // A newly loaded flow file is shown at once.
  useEffect(() => {
    if (flowRun) setSource('flows');
  }, [flowRun]);
  const showing = flowRun && (source === 'flows' || !tests) ? 'flows' : 'tests';
  const rows = useMemo(
    () => (showing === 'flows' ? (flowRun ? flowRows(flowRun) : []) : tests ? testRows(tests) : []),
    [showing, tests, flowRun],
  );
  const visible = useMemo(() => filterRows(rows, filter), [rows, filter]);
  const counts = useMemo(() => countRows(rows), [rows]);
  // The LOGGED column, when the rows come from a log that records the system's action.
  const withLogged = showing === 'flows' && counts.logged > 0;
  const openLogs = (files: Parameters<typeof commands.simulateLogs>[0]): void => {
    setFilter(NO_FILTER);
    void commands.simulateLogs(files);
  };
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  const selectRow = (row: ResultRow): void => {
    const state = store.getState();
    state.setFocus({
      key: row.key,
      flow: row.flow,
      rule: row.rule,
      edge: row.edge,
      verdict: row.verdict,
    });
    // The inspector follows the selected row: its edge, or nothing for a row without one.
    state.select({ nodes: [], edges: row.edge !== null ? [row.edge] : [], zones: [] });
    if (row.flow) {
      const flow = row.flow;
      engine
        .request({ type: 'explain', project: projectInput(state), flow })
        .then((e) => store.getState().setExplanation(e))
        .catch(() => store.getState().setExplanation(null));
    } else state.setExplanation(null);
  };

  if (!tests && !flowRun) {
    return (
      <LogDropZone className="panel-empty" testId="simulation-empty" onFiles={openLogs}>
        <span className="panel-empty-icon">
          <Icon name="flask" size={20} />
        </span>
        <div className="panel-empty-title">No simulation yet</div>
        <div className="panel-empty-text">
          Run the policy's expectations and check every drawn connection against it, or drop a log
          here (VPC Flow Logs, Squid, Zeek, Hubble, Suricata, GCP; .gz too) to compare what the real
          system did with what the policy decides.
        </div>
        <div className="panel-empty-actions">
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void commands.simulate()}
            disabled={simulating}
            data-testid="simulate-empty"
          >
            <Icon name="play" /> Simulate
          </button>
          <button
            type="button"
            className="btn btn-outline"
            onClick={() => void commands.loadFlowFile()}
            data-testid="load-flows"
          >
            <Icon name="file" /> Load flow file…
          </button>
          <OpenLogButton onFiles={openLogs} className="btn btn-outline" />
        </div>
        {logProgress !== null && <LogProgress read={logProgress} />}
      </LogDropZone>
    );
  }

  const setStatus = (status: ResultFilter['status']): void => setFilter((f) => ({ ...f, status }));
  const toggleDisagreement = (value: ResultFilter['disagreement']): void =>
    setFilter((f) => ({ ...f, disagreement: f.disagreement === value ? 'all' : value }));
  return (
    <LogDropZone className="simulation" testId="simulation-panel" onFiles={openLogs}>
      {stale && (
        <div className="sim-stale" role="status" data-testid="results-stale">
          <Icon name="alert-triangle" size={12} />
          <span>The policy changed since these results were computed.</span>
          <button
            type="button"
            className="btn btn-outline btn-sm"
            onClick={() => void commands.simulate()}
            disabled={simulating}
            data-testid="rerun-stale"
          >
            <Icon name="play" /> Re-run
          </button>
        </div>
      )}
      <div className="sim-toolbar">
        <div className="segmented segmented-sm">
          <button
            type="button"
            className={`segment${showing === 'tests' ? ' is-active' : ''}`}
            onClick={() => setSource('tests')}
          >
            Tests {tests && <span className="count">{tests.results.length}</span>}
          </button>
          <button
            type="button"
            className={`segment${showing === 'flows' ? ' is-active' : ''}`}
            onClick={() => (flowRun ? setSource('flows') : void commands.loadFlowFile())}
            title={flowRun ? flowRun.file : 'Load a CSV or JSONL flow file'}
            data-testid="flows-segment"
          >
            {flowRun ? (
              <>
                {flowRun.file} <span className="count">{flowRun.rows.length}</span>
              </>
            ) : (
              'Flows…'
            )}
          </button>
        </div>
        {showing === 'tests' ? (
          <div className="sim-summary" data-testid="sim-summary">
            <button
              type="button"
              className={`filter-chip${filter.status === 'all' ? ' is-active' : ''}`}
              onClick={() => setStatus('all')}
            >
              All {counts.total}
            </button>
            <button
              type="button"
              className={`filter-chip pass${filter.status === 'passed' ? ' is-active' : ''}`}
              onClick={() => setStatus('passed')}
              data-testid="filter-passed"
            >
              <Icon name="check" size={12} /> {counts.passed} passed
            </button>
            <button
              type="button"
              className={`filter-chip fail${filter.status === 'failed' ? ' is-active' : ''}`}
              onClick={() => setStatus('failed')}
              data-testid="filter-failed"
            >
              <Icon name="x" size={12} /> {counts.failed} failed
            </button>
          </div>
        ) : (
          <div className="sim-summary" data-testid="sim-summary">
            <span className="pill pill-allow">{counts.allowed} allowed</span>
            <span className="pill pill-deny">{counts.denied} denied</span>
            {flowRun && flowRun.rejectedCount > 0 && (
              <span className="pill pill-warn">{flowRun.rejectedCount} not simulated</span>
            )}
          </div>
        )}
        {logProgress !== null && <LogProgress read={logProgress} />}
        <div className="sim-spacer" />
        <OpenLogButton onFiles={openLogs} />
        <select
          className="input select sim-select"
          value={filter.verdict}
          onChange={(e) =>
            setFilter((f) => ({ ...f, verdict: e.target.value as ResultFilter['verdict'] }))
          }
          aria-label="Verdict"
        >
          <option value="all">Any verdict</option>
          <option value="allow">Allowed</option>
          <option value="deny">Denied</option>
        </select>
        <div className="sim-search">
          <Icon name="search" size={13} />
          <input
            className="input"
            placeholder="Filter"
            value={filter.text}
            onChange={(e) => setFilter((f) => ({ ...f, text: e.target.value }))}
            aria-label="Filter results"
          />
        </div>
      </div>
      {withLogged && (
        <div
          className="sim-logged-bar"
          role="group"
          aria-label="Logged action against the policy"
          data-testid="disagreements"
        >
          <span className="faint">Logged by the system vs. the policy:</span>
          <button
            type="button"
            className={`filter-chip${filter.disagreement === 'any' ? ' is-active' : ''}`}
            aria-pressed={filter.disagreement === 'any'}
            onClick={() => toggleDisagreement('any')}
            title="Show only flows where the logged action and the policy's verdict differ"
            data-testid="filter-disagreements"
          >
            <Icon name="alert-triangle" size={12} /> Disagreements only{' '}
            <span className="count">{counts.allowedDenied + counts.deniedAllowed}</span>
          </button>
          {DISAGREEMENTS.map(([kind, count]) => (
            <button
              key={kind}
              type="button"
              className={`filter-chip${filter.disagreement === kind ? ' is-active' : ''}`}
              aria-pressed={filter.disagreement === kind}
              onClick={() => toggleDisagreement(kind)}
              disabled={counts[count] === 0 && filter.disagreement !== kind}
              data-testid={`filter-${kind}`}
            >
              {counts[count]} {DISAGREEMENT_TEXT[kind]}
            </button>
          ))}
        </div>
      )}
      {showing === 'flows' && flowRun && <FlowProblems run={flowRun} />}
      {showing === 'flows' && flowRun?.fromLog && flowRun.rows.length > 0 && !withLogged && (
        <div className="sim-note" data-testid="no-logged-action">
          {flowRun.file} does not record what the system did with each connection: there is nothing
          to compare the policy's verdicts with.
        </div>
      )}
      <div
        className={`sim-table${withLogged ? ' with-logged' : ''}`}
        role="table"
        aria-label="Simulation results"
      >
        <div className="sim-row sim-head" role="row">
          <span role="columnheader" />
          <span role="columnheader">{showing === 'flows' ? 'Flow' : 'Test'}</span>
          {withLogged && (
            <span role="columnheader" title="What the system that wrote the log did">
              Logged
            </span>
          )}
          <span role="columnheader">Verdict</span>
          <span role="columnheader">Decided by</span>
        </div>
        <div
          className="sim-scroll"
          ref={scroller}
          data-testid="sim-rows"
          role="rowgroup"
          // Scrollable by keyboard too.
          tabIndex={0}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = visible[item.index]!;
              return (
                <div
                  key={row.key}
                  role="row"
                  className={`sim-row${focus?.key === row.key ? ' is-selected' : ''}${row.passed === false ? ' is-failed' : ''}`}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    height: ROW_HEIGHT,
                    transform: `translateY(${item.start}px)`,
                  }}
                  onClick={() => selectRow(row)}
                  onDoubleClick={() => store.getState().setBottomTab('explain')}
                  title="Double-click to explain"
                  data-testid="sim-row"
                  data-kind={row.kind}
                  data-passed={row.passed === null ? 'none' : String(row.passed)}
                  data-disagreement={disagreement(row) ?? undefined}
                >
                  <span role="cell" className="sim-status">
                    <StatusCell row={row} />
                  </span>
                  <span role="cell" className="sim-label" title={rowTitle(row)}>
                    <span className={`kind-dot kind-${row.kind}`} title={row.kind}>
                      <Icon
                        name={
                          row.kind === 'edge'
                            ? 'route'
                            : row.kind === 'expect'
                              ? 'flask'
                              : 'arrow-right'
                        }
                        size={12}
                      />
                    </span>
                    <span className="sim-label-text">{shortLabel(row)}</span>
                  </span>
                  {withLogged && (
                    <span role="cell" data-testid="sim-logged">
                      {row.logged === null ? (
                        <span className="faint" title="The log does not say">
                          —
                        </span>
                      ) : (
                        <span className={`pill pill-${row.logged}`}>{row.logged}</span>
                      )}
                    </span>
                  )}
                  <span role="cell">
                    <VerdictPill verdict={row.verdict} />
                  </span>
                  <span role="cell" className="sim-rule">
                    {row.rule ? (
                      <code>{row.rule}</code>
                    ) : (
                      <span className="faint">{row.problem ?? '—'}</span>
                    )}
                  </span>
                </div>
              );
            })}
          </div>
          {visible.length === 0 && <div className="sim-none">No result matches the filters.</div>}
        </div>
      </div>
    </LogDropZone>
  );
}

function LogProgress({ read }: { read: number }) {
  return (
    <span className="sim-progress faint" role="status" data-testid="log-progress">
      Reading logs… {read.toLocaleString('en-US')} flows
    </span>
  );
}
