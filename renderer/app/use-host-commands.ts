/**
 * Runs commands that come from outside the page — the desktop app's File menu, or a
 * project given on the command line — through the same handlers as the keyboard
 * shortcuts, so a menu click and a key press do exactly the same thing.
 */
import { useEffect } from 'react';
import type { ShortcutId } from '../shell/shortcuts.js';
import { useServices } from '../services/services.js';

export function useHostCommands(
  handlers: Partial<Record<ShortcutId, () => void>>,
  openRecent: (id: string) => Promise<void>,
): void {
  const { host } = useServices();
  useEffect(() => {
    if (!host.onCommand) return;
    return host.onCommand((command) => {
      if (command.type === 'open-recent') void openRecent(command.id);
      else handlers[command.type]?.();
    });
  }, [host, handlers, openRecent]);
}
