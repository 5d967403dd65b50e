/**
 * The policy editor. Monaco owns the text while the user types; every change is copied to
 * the store (which debounces the engine), and engine diagnostics come back as markers,
 * converted once at the boundary (model/markers.ts).
 */
import { useEffect, useRef } from 'react';
import { useServices } from '../services/services.js';
import { diagnosticsToMarkers, MARKER_SEVERITY } from '../model/markers.js';
import { useStudio, useStudioStore } from '../store/store-context.js';
import { EGRESS_LANGUAGE_ID } from './egress-language.js';
import { registerFindingActions } from './finding-actions.js';
import { registerLanguageFeatures } from './language-features.js';
import { registerQuickFixes, waitForCheckOnQuickFix } from './quick-fixes.js';
import { useConfirm } from '../shell/confirm.js';
import { monaco } from './monaco.js';
import { registerEgressLanguage, systemTheme } from './register-language.js';
import { setActivePolicyEditor } from './editor-bridge.js';
import { warmUpEditor } from './editor-warm-up.js';

const MONACO_SEVERITY: Record<number, monaco.MarkerSeverity> = {
  [MARKER_SEVERITY.Hint]: monaco.MarkerSeverity.Hint,
  [MARKER_SEVERITY.Info]: monaco.MarkerSeverity.Info,
  [MARKER_SEVERITY.Warning]: monaco.MarkerSeverity.Warning,
  [MARKER_SEVERITY.Error]: monaco.MarkerSeverity.Error,
};

const MARKER_OWNER = 'egress';

const EDITOR_OPTIONS: monaco.editor.IStandaloneEditorConstructionOptions = {
  automaticLayout: true,
  fontFamily:
    "'JetBrains Mono', 'SF Mono', 'Cascadia Code', Menlo, Consolas, 'Liberation Mono', monospace",
  fontSize: 13,
  lineHeight: 20,
  // Off: Monaco's own worker would scan the whole policy for colours and minimap section
  // headers after every keystroke, competing with the engine worker for the CPU while
  // the diagnostics of that keystroke are being computed (bench/ui.ts).
  minimap: { enabled: false, showMarkSectionHeaders: false, showRegionSectionHeaders: false },
  colorDecorators: false,
  defaultColorDecorators: 'never',
  // Off as well: passes that ran on every keystroke for nothing. No inline completion
  // provider is registered, yet the inline-suggestion controller took 30–45 ms of the first
  // keystroke after opening (Chromium trace); the policy has no links to detect; words of the
  // text are no completions (the language's own provider knows every name).
  links: false,
  wordBasedSuggestions: 'off',
  inlineSuggest: { enabled: false },
  // The language has no brackets, yet bracket pair colourisation parsed the whole policy
  // into its bracket tree in the first render after an edit (7 ms of the first keystroke).
  bracketPairColorization: { enabled: false },
  matchBrackets: 'never',
  scrollBeyondLastLine: false,
  renderLineHighlight: 'line',
  padding: { top: 10, bottom: 10 },
  tabSize: 2,
  insertSpaces: true,
  glyphMargin: false,
  folding: false,
  lineNumbersMinChars: 3,
  lineDecorationsWidth: 10,
  overviewRulerBorder: false,
  hideCursorInOverviewRuler: true,
  fixedOverflowWidgets: true,
  smoothScrolling: true,
  // Glides on clicks and arrow keys, not on typing: no CSS transition starts in the frame of
  // every typed character (small in traces, but work in each keystroke's frame).
  cursorSmoothCaretAnimation: 'explicit',
  scrollbar: { verticalScrollbarSize: 10, horizontalScrollbarSize: 10, useShadows: false },
  guides: { indentation: false },
  stickyScroll: { enabled: false },
  ariaLabel: 'Policy editor',
};

