/**
 * The command palette (Ctrl+Shift+P or F1, as in VS Code): every command with its keys;
 * typing filters, the arrow keys choose, Enter runs. A combobox over a listbox, so screen
 * readers announce the active command.
 */
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useStudio } from '../store/store-context.js';
import { commandEntries, filterCommands } from './command-list.js';
import { Dialog } from './dialog.js';
import { isMacPlatform, keyCaps, type ShortcutId } from './shortcuts.js';

export function CommandPalette({
  handlers,
}: {
  handlers: Partial<Record<ShortcutId, () => void>>;
}) {
  const open = useStudio((s) => s.dialog === 'command-palette');
  if (!open) return null;
  return <PaletteBody handlers={handlers} />;
}

function PaletteBody({ handlers }: { handlers: Partial<Record<ShortcutId, () => void>> }) {
  const setDialog = useStudio((s) => s.setDialog);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const entries = useMemo(
    () =>
      commandEntries(
        new Set(
          (Object.keys(handlers) as ShortcutId[]).filter(
            (id) => id !== 'command-palette' && id !== 'command-palette-alt',
          ),
        ),
      ),
    [handlers],
  );
  const shown = filterCommands(entries, query);
  const mac = isMacPlatform(navigator.platform);
  const run = (id: ShortcutId): void => {
    setDialog(null);
    handlers[id]?.();
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (shown.length === 0 ? 0 : (a + step + shown.length) % shown.length));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const chosen = shown[Math.min(active, shown.length - 1)];
      if (chosen) run(chosen.id);
    }
  };
  const activeId = shown[active] ? `command-${shown[active].id}` : undefined;
  return (
    <Dialog title="Command palette" onClose={() => setDialog(null)} testId="command-palette">
      <div className="command-palette">
        <input
          className="input"
          role="combobox"
          aria-expanded="true"
          aria-controls="command-list"
          aria-autocomplete="list"
          aria-label="Type a command"
          aria-activedescendant={activeId}
          placeholder="Type a command"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKey}
          data-testid="command-palette-input"
        />
        <ul id="command-list" role="listbox" aria-label="Commands" className="command-list">
          {shown.map((c, i) => (
            <li
              key={c.id}
              id={`command-${c.id}`}
              role="option"
              aria-selected={i === active}
              className={`command-item${i === active ? ' active' : ''}`}
              onMouseMove={() => setActive(i)}
              onClick={() => run(c.id)}
              data-testid={`command-${c.id}`}
            >
              <span className="command-label">
                <span className="command-group">{c.group}:</span> {c.label}
              </span>
              <span className="keys">
                {c.keys.map((k, j) => (
                  <span key={k} className="command-keys">
                    {j > 0 && <span className="command-or">or</span>}
                    {keyCaps(k, mac).map((cap, n) => (
                      <kbd key={n}>{cap}</kbd>
                    ))}
                  </span>
                ))}
              </span>
            </li>
          ))}
        </ul>
        {shown.length === 0 && <p className="command-empty">No command matches</p>}
      </div>
    </Dialog>
  );
}
