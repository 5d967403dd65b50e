/**
 * One key handler for the whole app, driven by the registry in shortcuts.ts. Global
 * shortcuts are caught in the capture phase (before Monaco sees the key); canvas shortcuts
 * only apply when the user is not typing in the editor or a field.
 */
import { useEffect } from 'react';
import { findShortcut, isMacPlatform, type ShortcutId } from './shortcuts.js';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('.monaco-editor')) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

export function useShortcuts(
  handlers: Partial<Record<ShortcutId, () => void>>,
  enabled: boolean,
): void {
  useEffect(() => {
    if (!enabled) return;
    const mac = isMacPlatform(navigator.platform);
    const onKey = (e: KeyboardEvent): void => {
      const shortcut = findShortcut(e, mac);
      if (!shortcut) return;
      const handler = handlers[shortcut.id];
      if (!handler) return;
      if (shortcut.scope === 'canvas' && isTyping(e.target)) return;
      e.preventDefault();
      e.stopPropagation();
      handler();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [handlers, enabled]);
}
