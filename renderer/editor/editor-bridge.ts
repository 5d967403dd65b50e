/**
 * Lets commands outside the editor component (Format, shortcuts, e2e tests) reach the live
 * editor without threading refs through the component tree.
 */
import type { monaco } from './monaco.js';

let active: monaco.editor.IStandaloneCodeEditor | null = null;

export function setActivePolicyEditor(editor: monaco.editor.IStandaloneCodeEditor | null): void {
  active = editor;
}

export function activePolicyEditor(): monaco.editor.IStandaloneCodeEditor | null {
  return active;
}
