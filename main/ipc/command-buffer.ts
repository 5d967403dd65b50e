/**
 * Holds menu commands that arrive before the renderer subscribes. A project given on the
 * command line is announced as soon as the page loads, which can be before React has
 * mounted; without the buffer that first "open" would be lost.
 */
import { isMenuCommand, type MenuCommand } from './menu-command.js';

export type CommandListener = (command: MenuCommand) => void;

export interface CommandBuffer {
  /** Delivers to the listeners, or keeps the command until one subscribes. Ignores junk. */
  push(value: unknown): void;
  subscribe(listener: CommandListener): () => void;
}

// A page that never subscribes must not grow the buffer without bound.
const MAX_PENDING = 20;

export function createCommandBuffer(): CommandBuffer {
  const listeners = new Set<CommandListener>();
  const pending: MenuCommand[] = [];
  return {
    push(value) {
      if (!isMenuCommand(value)) return;
      if (listeners.size === 0) {
        if (pending.length < MAX_PENDING) pending.push(value);
        return;
      }
      for (const listener of listeners) listener(value);
    },
    subscribe(listener) {
      listeners.add(listener);
      for (const command of pending.splice(0)) listener(command);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
