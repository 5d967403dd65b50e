/**
 * The live configuration beside the policy editor: the selected target's generated file as
 * the policy is now, each rule's fidelity at the head of its lines, and a click on a generated
 * line (or Enter on a rule's badge) selects the rule that wrote it in the editor.
 */
import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import { rulesOfLines, type ExportFile, type FidelityEntry } from '../../simulator/index.js';
import { useServices } from '../services/services.js';
import { FIDELITY_TONE, fidelitySummary } from '../export/fidelity-tone.js';
import { Icon } from '../icons/ui-icons.js';
import { useStudioStore } from '../store/store-context.js';
import type { ExporterInfo } from '../worker/protocol.js';
import { useLiveExport } from './use-live-export.js';

const TARGET_KEY = 'egress-studio.config-target';

/** Lines drawn at most; a longer file is shown in the export dialog. */
export const LINES_SHOWN = 3000;

function storedTarget(): string | null {
  try {
    return localStorage.getItem(TARGET_KEY);
  } catch {
    return null;
  }
}

function storeTarget(target: string): void {
  try {
    localStorage.setItem(TARGET_KEY, target);
  } catch {
    // Storage can be unavailable (private mode); the choice then lasts for the session.
  }
}

export function ConfigPane({ onClose }: { onClose: () => void }) {
  const { engine } = useServices();
  const [exporters, setExporters] = useState<ExporterInfo[] | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [path, setPath] = useState<string | null>(null);
  useEffect(() => {
    void engine.request({ type: 'list-exporters' }).then(
      (list) => {
        setExporters(list);
        const wanted = storedTarget();
        setTarget(list.find((e) => e.target === wanted)?.target ?? list[0]?.target ?? null);
      },
      () => setExporters([]),
    );
  }, [engine]);
  const live = useLiveExport(target);
  const files = live.result?.files ?? [];
  const file = files.find((f) => f.path === path) ?? files[0] ?? null;

  return (
    <section className="config-pane" aria-label="Live configuration" data-testid="config-pane">
      <div className="panel-header">
        <Icon name="file" size={14} className="panel-header-icon" />
        <span className="panel-title">Configuration</span>
        <select
          className="config-select"
          aria-label="Target"
          value={target ?? ''}
          onChange={(e) => {
            setTarget(e.target.value);
            setPath(null);
            storeTarget(e.target.value);
          }}
          data-testid="config-target"
        >
          {(exporters ?? []).map((e) => (
            <option key={e.target} value={e.target} title={e.description}>
              {e.target}
            </option>
          ))}
        </select>
        {files.length > 1 && (
          <select
            className="config-select"
            aria-label="File"
            value={file?.path ?? ''}
            onChange={(e) => setPath(e.target.value)}
            data-testid="config-file"
          >
            {files.map((f) => (
              <option key={f.path} value={f.path}>
                {f.path}
              </option>
            ))}
          </select>
        )}
        <div className="panel-header-spacer" />
        <button
          type="button"
          className="btn btn-icon btn-sm"
          onClick={onClose}
          aria-label="Hide the configuration"
          title="Hide the configuration"
          data-testid="config-close"
        >
          <Icon name="x" size={13} />
        </button>
      </div>
      <div className="config-status" data-testid="config-status" aria-live="polite">
        {live.problem ? (
          <span className="status-error">{live.problem}</span>
        ) : live.stale ? (
          <span className="faint">Updating…</span>
        ) : live.result ? (
          <span className="faint">{fidelitySummary(live.result)}</span>
        ) : (
          <span className="faint">Generating…</span>
        )}
      </div>
      {file && live.result && (
        <GeneratedLines
          file={file}
          fidelity={live.result.fidelity}
          stale={live.stale || live.problem !== null}
        />
      )}
    </section>
  );
}

function GeneratedLines({
  file,
  fidelity,
  stale,
}: {
  file: ExportFile;
  fidelity: readonly FidelityEntry[];
  stale: boolean;
}) {
  const store = useStudioStore();
  const lines = useMemo(() => file.content.replace(/\n$/, '').split('\n'), [file.content]);
  const byRule = useMemo(() => new Map(fidelity.map((f) => [f.rule, f])), [fidelity]);
  const rules = useMemo(
    () =>
      rulesOfLines(
        file.content,
        fidelity.map((f) => f.rule).filter((r) => r !== 'default'),
      ),
    [file.content, fidelity],
  );
  const goToRule = (id: string): void => {
    const rule = store.getState().analysis?.model?.rules.find((r) => r.id === id);
    if (!rule) return;
    const { start, end } = rule.range;
    store.getState().revealInPolicy({
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
    });
  };
  const shown = lines.slice(0, LINES_SHOWN);
  return (
    <div
      className={`config-code${stale ? ' is-stale' : ''}`}
      tabIndex={0}
      role="region"
      aria-label={`Generated ${file.path}`}
      data-testid="config-code"
    >
      {shown.map((text, i) => {
        const rule = rules[i] ?? null;
        const first = rule !== null && rules[i - 1] !== rule;
        const grade = rule !== null ? byRule.get(rule) : undefined;
        return (
          <div
            key={i}
            className={`config-line${rule ? ' has-rule' : ''}`}
            data-rule={rule ?? undefined}
            style={
              grade
                ? ({ '--rail': `var(--${FIDELITY_TONE[grade.fidelity]})` } as CSSProperties)
                : undefined
            }
            title={rule ? `Line ${i + 1}: rule ${rule} (click to select it)` : undefined}
            onClick={rule ? () => goToRule(rule) : undefined}
            data-testid="config-line"
          >
            <span className="config-line-number" aria-hidden="true">
              {i + 1}
            </span>
            <span className="config-line-badge">
              {first && grade && (
                <button
                  type="button"
                  className={`pill pill-${FIDELITY_TONE[grade.fidelity]}`}
                  title={`${rule}: ${grade.fidelity}${grade.reason ? ` — ${grade.reason}` : ''}`}
                  aria-label={`Rule ${rule}, ${grade.fidelity}: select it in the editor`}
                  onClick={(e) => {
                    e.stopPropagation();
                    goToRule(rule);
                  }}
                  data-testid="config-badge"
                >
                  {grade.fidelity}
                </button>
              )}
            </span>
            <span className="config-line-text">{text}</span>
          </div>
        );
      })}
      {lines.length > shown.length && (
        <div className="config-more faint">
          {lines.length - shown.length} more lines: open Export to see the whole file.
        </div>
      )}
    </div>
  );
}
