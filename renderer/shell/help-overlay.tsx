import { useStudio } from '../store/store-context.js';
import { Dialog } from './dialog.js';
import { SHORTCUTS, isMacPlatform, keyCaps } from './shortcuts.js';

const GROUPS = ['Project', 'Canvas', 'Editor', 'General'] as const;

export function HelpOverlay() {
  const open = useStudio((s) => s.dialog === 'help');
  const setDialog = useStudio((s) => s.setDialog);
  if (!open) return null;
  const mac = isMacPlatform(navigator.platform);
  return (
    <Dialog
      title="Keyboard shortcuts"
      onClose={() => setDialog(null)}
      testId="help-overlay"
      width={620}
    >
      <div className="shortcut-groups">
        {GROUPS.map((g) => (
          <section key={g} className="shortcut-group">
            <div className="shortcut-group-title">{g}</div>
            {SHORTCUTS.filter((s) => s.group === g && !s.hidden).map((s) => (
              <div key={s.id} className="shortcut">
                <span>{s.label}</span>
                <span className="keys">
                  {keyCaps(s.keys, mac).map((k, i) => (
                    <kbd key={i}>{k}</kbd>
                  ))}
                </span>
              </div>
            ))}
          </section>
        ))}
      </div>
      <div className="dialog-footer-note">
        Canvas shortcuts apply when the focus is not in the editor or a field.
      </div>
    </Dialog>
  );
}
