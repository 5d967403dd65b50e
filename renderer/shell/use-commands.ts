/**
 * The project commands behind the header buttons and shortcuts: new, open, save,
 * simulate, export, format. They talk to the host and the engine and report to the user
 * through toasts; none of them loses unsaved work without asking.
 */
import { useMemo } from 'react';
import { activePolicyEditor } from '../editor/editor-bridge.js';
import {
  DEFAULT_POLICY_FILE,
  HostError,
  type OpenedProject,
  type ProjectFiles,
  type ProjectHandle,
} from '../host/project-host.js';
import { blankPolicy, blankTopology } from '../store/blank-project.js';
import { isDirty } from '../store/document.js';
import { decodeProject, encodeProject } from '../store/project-codec.js';
import { useStudioStore } from '../store/store-context.js';
import { useConfirm } from './confirm.js';
import { projectInput } from '../store/project-input.js';
import { useServices } from '../services/services.js';
import type { FlowRow, LogFile } from '../worker/protocol.js';

export interface Commands {
  newBlank(): Promise<void>;
  newFromTemplate(id: string): Promise<void>;
  open(): Promise<void>;
  openRecent(id: string): Promise<void>;
  save(): Promise<boolean>;
  simulate(): Promise<void>;
  openExport(): void;
  format(): Promise<void>;
  loadFlowFile(): Promise<void>;
  /** Simulates dropped or opened logs (several: companions joined) and shows the results. */
  simulateLogs(files: LogFile[]): Promise<void>;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function useCommands(): Commands {
  const store = useStudioStore();
  const { host, engine } = useServices();
  const confirm = useConfirm();

  return useMemo(() => {
    /** The run of dropped logs, its rows gathered from the worker's batches. */
    const runLogs = async (files: LogFile[]): Promise<void> => {
      const rows: FlowRow[] = [];
      store.getState().setLogProgress(0);
      try {
        const run = await engine.request(
          { type: 'simulate-logs', project: projectInput(store.getState()), files },
          (progress) => {
            for (const row of progress.rows) rows.push(row);
            store.getState().setLogProgress(progress.read);
          },
        );
        store.getState().setFlowRun({ ...run, rows: run.error === null ? rows : [] }, files);
      } finally {
        store.getState().setLogProgress(null);
      }
    };
    const load = (files: ProjectFiles, handle: ProjectHandle | null, saved: boolean): void => {
      const decoded = decodeProject(files);
      store.getState().loadDocument({
        projectName: files.name,
        policyFile: decoded.policyFile,
        topology: decoded.topology,
        policyText: decoded.policyText,
        flows: decoded.flows,
        hasTopology: decoded.hasTopology,
        handle,
        saved,
      });
      const errors = decoded.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) {
        store
          .getState()
          .toast(
            'error',
            `topology.yaml: ${errors[0]!.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`,
          );
      }
    };

    // The project opened without these files: say which and why, so nothing goes unnoticed.
    const reportSkipped = (opened: OpenedProject): void => {
      const warnings = opened.warnings ?? [];
      if (warnings.length === 0) return;
      const more = warnings.length > 1 ? ` (and ${warnings.length - 1} more)` : '';
      store.getState().toast('error', `Opened without a file: ${warnings[0]}${more}`);
    };

    const save = async (): Promise<boolean> => {
      const state = store.getState();
      try {
        const outcome = await host.saveProject(encodeProject(state.doc), state.doc.handle);
        if (outcome.status === 'cancelled') return false;
        store.getState().markSaved(outcome.status === 'written' ? outcome.handle : null);
        store
          .getState()
          .toast(
            'success',
            outcome.status === 'written'
              ? `Saved to ${outcome.location}`
              : `Downloaded ${outcome.location}`,
          );
        return true;
      } catch (e) {
        store.getState().toast('error', message(e));
        return false;
      }
    };

    /** True when it is fine to replace the open document. */
    const guard = async (): Promise<boolean> => {
      if (!isDirty(store.getState().doc)) return true;
      const choice = await confirm({
        title: 'Unsaved changes',
        message: `“${store.getState().doc.projectName}” has changes that are not saved. Save them before continuing?`,
        actions: [
          { id: 'cancel', label: 'Cancel' },
          { id: 'discard', label: 'Discard changes', tone: 'danger' },
          { id: 'save', label: 'Save', tone: 'primary' },
        ],
      });
      if (choice === 'save') return save();
      return choice === 'discard';
    };

    return {
      async newBlank() {
        if (!(await guard())) return;
        const name = 'untitled';
        // A blank project starts with two zones, as a topology the user can save.
        store.getState().loadDocument({
          projectName: name,
          policyFile: DEFAULT_POLICY_FILE,
          topology: blankTopology(name),
          policyText: blankPolicy(name),
          hasTopology: true,
          handle: null,
          saved: false,
        });
        store.getState().setDialog(null);
      },
      async newFromTemplate(id) {
        const files = host.loadTemplate(id);
        if (!files) {
          store.getState().toast('error', `No template called “${id}”.`);
          return;
        }
        if (!(await guard())) return;
        load(files, null, false);
        store.getState().setDialog(null);
      },
      async open() {
        if (!(await guard())) return;
        try {
          const opened = await host.openProject();
          if (!opened) return;
          load(opened.files, opened.handle, true);
          store.getState().toast('info', `Opened ${opened.files.name}`);
          reportSkipped(opened);
        } catch (e) {
          store
            .getState()
            .toast(
              'error',
              e instanceof HostError ? e.message : `Could not open the project: ${message(e)}`,
            );
        }
      },
      async openRecent(id) {
        if (!(await guard())) return;
        try {
          const opened = await host.openRecent(id);
          if (!opened) {
            store.getState().toast('error', `Could not reopen “${id}”: access was not granted.`);
            return;
          }
          load(opened.files, opened.handle, true);
          store.getState().setDialog(null);
          reportSkipped(opened);
        } catch (e) {
          store.getState().toast('error', message(e));
        }
      },
      save,
      async simulate() {
        const state = store.getState();
        state.setSimulating(true);
        state.setBottomTab('simulation');
        try {
          const report = await engine.request({ type: 'test', project: projectInput(state) });
          store.getState().setTests(report);
          const logs = store.getState().logFiles;
          const flow = store.getState().doc.flows[0];
          if (logs) await runLogs(logs);
          else if (flow) {
            const run = await engine.request({
              type: 'simulate-flows',
              project: projectInput(store.getState()),
              file: flow,
            });
            store.getState().setFlowRun(run);
          }
        } catch (e) {
          store.getState().toast('error', `Simulation failed: ${message(e)}`);
        } finally {
          store.getState().setSimulating(false);
        }
      },
      openExport() {
        store.getState().setDialog('export');
      },
      async format() {
        const editor = activePolicyEditor();
        if (editor) {
          await editor.getAction('editor.action.formatDocument')?.run();
          return;
        }
        try {
          const result = await engine.request({
            type: 'format',
            text: store.getState().doc.policyText,
          });
          if (result.changed) store.getState().setPolicyText(result.text);
        } catch (e) {
          store.getState().toast('error', `Format failed: ${message(e)}`);
        }
      },
      async loadFlowFile() {
        try {
          const file = await host.openTextFile(['csv', 'jsonl', 'log', 'txt']);
          if (!file) return;
          const state = store.getState();
          state.setSimulating(true);
          const run = await engine.request({
            type: 'simulate-flows',
            project: projectInput(state),
            file,
          });
          store.getState().setFlowRun(run);
          store.getState().setBottomTab('simulation');
        } catch (e) {
          store.getState().toast('error', `Could not simulate the flow file: ${message(e)}`);
        } finally {
          store.getState().setSimulating(false);
        }
      },
      async simulateLogs(files) {
        if (files.length === 0) return;
        const state = store.getState();
        state.setSimulating(true);
        state.setBottomTab('simulation');
        try {
          await runLogs(files);
        } catch (e) {
          store.getState().toast('error', `Could not simulate the logs: ${message(e)}`);
        } finally {
          store.getState().setSimulating(false);
        }
      },
    };
  }, [store, host, engine, confirm]);
}
