/**
 * Export: choose targets, generate in the engine worker, preview every file read-only
 * with the fidelity of every rule, then download (browser) or write to a folder (desktop).
 */
import { useEffect, useMemo, useState } from 'react';
import { declaredOptions, type ExportResult } from '../../simulator/index.js';
import { projectInput } from '../store/project-input.js';
import { useServices } from '../services/services.js';
import { ReadOnlyPreview } from '../editor/read-only-preview.js';
import { testRows } from '../model/result-rows.js';
import { Icon } from '../icons/ui-icons.js';
import { Dialog } from '../shell/dialog.js';
import { FIDELITY_TONE, fidelitySummary } from './fidelity-tone.js';
import { useStudio, useStudioStore } from '../store/store-context.js';
import type { ExporterInfo } from '../worker/protocol.js';

/** Failing tests named in the confirmation before the rest are counted. */
const FAILURES_SHOWN = 6;

export function ExportDialog() {
  const open = useStudio((s) => s.dialog === 'export');
  if (!open) return null;
  return <ExportDialogBody />;
}

function ExportDialogBody() {
  const store = useStudioStore();
  const { engine, host } = useServices();
  const setDialog = useStudio((s) => s.setDialog);
  const projectName = useStudio((s) => s.doc.projectName);
  const [exporters, setExporters] = useState<ExporterInfo[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [optionValues, setOptionValues] = useState<Record<string, string>>({});
  const [results, setResults] = useState<ExportResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [active, setActive] = useState<{ target: string; path: string } | null>(null);
  /** Failing tests found when exporting: the export waits for the user's word. */
  const [failures, setFailures] = useState<string[] | null>(null);

  useEffect(() => {
    engine
      .request({ type: 'list-exporters' })
      .then((list) => {
        setExporters(list);
        setChosen(new Set(list.slice(0, 1).map((e) => e.target)));
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [engine]);

  const generate = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const targets = (exporters ?? []).map((e) => e.target).filter((t) => chosen.has(t));
      const out = await engine.request({
        type: 'export',
        project: projectInput(store.getState()),
        targets,
        options: optionValues,
      });
      setResults(out);
      const first = out[0];
      setActive(
        first && first.files[0] ? { target: first.target, path: first.files[0].path } : null,
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setResults(null);
    } finally {
      setBusy(false);
    }
  };

  const activeResult = results?.find((r) => r.target === active?.target) ?? null;
  const activeFile = activeResult?.files.find((f) => f.path === active?.path) ?? null;
  const allFiles = useMemo(
    () =>
      (results ?? []).flatMap((r) =>
        r.files.map((f) => ({
          path: results!.length > 1 ? `${r.target}/${f.path}` : f.path,
          content: f.content,
        })),
      ),
    [results],
  );

  /** Failing expectations of the project as it is now, by label. */
  const failingTests = async (): Promise<string[]> => {
    const report = await engine.request({ type: 'test', project: projectInput(store.getState()) });
    return testRows(report)
      .filter((r) => r.passed === false)
      .map((r) => r.label);
  };

  const exportFiles = async (): Promise<void> => {
    try {
      const failures = await failingTests();
      if (failures.length > 0) {
        setFailures(failures);
        return;
      }
    } catch (e) {
      store.getState().toast('error', e instanceof Error ? e.message : String(e));
      return;
    }
    await save();
  };

  const save = async (): Promise<void> => {
    setFailures(null);
    try {
      const outcome = await host.writeOutputs(`${projectName}-exports`, allFiles);
      if (outcome.status !== 'cancelled')
        store.getState().toast('success', `Exported to ${outcome.location}`);
    } catch (e) {
      store.getState().toast('error', e instanceof Error ? e.message : String(e));
    }
  };

  const toggle = (target: string): void =>
    setChosen((c) => {
      const next = new Set(c);
      if (next.has(target)) next.delete(target);
      else next.add(target);
      return next;
    });

  return (
    <Dialog
      title="Export configuration"
      subtitle="One policy, many enforcement points."
      onClose={() => setDialog(null)}
      testId="export-dialog"
      wide
    >
      <div className="export-layout">
        <div className="export-targets">
          <div className="export-target-list">
            <div className="export-section-title">Targets</div>
            {exporters === null && !error && <div className="faint">Loading targets…</div>}
            {exporters?.map((e) => (
              <label
                key={e.target}
                className={`export-target${chosen.has(e.target) ? ' is-checked' : ''}`}
                data-testid={`export-target-${e.target}`}
              >
                <input
                  type="checkbox"
                  checked={chosen.has(e.target)}
                  onChange={() => toggle(e.target)}
                />
                <span>
                  <span className="export-target-name">{e.target}</span>
                  <span className="export-target-description">{e.description}</span>
                </span>
              </label>
            ))}
            {declaredOptions((exporters ?? []).filter((e) => chosen.has(e.target))).map(
              ({ option, targets }) => {
                const current = optionValues[option.name] ?? option.default;
                return (
                  <div className="export-option" key={option.name} title={option.description}>
                    <div className="export-section-title">
                      {targets.join(', ')} {option.name}
                    </div>
                    <div className="segmented segmented-sm">
                      {option.values.map((v) => (
                        <button
                          key={v.value}
                          type="button"
                          data-testid={`export-option-${option.name}-${v.value}`}
                          className={`segment${current === v.value ? ' is-active' : ''}`}
                          onClick={() =>
                            setOptionValues({ ...optionValues, [option.name]: v.value })
                          }
                        >
                          {v.label}
                        </button>
                      ))}
                    </div>
                  </div>
                );
              },
            )}
          </div>
          {/* Outside the scrolling list: always in view, however short the window. */}
          <button
            type="button"
            className="btn btn-primary export-generate"
            disabled={busy || chosen.size === 0}
            onClick={() => void generate()}
            data-testid="export-generate"
          >
            <Icon name="play" /> {busy ? 'Generating…' : 'Generate'}
          </button>
        </div>
        <div className="export-main">
          {error && (
            <div className="export-error" role="alert" data-testid="export-error">
              <Icon name="alert-circle" size={16} /> {error}
            </div>
          )}
          {!results && !error && (
            <div className="panel-empty">
              <span className="panel-empty-icon">
                <Icon name="export" size={20} />
              </span>
              <div className="panel-empty-title">Choose targets and generate</div>
              <div className="panel-empty-text">
                Every file is previewed here with the fidelity of each rule before you download it.
              </div>
            </div>
          )}
          {results && (
            <>
              <div className="file-tabs" role="tablist">
                {results.flatMap((r) =>
                  r.files.map((f) => (
                    <button
                      key={`${r.target}/${f.path}`}
                      type="button"
                      role="tab"
                      aria-selected={active?.target === r.target && active.path === f.path}
                      className={`file-tab${active?.target === r.target && active.path === f.path ? ' is-active' : ''}`}
                      onClick={() => setActive({ target: r.target, path: f.path })}
                      data-testid={`export-file-${f.path}`}
                    >
                      <Icon name="file" size={13} />
                      {results.length > 1 && <span className="faint">{r.target}/</span>}
                      {f.path}
                    </button>
                  )),
                )}
              </div>
              <div className="export-preview">
                {activeFile && (
                  <ReadOnlyPreview path={activeFile.path} content={activeFile.content} />
                )}
              </div>
              {activeResult && (
                <div className="fidelity" data-testid="fidelity-list">
                  <div className="fidelity-head">
                    <span className="export-section-title">Fidelity · {activeResult.target}</span>
                    <span className="faint">{fidelitySummary(activeResult)}</span>
                  </div>
                  <div
                    className="fidelity-rows"
                    tabIndex={0}
                    role="group"
                    aria-label="Fidelity of each rule"
                  >
                    {activeResult.fidelity.map((f) => (
                      <div key={f.rule} className="fidelity-row" data-testid="fidelity-row">
                        <code>{f.rule}</code>
                        <span className={`pill pill-${FIDELITY_TONE[f.fidelity]}`}>
                          {f.fidelity}
                        </span>
                        <span className="fidelity-reason">{f.reason ?? ''}</span>
                      </div>
                    ))}
                  </div>
                </div>
              )}
            </>
          )}
        </div>
      </div>
      {failures && (
        <div
          className="export-failures"
          role="alertdialog"
          aria-label="Tests fail"
          data-testid="export-failures"
        >
          <div className="export-failures-title">
            <Icon name="alert-triangle" size={14} /> {failures.length} test
            {failures.length === 1 ? '' : 's'} of this project fail
            {failures.length === 1 ? 's' : ''}. Export anyway?
          </div>
          <ul className="export-failures-list">
            {failures.slice(0, FAILURES_SHOWN).map((f, i) => (
              <li key={i}>
                <code>{f}</code>
              </li>
            ))}
            {failures.length > FAILURES_SHOWN && (
              <li className="faint">and {failures.length - FAILURES_SHOWN} more</li>
            )}
          </ul>
          <div className="export-failures-actions">
            <button
              type="button"
              className="btn btn-outline"
              onClick={() => setFailures(null)}
              data-testid="export-failures-cancel"
            >
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => void save()}
              data-testid="export-anyway"
            >
              Export anyway
            </button>
          </div>
        </div>
      )}
      <div className="dialog-actions">
        <span className="faint dialog-actions-note">
          {results ? `${allFiles.length} file${allFiles.length === 1 ? '' : 's'}` : ''}
        </span>
        <button type="button" className="btn btn-outline" onClick={() => setDialog(null)}>
          Close
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={!results || allFiles.length === 0}
          onClick={() => void exportFiles()}
          data-testid="export-download"
        >
          <Icon name="download" /> {host.kind === 'desktop' ? 'Write to folder…' : 'Download'}
        </button>
      </div>
    </Dialog>
  );
}
