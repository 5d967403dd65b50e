/**
 * Monaco's first edit in a page is several times slower than the next ones: its typing,
 * cursor, view and decoration code runs for the first time and V8 has not optimised it yet.
 * In the benchmark (bench/ui.ts) the first keystroke after opening a 2,000-line policy took
 * 110–170 ms to show its diagnostic where later keystrokes took 30–60 ms, and typing a few
 * keys in another policy first brought it to 63–64 ms in two runs of three.
 *
 * So once the app is idle after starting, an editor outside the window types into a scratch
 * policy of 400 lines, shows and clears an error marker, ten rounds (one step a frame), and
 * is disposed. It never holds the user's text, never takes focus and is hidden from
 * assistive technology. With three rounds in six lines, the first real keystroke still
 * stopped for 12 ms while V8 optimised Monaco's typing code (Chromium trace).
 */
import { whenIdle } from '../services/when-idle.js';
import { EGRESS_LANGUAGE_ID } from './egress-language.js';
import { monaco } from './monaco.js';
import { editorWarmUpSteps } from './warm-up-steps.js';

/** 400 lines of rules, typed into at line 4, as in a long policy. */
const SCRATCH = [
  'policy warm-up',
  '',
  'hosts pypi = pypi.org, files.pythonhosted.org',
  ...Array.from({ length: 400 }, (_, i) => `allow r${i} from role:trainer to pypi on tcp/443`),
  '',
].join('\n');

/**
 * A model whose text is replaced and an editor that are both disposed at once, before the
 * warm-up proper: replacing a model's text and disposing write fields that V8 had taken for
 * constants, and every function optimised on that assumption is thrown away when it happens
 * (Chromium's --trace-deopt: "dependent field type constness changed", dozens of Monaco's
 * text model and view functions when the warm-up editor was disposed). Done first, the code
 * the warm-up optimises stays optimised.
 */
function generaliseFields(
  host: HTMLElement,
  options: monaco.editor.IStandaloneEditorConstructionOptions,
): void {
  const model = monaco.editor.createModel('policy a\n', EGRESS_LANGUAGE_ID);
  model.setValue('policy b\n');
  const editor = monaco.editor.create(host, { ...options, model });
  editor.dispose();
  model.dispose();
}

/**
 * Starts the warm-up when the UI is next idle, with the real editor's options. Returns a
 * function that stops it (and disposes what it made) if it is still running.
 */
export function warmUpEditor(
  options: monaco.editor.IStandaloneEditorConstructionOptions,
): () => void {
  let stopped = false;
  let dispose = (): void => undefined;
  const start = (): void => {
    if (stopped) return;
    const host = document.createElement('div');
    host.setAttribute('aria-hidden', 'true');
    host.inert = true;
    host.style.cssText = 'position:fixed;left:-10000px;top:0;width:640px;height:240px;';
    document.body.append(host);
    const warmUpOptions = { ...options, automaticLayout: false, ariaLabel: 'Editor warm-up' };
    generaliseFields(host, warmUpOptions);
    const model = monaco.editor.createModel(SCRATCH, EGRESS_LANGUAGE_ID);
    const editor = monaco.editor.create(host, { ...warmUpOptions, model });
    dispose = () => {
      editor.dispose();
      model.dispose();
      host.remove();
    };
    const mark = (on: boolean): void => {
      const error = {
        severity: monaco.MarkerSeverity.Error,
        message: 'warm-up',
        startLineNumber: 4,
        startColumn: 1,
        endLineNumber: 4,
        endColumn: 7,
      };
      monaco.editor.setModelMarkers(model, 'warm-up', on ? [error] : []);
    };
    const steps = editorWarmUpSteps(editor, mark);
    const next = (): void => {
      if (stopped) return;
      const step = steps.shift();
      if (step === undefined) {
        stopped = true;
        dispose();
        return;
      }
      step();
      requestAnimationFrame(next);
    };
    requestAnimationFrame(next);
  };
  whenIdle(start, 2000);
  return () => {
    if (stopped) return;
    stopped = true;
    dispose();
  };
}
