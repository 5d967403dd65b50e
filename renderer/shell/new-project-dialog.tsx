/** New project: blank, or from one of the example projects of `policies/`. */
import { useEffect, useState } from 'react';
import { useServices } from '../services/services.js';
import { useCommands } from './use-commands.js';
import { Icon } from '../icons/ui-icons.js';
import type { RecentProject } from '../host/project-host.js';
import { useStudio } from '../store/store-context.js';
import { Dialog } from './dialog.js';

export function NewProjectDialog() {
  const open = useStudio((s) => s.dialog === 'new');
  const setDialog = useStudio((s) => s.setDialog);
  const { host } = useServices();
  const commands = useCommands();
  const [recent, setRecent] = useState<RecentProject[]>([]);
  useEffect(() => {
    if (open) void host.listRecent().then(setRecent);
  }, [open, host]);
  if (!open) return null;
  const templates = host.listTemplates();
  return (
    <Dialog
      title="New project"
      subtitle="Start from scratch or from an example platform."
      onClose={() => setDialog(null)}
      testId="new-project-dialog"
      width={680}
    >
      <div className="template-grid">
        <button
          type="button"
          className="template-card template-blank"
          onClick={() => void commands.newBlank()}
          data-testid="template-blank"
        >
          <span className="template-icon">
            <Icon name="plus" size={18} />
          </span>
          <span className="template-name">Blank project</span>
          <span className="template-description">
            An internal and an external zone, and an empty policy that denies everything.
          </span>
        </button>
        {templates.map((t) => (
          <button
            type="button"
            key={t.id}
            className="template-card"
            onClick={() => void commands.newFromTemplate(t.id)}
            data-testid={`template-${t.id}`}
          >
            <span className="template-icon accent">
              <Icon name="shield" size={18} />
            </span>
            <span className="template-name">{t.name}</span>
            <span className="template-description">{t.description || 'Example project.'}</span>
            <span className="template-meta">{t.nodeCount} components</span>
          </button>
        ))}
      </div>
      {recent.length > 0 && (
        <div className="recent" data-testid="recent-projects">
          <div className="recent-title">Recent</div>
          {recent.map((r) => (
            <button
              type="button"
              key={r.id}
              className="recent-item"
              onClick={() => void commands.openRecent(r.id)}
            >
              <Icon name="folder-open" size={15} />
              <span className="recent-name">{r.name}</span>
              <span className="recent-time">{new Date(r.openedAt).toLocaleString()}</span>
            </button>
          ))}
        </div>
      )}
      {templates.length === 0 && (
        <div className="dialog-footer-note">No example projects were bundled with this build.</div>
      )}
    </Dialog>
  );
}
