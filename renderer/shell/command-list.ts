/**
 * The command palette's list: every command of the shortcut registry that the app can run
 * now, with its keys, filtered by what the user types (each word of the query must start a
 * word of the label, or appear in it, as in VS Code's palette).
 */
import { SHORTCUTS, type Shortcut, type ShortcutId } from './shortcuts.js';

export interface CommandEntry {
  id: ShortcutId;
  label: string;
  group: Shortcut['group'];
  /** Every binding of the command, the listed one first (`Mod+Shift+P`, `F1`). */
  keys: string[];
}

/** One entry per command (alternative bindings joined), in registry order. */
export function commandEntries(runnable: ReadonlySet<ShortcutId>): CommandEntry[] {
  const entries: CommandEntry[] = [];
  for (const s of SHORTCUTS) {
    if (s.editorOwned || !runnable.has(s.id)) continue;
    const same = entries.find((e) => e.label === s.label && e.group === s.group);
    if (same) same.keys.push(s.keys);
    else if (!s.hidden) entries.push({ id: s.id, label: s.label, group: s.group, keys: [s.keys] });
  }
  return entries;
}

/** The entries whose label contains every word of the query, best matches (word starts) first. */
export function filterCommands(entries: readonly CommandEntry[], query: string): CommandEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...entries];
  const scored: { entry: CommandEntry; score: number; at: number }[] = [];
  entries.forEach((entry, at) => {
    const label = entry.label.toLowerCase();
    let score = 0;
    for (const w of words) {
      const i = label.indexOf(w);
      if (i === -1) return;
      score += i === 0 || /\W/.test(label[i - 1]!) ? 2 : 1;
    }
    scored.push({ entry, score, at });
  });
  return scored.sort((a, b) => b.score - a.score || a.at - b.at).map((s) => s.entry);
}
