import { useEffect } from 'react';
import { Icon } from '../icons/ui-icons.js';
import { useStudio } from '../store/store-context.js';
import type { Toast } from '../store/studio-store.js';

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useStudio((s) => s.dismissToast);
  useEffect(() => {
    // Errors stay until dismissed: they say what to do.
    if (toast.tone === 'error') return;
    const timer = setTimeout(() => dismiss(toast.id), 4000);
    return () => clearTimeout(timer);
  }, [toast, dismiss]);
  return (
    <div
      className={`toast toast-${toast.tone}`}
      role={toast.tone === 'error' ? 'alert' : 'status'}
      data-testid={`toast-${toast.tone}`}
    >
      <Icon
        name={
          toast.tone === 'error'
            ? 'alert-circle'
            : toast.tone === 'success'
              ? 'check-circle'
              : 'info'
        }
        size={16}
      />
      <span className="toast-message">{toast.message}</span>
      <button
        type="button"
        className="btn btn-icon btn-sm"
        onClick={() => dismiss(toast.id)}
        aria-label="Dismiss"
      >
        <Icon name="x" size={13} />
      </button>
    </div>
  );
}

export function Toasts() {
  const toasts = useStudio((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}
