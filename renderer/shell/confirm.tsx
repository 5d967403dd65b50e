/**
 * `await confirm({...})` for the few questions the app must ask (unsaved changes, an edit
 * shown before it is applied). One
 * dialog at a time; the promise resolves with the chosen action id, or 'cancel'.
 */
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { Dialog } from './dialog.js';

export interface ConfirmAction {
  id: string;
  label: string;
  tone?: 'primary' | 'danger' | 'default';
}

export interface ConfirmRequest {
  title: string;
  message: string;
  /** Text shown as written (monospace) under the message: what an action will insert. */
  detail?: string;
  actions: ConfirmAction[];
}

type Confirm = (request: ConfirmRequest) => Promise<string>;

const ConfirmContext = createContext<Confirm | null>(null);

export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [pending, setPending] = useState<{
    request: ConfirmRequest;
    resolve: (id: string) => void;
  } | null>(null);
  const confirm = useCallback<Confirm>(
    (request) => new Promise((resolve) => setPending({ request, resolve })),
    [],
  );
  const finish = (id: string): void => {
    pending?.resolve(id);
    setPending(null);
  };
  return (
    <ConfirmContext.Provider value={confirm}>
      {children}
      {pending && (
        <Dialog
          title={pending.request.title}
          onClose={() => finish('cancel')}
          testId="confirm-dialog"
          width={440}
        >
          <div className="dialog-body">
            <p className="confirm-message">{pending.request.message}</p>
            {pending.request.detail !== undefined && (
              <pre className="confirm-detail" data-testid="confirm-detail">
                {pending.request.detail}
              </pre>
            )}
          </div>
          <div className="dialog-actions">
            {pending.request.actions.map((a) => (
              <button
                type="button"
                key={a.id}
                className={`btn ${a.tone === 'primary' ? 'btn-primary' : a.tone === 'danger' ? 'btn-danger' : 'btn-outline'}`}
                onClick={() => finish(a.id)}
                data-testid={`confirm-${a.id}`}
              >
                {a.label}
              </button>
            ))}
          </div>
        </Dialog>
      )}
    </ConfirmContext.Provider>
  );
}

export function useConfirm(): Confirm {
  const c = useContext(ConfirmContext);
  if (!c) throw new Error('useConfirm outside <ConfirmProvider>');
  return c;
}