export function PolicyEditor() {
  const store = useStudioStore();
  const { engine } = useServices();
  const confirm = useConfirm();
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const documentId = useStudio((s) => s.doc.documentId);
  const diagnostics = useStudio((s) => s.analysis?.policyDiagnostics);
  const reveal = useStudio((s) => s.reveal);
  const focusRule = useStudio((s) => s.focus?.rule ?? null);
  // The analysis, not its model: reading the model parses it, which only a focus needs.
  const analysis = useStudio((s) => s.analysis);
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);

  useEffect(() => registerQuickFixes(store, confirm), [store, confirm]);

  // Create the editor once.
  useEffect(() => {
    registerEgressLanguage();
    registerLanguageFeatures(store, engine);
    registerFindingActions();
    const el = host.current!;
    const state = store.getState();
    const textModel = monaco.editor.createModel(state.doc.policyText, EGRESS_LANGUAGE_ID);
    const editor = monaco.editor.create(el, {
      ...EDITOR_OPTIONS,
      model: textModel,
      theme: systemTheme(),
    });
    const stopWarmUp = warmUpEditor(EDITOR_OPTIONS);
    editorRef.current = editor;
    decorations.current = editor.createDecorationsCollection();
    setActivePolicyEditor(editor);
    const quickFixWait = waitForCheckOnQuickFix(editor, store);
    const sub = textModel.onDidChangeContent(() => {
      store.getState().setPolicyText(textModel.getValue());
    });
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const onScheme = (): void => monaco.editor.setTheme(systemTheme());
    media.addEventListener('change', onScheme);
    return () => {
      stopWarmUp();
      media.removeEventListener('change', onScheme);
      sub.dispose();
      quickFixWait.dispose();
      setActivePolicyEditor(null);
      editor.dispose();
      textModel.dispose();
      editorRef.current = null;
    };
  }, [store, engine]);

  // A different document was loaded: replace the text (and its undo stack).
  useEffect(() => {
    const editor = editorRef.current;
    const textModel = editor?.getModel();
    if (!editor || !textModel) return;
    const text = store.getState().doc.policyText;
    if (textModel.getValue() !== text) textModel.setValue(text);
    monaco.editor.setModelMarkers(textModel, MARKER_OWNER, []);
    editor.setScrollTop(0);
  }, [documentId, store]);

  // Text replaced from outside the editor (Format): keep it undoable in the editor.
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.doc.policyText === prev.doc.policyText || s.doc.documentId !== prev.doc.documentId)
          return;
        const textModel = editorRef.current?.getModel();
        if (!textModel || textModel.getValue() === s.doc.policyText) return;
        editorRef.current!.pushUndoStop();
        textModel.pushEditOperations(
          [],
          [{ range: textModel.getFullModelRange(), text: s.doc.policyText }],
          () => null,
        );
        editorRef.current!.pushUndoStop();
      }),
    [store],
  );

  useEffect(() => {
    const textModel = editorRef.current?.getModel();
    if (!textModel) return;
    const markers = diagnosticsToMarkers(diagnostics ?? []).map((m) => ({
      ...m,
      severity: MONACO_SEVERITY[m.severity]!,
    }));
    monaco.editor.setModelMarkers(textModel, MARKER_OWNER, markers);
  }, [diagnostics]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !reveal) return;
    const range = new monaco.Range(reveal.line, reveal.column, reveal.endLine, reveal.endColumn);
    editor.revealRangeInCenterIfOutsideViewport(range, monaco.editor.ScrollType.Smooth);
    editor.setSelection(range);
    editor.focus();
  }, [reveal]);

  // The rule that decided the selected result is highlighted in the editor.
  useEffect(() => {
    const rule = focusRule ? analysis?.model?.rules.find((r) => r.id === focusRule) : undefined;
    const editor = editorRef.current;
    if (!editor || !decorations.current) return;
    if (!rule) {
      decorations.current.clear();
      return;
    }
    const r = rule.range;
    // The range ends after the rule's last character; at column 1 that is the next line.
    const lastLine = r.end.column === 1 && r.end.line > r.start.line ? r.end.line - 1 : r.end.line;
    decorations.current.set([
      {
        range: new monaco.Range(r.start.line, 1, lastLine, 1),
        options: {
          isWholeLine: true,
          className: `deciding-rule deciding-rule-${rule.action}`,
          linesDecorationsClassName: `deciding-rule-gutter deciding-rule-gutter-${rule.action}`,
        },
      },
    ]);
    editor.revealLinesInCenterIfOutsideViewport(
      r.start.line,
      lastLine,
      monaco.editor.ScrollType.Smooth,
    );
  }, [focusRule, analysis]);

  return <div className="policy-editor" ref={host} data-testid="policy-editor" />;
}
