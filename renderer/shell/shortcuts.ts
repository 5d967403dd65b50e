/**
 * Every keyboard shortcut in one registry: the help overlay lists it, the key handler
 * matches it. `Mod` is ⌘ on macOS and Ctrl elsewhere.
 */
export type ShortcutId =
  | 'new'
  | 'open'
  | 'save'
  | 'simulate'
  | 'export'
  | 'undo'
  | 'redo'
  | 'redo-alt'
  | 'delete'
  | 'delete-alt'
  | 'copy'
  | 'paste'
  | 'duplicate'
  | 'select-all'
  | 'fit-view'
  | 'auto-layout'
  | 'format'
  | 'toggle-config'
  | 'tab-focus'
  | 'help'
  | 'command-palette'
  | 'command-palette-alt'
  | 'escape';

export interface Shortcut {
  id: ShortcutId;
  keys: string;
  label: string;
  group: 'Project' | 'Canvas' | 'Editor' | 'General';
  /** Global shortcuts work while typing (in the editor or a field); canvas ones do not. */
  scope: 'global' | 'canvas';
  /** Hidden from the help overlay (an alternative binding of a listed command). */
  hidden?: boolean;
  /** Handled by the editor itself (a Monaco binding): listed here for the help sheet only. */
  editorOwned?: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'new', keys: 'Mod+Alt+N', label: 'New project', group: 'Project', scope: 'global' },
  { id: 'open', keys: 'Mod+O', label: 'Open project', group: 'Project', scope: 'global' },
  { id: 'save', keys: 'Mod+S', label: 'Save project', group: 'Project', scope: 'global' },
  { id: 'simulate', keys: 'Mod+Enter', label: 'Run simulation', group: 'Project', scope: 'global' },
  {
    id: 'export',
    keys: 'Mod+Shift+E',
    label: 'Export configuration',
    group: 'Project',
    scope: 'global',
  },
  { id: 'undo', keys: 'Mod+Z', label: 'Undo', group: 'Canvas', scope: 'canvas' },
  { id: 'redo', keys: 'Mod+Shift+Z', label: 'Redo', group: 'Canvas', scope: 'canvas' },
  { id: 'redo-alt', keys: 'Mod+Y', label: 'Redo', group: 'Canvas', scope: 'canvas', hidden: true },
  { id: 'delete', keys: 'Delete', label: 'Delete selection', group: 'Canvas', scope: 'canvas' },
  {
    id: 'delete-alt',
    keys: 'Backspace',
    label: 'Delete selection',
    group: 'Canvas',
    scope: 'canvas',
    hidden: true,
  },
  { id: 'copy', keys: 'Mod+C', label: 'Copy', group: 'Canvas', scope: 'canvas' },
  { id: 'paste', keys: 'Mod+V', label: 'Paste', group: 'Canvas', scope: 'canvas' },
  { id: 'duplicate', keys: 'Mod+D', label: 'Duplicate', group: 'Canvas', scope: 'canvas' },
  { id: 'select-all', keys: 'Mod+A', label: 'Select all', group: 'Canvas', scope: 'canvas' },
  { id: 'fit-view', keys: 'Shift+1', label: 'Fit view', group: 'Canvas', scope: 'canvas' },
  { id: 'auto-layout', keys: 'Shift+A', label: 'Auto-layout', group: 'Canvas', scope: 'canvas' },
  { id: 'format', keys: 'Shift+Alt+F', label: 'Format policy', group: 'Editor', scope: 'global' },
  {
    id: 'toggle-config',
    keys: 'Mod+Alt+G',
    label: 'Show or hide the generated configuration',
    group: 'Editor',
    scope: 'global',
  },
  {
    // As in VS Code: with it on, Tab and Shift+Tab move the focus out of the editor.
    id: 'tab-focus',
    keys: 'Ctrl+M',
    label: 'Toggle Tab moves focus (leave the editor with Tab)',
    group: 'Editor',
    scope: 'global',
    editorOwned: true,
  },
  { id: 'help', keys: '?', label: 'Keyboard shortcuts', group: 'General', scope: 'canvas' },
  {
    id: 'command-palette',
    keys: 'Mod+Shift+P',
    label: 'Command palette',
    group: 'General',
    scope: 'global',
  },
  {
    id: 'command-palette-alt',
    keys: 'F1',
    label: 'Command palette',
    group: 'General',
    scope: 'global',
    hidden: true,
  },
  {
    id: 'escape',
    keys: 'Escape',
    label: 'Close dialog, clear selection',
    group: 'General',
    scope: 'canvas',
  },
];

export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

interface ParsedKeys {
  mod: boolean;
  shift: boolean;
  alt: boolean;
  key: string;
}

function parseKeys(keys: string): ParsedKeys {
  const parts = keys.split('+');
  const key = parts[parts.length - 1]!;
  return {
    mod: parts.includes('Mod'),
    shift: parts.includes('Shift'),
    alt: parts.includes('Alt'),
    key,
  };
}

/** The key an event stands for, independent of Shift and Alt (`Shift+1` gives `!`, code `Digit1`). */
function eventKey(e: KeyLike): string {
  if (e.code && /^Digit\d$/.test(e.code)) return e.code.slice(5);
  if (e.code && /^Key[A-Z]$/.test(e.code)) return e.code.slice(3);
  return e.key.length === 1 ? e.key.toUpperCase() : e.key;
}

export function matchesShortcut(e: KeyLike, keys: string, isMac: boolean): boolean {
  const want = parseKeys(keys);
  const mod = isMac ? e.metaKey : e.ctrlKey;
  const otherMod = isMac ? e.ctrlKey : e.metaKey;
  if (otherMod) return false;
  if (want.key === '?') return e.key === '?' && !mod && !e.altKey;
  if (mod !== want.mod || e.altKey !== want.alt || e.shiftKey !== want.shift) return false;
  const key = want.key.length === 1 ? want.key.toUpperCase() : want.key;
  return eventKey(e) === key;
}

export function findShortcut(e: KeyLike, isMac: boolean): Shortcut | undefined {
  return SHORTCUTS.find((s) => !s.editorOwned && matchesShortcut(e, s.keys, isMac));
}

/** Key caps for display: `Mod+Shift+Z` → `['⌘', '⇧', 'Z']` on macOS, `['Ctrl', 'Shift', 'Z']` elsewhere. */
export function keyCaps(keys: string, isMac: boolean): string[] {
  const names: Record<string, [string, string]> = {
    Mod: ['⌘', 'Ctrl'],
    Shift: ['⇧', 'Shift'],
    Alt: ['⌥', 'Alt'],
    Enter: ['↵', 'Enter'],
    Delete: ['⌦', 'Del'],
    Backspace: ['⌫', 'Backspace'],
    Escape: ['Esc', 'Esc'],
  };
  return keys.split('+').map((k) => names[k]?.[isMac ? 0 : 1] ?? k);
}

export function isMacPlatform(platform: string): boolean {
  return /mac|iphone|ipad/i.test(platform);
}
