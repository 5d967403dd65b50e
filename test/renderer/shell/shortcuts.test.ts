import { describe, expect, it } from 'vitest';
import {
  SHORTCUTS,
  findShortcut,
  keyCaps,
  matchesShortcut,
} from '../../../renderer/shell/shortcuts.js';

const key = (
  k: string,
  mods: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean }> = {},
  code?: string,
) => ({
  key: k,
  ...(code ? { code } : {}),
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false,
});

describe('shortcuts', () => {
  it('matches Mod as Ctrl elsewhere and ⌘ on macOS', () => {
    expect(matchesShortcut(key('s', { ctrl: true }, 'KeyS'), 'Mod+S', false)).toBe(true);
    expect(matchesShortcut(key('s', { meta: true }, 'KeyS'), 'Mod+S', true)).toBe(true);
    expect(matchesShortcut(key('s', { meta: true }, 'KeyS'), 'Mod+S', false)).toBe(false);
    expect(matchesShortcut(key('s', { ctrl: true, shift: true }, 'KeyS'), 'Mod+S', false)).toBe(
      false,
    );
  });
  it('tells undo from redo', () => {
    expect(findShortcut(key('z', { ctrl: true }, 'KeyZ'), false)?.id).toBe('undo');
    expect(findShortcut(key('Z', { ctrl: true, shift: true }, 'KeyZ'), false)?.id).toBe('redo');
  });
  it('matches Shift+1 by code (the key is "!")', () => {
    expect(findShortcut(key('!', { shift: true }, 'Digit1'), false)?.id).toBe('fit-view');
  });
  it('matches ? whatever the layout needs to type it', () => {
    expect(findShortcut(key('?', { shift: true }, 'Slash'), false)?.id).toBe('help');
  });
  it('has no two shortcuts on the same keys', () => {
    const keys = SHORTCUTS.map((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
  it('renders key caps per platform', () => {
    expect(keyCaps('Mod+Shift+Z', true)).toEqual(['⌘', '⇧', 'Z']);
    expect(keyCaps('Mod+Shift+Z', false)).toEqual(['Ctrl', 'Shift', 'Z']);
  });
});
