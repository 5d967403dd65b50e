/**
 * What the main process can ask of the renderer: the File menu's items and "open this
 * project" from the command line or a second launch. The renderer owns the document (and
 * its unsaved changes), so main asks it rather than acting behind its back.
 */
export type MenuCommand =
  | { type: 'new' }
  | { type: 'open' }
  | { type: 'save' }
  | { type: 'export' }
  | { type: 'help' }
  /** Open a project main already granted and put in the recent list (id = its path). */
  | { type: 'open-recent'; id: string };

const SIMPLE = new Set(['new', 'open', 'save', 'export', 'help']);

/** Narrows a value received over IPC; anything else is dropped by the caller. */
export function isMenuCommand(value: unknown): value is MenuCommand {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { type?: unknown; id?: unknown };
  if (typeof v.type !== 'string') return false;
  if (v.type === 'open-recent') return typeof v.id === 'string' && v.id.length > 0;
  return SIMPLE.has(v.type);
}
