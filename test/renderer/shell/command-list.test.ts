import { describe, expect, it } from 'vitest';
import { commandEntries, filterCommands } from '../../../renderer/shell/command-list.js';
import { SHORTCUTS, type ShortcutId } from '../../../renderer/shell/shortcuts.js';

const all = new Set(SHORTCUTS.map((s) => s.id));

describe('command palette list', () => {
  it('lists every runnable command once, alternative keys joined, editor-owned keys left out', () => {
    const entries = commandEntries(all);
    const labels = entries.map((e) => e.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(entries.find((e) => e.id === 'redo')?.keys).toEqual(['Mod+Shift+Z', 'Mod+Y']);
    expect(entries.find((e) => e.id === 'command-palette')?.keys).toEqual(['Mod+Shift+P', 'F1']);
    expect(entries.some((e) => e.id === 'tab-focus')).toBe(false);
    for (const s of SHORTCUTS.filter((x) => !x.hidden && !x.editorOwned))
      expect(labels).toContain(s.label);
  });

  it('leaves out commands the app cannot run now', () => {
    const some = new Set<ShortcutId>(['save', 'simulate']);
    expect(commandEntries(some).map((e) => e.id)).toEqual(['save', 'simulate']);
  });

  it('filters by every word of the query, word starts first', () => {
    const entries = commandEntries(all);
    expect(filterCommands(entries, 'sim').map((e) => e.id)).toEqual(['simulate']);
    expect(filterCommands(entries, 'proj sa').map((e) => e.id)).toEqual(['save']);
    expect(filterCommands(entries, 'zzz')).toEqual([]);
    expect(filterCommands(entries, '')).toEqual(entries);
    // "Format policy" starts with "f"; "Fit view" too; "Duplicate"... does not match "fo".
    expect(filterCommands(entries, 'fo')[0]?.id).toBe('format');
  });
});
