/** A drag handle between two panels. Reports the pointer's movement since the drag began. */
import { useRef, type PointerEvent } from 'react';

export function Resizer({
  direction,
  onResize,
  onResizeEnd,
  label,
  testId,
}: {
  /** `vertical`: a vertical bar resizing widths; `horizontal`: a horizontal bar resizing heights. */
  direction: 'vertical' | 'horizontal';
  onResize: (delta: number) => void;
  onResizeEnd?: () => void;
  label: string;
  testId?: string;
}) {
  const start = useRef<number | null>(null);
  const coordinate = (e: PointerEvent): number =>
    direction === 'vertical' ? e.clientX : e.clientY;
  return (
    <div
      className={`resizer resizer-${direction}`}
      role="separator"
      aria-orientation={direction}
      aria-label={label}
      data-testid={testId}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        start.current = coordinate(e);
        document.body.classList.add(`is-resizing-${direction}`);
      }}
      onPointerMove={(e) => {
        if (start.current !== null) onResize(coordinate(e) - start.current);
      }}
      onPointerUp={(e) => {
        e.currentTarget.releasePointerCapture(e.pointerId);
        start.current = null;
        document.body.classList.remove(`is-resizing-${direction}`);
        onResizeEnd?.();
      }}
    />
  );
}
