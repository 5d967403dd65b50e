/**
 * Quick fixes in the policy editor (Ctrl+. or the light bulb, as in VS Code): the
 * replacement a diagnostic carries ("did you mean …"), and "add an allow rule" on an
 * `expect allow` line the policy denies, which shows the rule before inserting it.
 */
import {
  buildExpectFlow,
  explainFlow,
  type Diagnostic,
  type Flow,
  type Range as EngineRange,
} from '../../simulator/index.js';
import type { ConfirmRequest } from '../shell/confirm.js';
import type { StudioStore } from '../store/studio-store.js';
import { detailsAreFor } from '../worker/analysis.js';
import { addAllowRule } from './add-allow-rule.js';
import { EGRESS_LANGUAGE_ID } from './egress-language.js';
import { monaco } from './monaco.js';

const ADD_ALLOW_RULE = 'egress.addAllowRule';
/** How long Ctrl+. on an `expect` line waits for the check of the text as it is now. */
const DETAILS_WAIT_MS = 5000;

let registered = false;
let confirmEdit: ((request: ConfirmRequest) => Promise<string>) | null = null;

function toMonacoRange(r: EngineRange): monaco.Range {
  return new monaco.Range(r.start.line, r.start.column, r.end.line, r.end.column);
}

/** The diagnostic a marker was made from (same code, same start). */
function diagnosticOf(
  marker: monaco.editor.IMarkerData,
  diagnostics: readonly Diagnostic[],
): Diagnostic | undefined {
  return diagnostics.find(
    (d) =>
      d.code === marker.code &&
      d.range?.start.line === marker.startLineNumber &&
      d.range.start.column === marker.startColumn,
  );
}

/** True when the store's checked model is that of `text` and the current topology. */
function checkedNow(store: StudioStore, text: string): boolean {
  const s = store.getState();
  return detailsAreFor(s.analysis, text, s.doc.history.present);
}

/**
 * Resolves once the store's analysis has the details (the checked model) of `text`, or after
 * DETAILS_WAIT_MS, or when cancelled. The previous text's model would point at the wrong lines.
 */
function detailsOf(
  store: StudioStore,
  text: string,
  token: monaco.CancellationToken,
): Promise<void> {
  if (checkedNow(store, text)) return Promise.resolve();
  return new Promise((resolve) => {
    const finish = (): void => {
      unsubscribe();
      clearTimeout(timer);
      cancelled.dispose();
      resolve();
    };
    const unsubscribe = store.subscribe(() => {
      if (checkedNow(store, text)) finish();
    });
    const timer = setTimeout(finish, DETAILS_WAIT_MS);
    const cancelled = token.onCancellationRequested(finish);
  });
}

/** True when a line of `range` is an `expect` statement. */
function expectationIn(model: monaco.editor.ITextModel, range: monaco.Range): boolean {
  for (let line = range.startLineNumber; line <= range.endLineNumber; line++) {
    if (/^\s*expect\b/.test(model.getLineContent(line))) return true;
  }
  return false;
}

/** Flows of the `expect allow` lines in `range` that the policy denies (not the guard). */
function deniedExpectations(store: StudioStore, range: monaco.Range): Flow[] {
  const { analysis, doc } = store.getState();
  const model = analysis?.model;
  if (!model) return [];
  const topology = doc.history.present;
  const flows: Flow[] = [];
  for (const e of model.expectations) {
    if (e.verdict !== 'allow' || e.by !== undefined) continue;
    if (e.range.start.line > range.endLineNumber || e.range.end.line < range.startLineNumber)
      continue;
    const build = buildExpectFlow(e.endpoint, e.target, e, topology);
    if (!build.ok) continue;
    const decided = explainFlow(model, topology, build.flow);
    if (decided.verdict.verdict === 'deny' && decided.decidedBy.kind !== 'inbound')
      flows.push(build.flow);
  }
  return flows;
}

/**
 * Registers the code actions once; `confirm` (the app's confirmation dialog) is kept up to
 * date on every call.
 */
export function registerQuickFixes(
  store: StudioStore,
  confirm: (request: ConfirmRequest) => Promise<string>,
): void {
  confirmEdit = confirm;
  if (registered) return;
  registered = true;
  monaco.editor.registerCommand(ADD_ALLOW_RULE, (_accessor: unknown, flow: Flow) => {
    if (confirmEdit) void addAllowRule(store, confirmEdit, flow);
  });
  monaco.languages.registerCodeActionProvider(
    EGRESS_LANGUAGE_ID,
    {
      provideCodeActions(model, range, context) {
        // Only the checked model of this very text: the previous one has the previous lines.
        const current = checkedNow(store, model.getValue());
        const diagnostics = store.getState().analysis?.policyDiagnostics ?? [];
        const actions: monaco.languages.CodeAction[] = [];
        for (const marker of context.markers) {
          const fix = diagnosticOf(marker, diagnostics)?.fix;
          if (!fix) continue;
          actions.push({
            title: fix.text === '' ? 'Remove' : `Change to "${fix.text}"`,
            kind: 'quickfix',
            diagnostics: [marker],
            isPreferred: true,
            edit: {
              edits: [
                {
                  resource: model.uri,
                  versionId: model.getVersionId(),
                  textEdit: { range: toMonacoRange(fix.range), text: fix.text },
                },
              ],
            },
          });
        }
        for (const flow of current ? deniedExpectations(store, range) : []) {
          actions.push({
            title: 'Add an allow rule for this flow…',
            kind: 'quickfix',
            command: { id: ADD_ALLOW_RULE, title: 'Add an allow rule', arguments: [flow] },
          });
        }
        return { actions, dispose() {} };
      },
    },
    { providedCodeActionKinds: ['quickfix'] },
  );
}

/**
 * Ctrl+. in `editor`: on an `expect` line typed a moment ago, waits for the checked model of
 * the text as it is before asking for the quick fixes, so that "add an allow rule" is there
 * (asking at once found the previous text's model, and "No code actions"). Monaco drops a
 * pending request when the markers change, so the wait happens before asking, not inside the
 * provider. Typing or moving the cursor meanwhile cancels it.
 */
export function waitForCheckOnQuickFix(
  editor: monaco.editor.IStandaloneCodeEditor,
  store: StudioStore,
): monaco.IDisposable {
  let pending: monaco.CancellationTokenSource | null = null;
  const cancel = (): void => {
    pending?.cancel();
    pending = null;
  };
  const subscriptions = [
    editor.onDidChangeModelContent(cancel),
    editor.onDidChangeCursorPosition(cancel),
    editor.onDidBlurEditorText(cancel),
  ];
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Period, () => {
    const model = editor.getModel();
    const selection = editor.getSelection();
    const ask = (): void => editor.trigger('keyboard', 'editor.action.quickFix', null);
    if (!model || !selection || !expectationIn(model, selection)) return ask();
    cancel();
    const source = new monaco.CancellationTokenSource();
    pending = source;
    void detailsOf(store, model.getValue(), source.token).then(() => {
      if (source.token.isCancellationRequested) return;
      pending = null;
      ask();
    });
  });
  return {
    dispose() {
      cancel();
      for (const s of subscriptions) s.dispose();
    },
  };
}
