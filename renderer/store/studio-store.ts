/**
 * The app's state: the open document, the canvas selection, engine results and which
 * panel shows what. One store per app instance (created in app.tsx, passed by context), so
 * tests and a future multi-window desktop app get independent stores.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Action, Explanation, Flow, Topology } from '../../simulator/index.js';
import type { ProjectHandle } from '../host/project-host.js';
import { copySelection, pasteChange, type ClipboardPayload } from '../model/clipboard.js';
import { canRedo, canUndo, redo, seal, undo } from '../model/history.js';
import { EMPTY_SELECTION, applySelectChanges, type Selection } from '../model/selection.js';
import type { TopologyChange } from '../model/topology-changes.js';
import type { TestReport } from '../../simulator/index.js';
import type { Analysis, FlowRun, LogFile } from '../worker/protocol.js';
import {
  applyChangeToDocument,
  createDocument,
  isDirty,
  markSaved,
  type ProjectDocument,
} from './document.js';
import { pruneSelection } from './prune-selection.js';

export type BottomTab = 'problems' | 'simulation' | 'explain' | 'learn' | 'audit' | 'changes';

/** A row of the simulation results that the user selected. */
export interface ResultFocus {
  key: string;
  flow: Flow | null;
  rule: string | null;
  /** The topology edge the result is about, when it is an edge-conformance result. */
  edge: number | null;
  /** What the policy decided for this row's flow (null when it could not be decided). */
  verdict: Action | null;
}

export interface Toast {
  id: number;
  tone: 'info' | 'success' | 'error';
  message: string;
}

export interface StudioState {
  doc: ProjectDocument;
  selection: Selection;
  clipboard: ClipboardPayload | null;
  pasteCount: number;
  /** A connection drawn on the canvas that waits for its service. */
  pendingConnection: { from: string; to: string } | null;
  analysis: Analysis | null;
  analyzing: boolean;
  tests: TestReport | null;
  flowRun: FlowRun | null;
  /** The dropped logs the shown flow run was read from: a re-run reads them again. */
  logFiles: LogFile[] | null;
  /** Flows read so far while dropped logs are simulated; null when none are being read. */
  logProgress: number | null;
  /**
   * The policy changed since the shown results were computed: they stay visible, marked out
   * of date, until the next simulation; the selected result and its explanation are dropped
   * because their rule ranges and verdicts may no longer hold.
   */
  resultsStale: boolean;
  /** Whether the canvas shows its minimap (it covers a corner, so it can be hidden). */
  minimap: boolean;
  simulating: boolean;
  focus: ResultFocus | null;
  explanation: Explanation | null;
  bottomTab: BottomTab;
  dialog: 'help' | 'export' | 'new' | 'command-palette' | null;
  toasts: Toast[];
  /** A location in the policy the editor should reveal (bumped `seq` re-triggers). */
  reveal: { line: number; column: number; endLine: number; endColumn: number; seq: number } | null;
}

export interface StudioActions {
  loadDocument(init: Parameters<typeof createDocument>[0]): void;
  dispatch(change: TopologyChange, coalesceKey?: string | null): void;
  /** Ends a coalesced burst (a drag, an inspector field losing focus). */
  sealHistory(): void;
  undo(): void;
  redo(): void;
  setPolicyText(text: string): void;
  select(selection: Selection): void;
  applySelectChanges(changes: { id: string; selected: boolean }[]): void;
  copy(): boolean;
  paste(): void;
  deleteSelection(): void;
  requestConnection(from: string, to: string): void;
  cancelConnection(): void;
  markSaved(handle: ProjectHandle | null): void;
  setAnalysis(analysis: Analysis | null, analyzing: boolean): void;
  setTests(report: TestReport | null): void;
  /** `logFiles`: the dropped logs the run was read from (none for a project's flow file). */
  setFlowRun(run: FlowRun | null, logFiles?: LogFile[] | null): void;
  setLogProgress(read: number | null): void;
  setSimulating(on: boolean): void;
  setFocus(focus: ResultFocus | null): void;
  setMinimap(shown: boolean): void;
  setExplanation(e: Explanation | null): void;
  setBottomTab(tab: BottomTab): void;
  setDialog(dialog: StudioState['dialog']): void;
  toast(tone: Toast['tone'], message: string): void;
  dismissToast(id: number): void;
  revealInPolicy(range: { line: number; column: number; endLine: number; endColumn: number }): void;
}

export type StudioStore = StoreApi<StudioState & StudioActions>;

let nextToastId = 1;

