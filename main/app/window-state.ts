/**
 * The main window's size and place, remembered between runs. What is read back is checked
 * like any input: a file from another machine or a monitor that is gone must not put the
 * window off screen or make it tiny.
 */
import { z } from 'zod';

export const windowStateSchema = z.strictObject({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
  maximized: z.boolean(),
});

export type WindowState = z.infer<typeof windowStateSchema>;

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_SIZE = { width: 1440, height: 900 } as const;
export const MIN_WINDOW_SIZE = { width: 960, height: 640 } as const;

function overlap(a: Area, b: Area): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * The bounds to open with: the saved ones when at least a third of the window is on a
 * display, otherwise the saved size (clamped to the largest display) centred by the system.
 */
export function restoreBounds(
  saved: WindowState | null,
  workAreas: readonly Area[],
): { bounds: Partial<Area> & { width: number; height: number }; maximized: boolean } {
  const largest = [...workAreas].sort((a, b) => b.width * b.height - a.width * a.height)[0];
  const fit = (size: number, min: number, max: number | undefined): number =>
    Math.max(min, Math.min(size, max ?? size));
  const width = fit(saved?.width ?? DEFAULT_SIZE.width, MIN_WINDOW_SIZE.width, largest?.width);
  const height = fit(saved?.height ?? DEFAULT_SIZE.height, MIN_WINDOW_SIZE.height, largest?.height);
  if (!saved) return { bounds: { width, height }, maximized: false };
  const rect = { x: saved.x, y: saved.y, width, height };
  const visible = workAreas.some((area) => overlap(rect, area) >= (width * height) / 3);
  return { bounds: visible ? rect : { width, height }, maximized: saved.maximized };
}
