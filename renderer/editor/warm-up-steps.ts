/** The editor warm-up's steps (editor-warm-up.ts), apart from Monaco so tests can run them. */
import type { monaco } from './monaco.js';

/** Rounds of type, mark, delete, clear (three were too few: editor-warm-up.ts). */
export const EDITOR_WARM_UP_ROUNDS = 10;

/** The steps of one warm-up, run one per frame; exported for the unit test. */
export function editorWarmUpSteps(
  editor: Pick<monaco.editor.IStandaloneCodeEditor, 'setPosition' | 'trigger'>,
  mark: (on: boolean) => void,
  rounds = EDITOR_WARM_UP_ROUNDS,
): (() => void)[] {
  const steps: (() => void)[] = [];
  for (let round = 0; round < rounds; round++) {
    steps.push(
      () => {
        editor.setPosition({ lineNumber: 4, column: 1 });
        editor.trigger('warm-up', 'type', { text: 'x' });
      },
      () => mark(true),
      () => editor.trigger('warm-up', 'deleteLeft', null),
      () => mark(false),
    );
  }
  return steps;
}