export function createStudioStore(initial: Parameters<typeof createDocument>[0]): StudioStore {
  return createStore<StudioState & StudioActions>()((set, get) => {
    const withTopology = (doc: ProjectDocument): Partial<StudioState> => {
      // Results computed for another topology would colour the wrong edges.
      const topologyChanged = doc.history.present !== get().doc.history.present;
      return {
        doc,
        selection: pruneSelection(get().selection, doc.history.present),
        ...(topologyChanged
          ? {
              tests: null,
              focus: null,
              explanation: null,
              resultsStale: get().flowRun !== null,
            }
          : {}),
      };
    };
    return {
      doc: createDocument(initial),
      selection: EMPTY_SELECTION,
      clipboard: null,
      pasteCount: 0,
      pendingConnection: null,
      analysis: null,
      analyzing: false,
      tests: null,
      flowRun: null,
      logFiles: null,
      logProgress: null,
      resultsStale: false,
      minimap: true,
      simulating: false,
      focus: null,
      explanation: null,
      bottomTab: 'problems',
      dialog: null,
      toasts: [],
      reveal: null,

      loadDocument(init) {
        set({
          doc: createDocument(init),
          selection: EMPTY_SELECTION,
          pendingConnection: null,
          analysis: null,
          tests: null,
          flowRun: null,
          logFiles: null,
          resultsStale: false,
          focus: null,
          explanation: null,
          reveal: null,
        });
      },
      dispatch(change, coalesceKey = null) {
        const doc = applyChangeToDocument(get().doc, change, coalesceKey);
        if (doc !== get().doc) set(withTopology(doc));
      },
      sealHistory() {
        const d = get().doc;
        const history = seal(d.history);
        if (history !== d.history) set({ doc: { ...d, history } });
      },
      undo() {
        const d = get().doc;
        if (canUndo(d.history)) set(withTopology({ ...d, history: undo(d.history) }));
      },
      redo() {
        const d = get().doc;
        if (canRedo(d.history)) set(withTopology({ ...d, history: redo(d.history) }));
      },
      setPolicyText(text) {
        const d = get().doc;
        if (text === d.policyText) return;
        const { tests, flowRun } = get();
        set({
          doc: { ...d, policyText: text },
          focus: null,
          explanation: null,
          ...(tests || flowRun ? { resultsStale: true } : {}),
        });
      },
      select(selection) {
        set({ selection });
      },
      applySelectChanges(changes) {
        const selection = applySelectChanges(get().selection, changes);
        if (selection !== get().selection) set({ selection });
      },
      copy() {
        const payload = copySelection(get().doc.history.present, get().selection);
        if (payload) set({ clipboard: payload, pasteCount: 0 });
        return payload !== null;
      },
      paste() {
        const { clipboard, pasteCount } = get();
        if (!clipboard) return;
        const { change, nodeIds } = pasteChange(
          get().doc.history.present,
          clipboard,
          pasteCount + 1,
        );
        get().dispatch(change);
        set({ pasteCount: pasteCount + 1, selection: { nodes: nodeIds, edges: [], zones: [] } });
      },
      deleteSelection() {
        const s = get().selection;
        if (s.nodes.length + s.edges.length + s.zones.length === 0) return;
        get().dispatch({ type: 'remove', nodes: s.nodes, edges: s.edges, zones: s.zones });
        set({ selection: EMPTY_SELECTION });
      },
      requestConnection(from, to) {
        set({ pendingConnection: { from, to } });
      },
      cancelConnection() {
        set({ pendingConnection: null });
      },
      markSaved(handle) {
        set({ doc: markSaved(get().doc, handle) });
      },
      setAnalysis(analysis, analyzing) {
        set({ analysis, analyzing });
      },
      setTests(tests) {
        // A simulation runs the tests and then the flows: fresh tests mean fresh results.
        set({ tests, ...(tests ? { resultsStale: false } : {}) });
      },
      setFlowRun(flowRun, logFiles = null) {
        set({
          flowRun,
          logFiles,
          ...(flowRun && !get().tests ? { resultsStale: false } : {}),
        });
      },
      setLogProgress(logProgress) {
        set({ logProgress });
      },
      setSimulating(simulating) {
        set({ simulating });
      },
      setFocus(focus) {
        set({ focus });
      },
      setMinimap(minimap) {
        set({ minimap });
      },
      setExplanation(explanation) {
        set({ explanation });
      },
      setBottomTab(bottomTab) {
        set({ bottomTab });
      },
      setDialog(dialog) {
        set({ dialog });
      },
      toast(tone, message) {
        const id = nextToastId++;
        set({ toasts: [...get().toasts.slice(-3), { id, tone, message }] });
      },
      dismissToast(id) {
        set({ toasts: get().toasts.filter((t) => t.id !== id) });
      },
      revealInPolicy(range) {
        set({ reveal: { ...range, seq: (get().reveal?.seq ?? 0) + 1 } });
      },
    };
  });
}

export const selectDirty = (s: StudioState): boolean => isDirty(s.doc);
export const selectTopology = (s: StudioState): Topology => s.doc.history.present;
