/**
 * Monaco, bundled: the editor core and its features from node_modules, and its worker
 * through Vite's `?worker` import; no CDN.
 */
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/register.all';
// Only the languages of exported files are bundled, for the export preview.
import 'monaco-editor/languages/definitions/yaml/register';
import 'monaco-editor/languages/definitions/hcl/register';
import 'monaco-editor/languages/definitions/markdown/register';
import 'monaco-editor/languages/definitions/shell/register';

self.MonacoEnvironment = {
  getWorker() {
    return new EditorWorker();
  },
};

export { monaco };
