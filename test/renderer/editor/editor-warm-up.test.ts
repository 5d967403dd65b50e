/** The editor warm-up's rounds: type, mark, delete, clear, always at the same place. */
import { describe, expect, it } from 'vitest';
import { editorWarmUpSteps } from '../../../renderer/editor/warm-up-steps.js';

describe('editorWarmUpSteps', () => {
  it('types a character, marks it, deletes it and clears the mark, once per round', () => {
    const calls: string[] = [];
    const editor = {
      setPosition: (p: { lineNumber: number; column: number }) =>
        void calls.push(`at ${p.lineNumber}:${p.column}`),
      trigger: (_source: string, command: string, args: unknown) =>
        void calls.push(`${command} ${JSON.stringify(args)}`),
    };
    const steps = editorWarmUpSteps(editor as never, (on) => void calls.push(`mark ${on}`), 2);
    expect(steps).toHaveLength(8);
    for (const step of steps) step();
    const round = ['at 4:1', 'type {"text":"x"}', 'mark true', 'deleteLeft null', 'mark false'];
    expect(calls).toEqual([...round, ...round]);
  });
});
