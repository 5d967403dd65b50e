/** Asks for the service of a connection drawn on the canvas (default tcp/443). */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Icon } from '../icons/ui-icons.js';
import { canonicalService, validateService } from '../model/field-validation.js';
import { Dialog } from '../shell/dialog.js';
import { useStudio } from '../store/store-context.js';

const COMMON_SERVICES = ['tcp/443', 'tcp/80', 'udp/53', 'tcp/5432', 'tcp/6379', 'tcp/9092', 'icmp'];

export function ConnectDialog() {
  const pending = useStudio((s) => s.pendingConnection);
  const cancel = useStudio((s) => s.cancelConnection);
  const dispatch = useStudio((s) => s.dispatch);
  const select = useStudio((s) => s.select);
  const edgeCount = useStudio((s) => s.doc.history.present.edges.length);
  const [service, setService] = useState('tcp/443');
  const [note, setNote] = useState('');
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (pending) {
      setService('tcp/443');
      setNote('');
      requestAnimationFrame(() => input.current?.select());
    }
  }, [pending]);

  if (!pending) return null;
  const problem = validateService(service.trim());
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (problem) return;
    const trimmed = note.trim();
    dispatch({
      type: 'add-edge',
      edge: {
        from: pending.from,
        to: pending.to,
        service: canonicalService(service),
        ...(trimmed ? { note: trimmed } : {}),
      },
    });
    select({ nodes: [], edges: [edgeCount], zones: [] });
    cancel();
  };
  return (
    <Dialog title="New connection" onClose={cancel} testId="connect-dialog" width={420}>
      <form onSubmit={submit} className="dialog-form">
        <div className="connect-ends">
          <code>{pending.from}</code>
          <Icon name="arrow-right" size={14} />
          <code>{pending.to}</code>
        </div>
        <label className="field">
          <span className="field-label">Service</span>
          <input
            ref={input}
            className="input mono"
            value={service}
            onChange={(e) => setService(e.target.value)}
            aria-invalid={problem !== null}
            data-testid="connect-service"
          />
          {problem && <span className="field-message error">{problem.message}</span>}
        </label>
        <div className="chips">
          {COMMON_SERVICES.map((s) => (
            <button
              type="button"
              key={s}
              className={`chip${s === service ? ' is-active' : ''}`}
              onClick={() => setService(s)}
            >
              {s}
            </button>
          ))}
        </div>
        <label className="field">
          <span className="field-label">Note</span>
          <input
            className="input"
            placeholder="Why this connection exists (shown in the audit export)"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            data-testid="connect-note"
          />
        </label>
        <div className="dialog-actions">
          <button type="button" className="btn btn-outline" onClick={cancel}>
            Cancel
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={problem !== null}
            data-testid="connect-confirm"
          >
            Add connection
          </button>
        </div>
      </form>
    </Dialog>
  );
}
