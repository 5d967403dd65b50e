/** A modal dialog: Escape or a click on the backdrop closes it; focus starts inside. */
import { useEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { Icon } from '../icons/ui-icons.js';

export function Dialog({
  title,
  subtitle,
  onClose,
  children,
  testId,
  width = 480,
  wide = false,
}: {
  title: string;
  subtitle?: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  width?: number;
  /** Fills most of the window (previews). */
  wide?: boolean;
}) {
  const panel = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first = panel.current?.querySelector<HTMLElement>(
      'input, select, textarea, button:not(.dialog-close)',
    );
    (first ?? panel.current)?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        close.current();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      previous?.focus?.();
    };
  }, []);
  return createPortal(
    <div
      className="dialog-backdrop nokey"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        ref={panel}
        className={`dialog${wide ? ' dialog-wide' : ''}`}
        style={wide ? undefined : { width }}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        tabIndex={-1}
        data-testid={testId}
      >
        <div className="dialog-header">
          <div>
            <div className="dialog-title">{title}</div>
            {subtitle && <div className="dialog-subtitle">{subtitle}</div>}
          </div>
          <button
            type="button"
            className="btn btn-icon dialog-close"
            onClick={onClose}
            aria-label="Close"
          >
            <Icon name="x" />
          </button>
        </div>
        {children}
      </div>
    </div>,
    document.body,
  );
}
