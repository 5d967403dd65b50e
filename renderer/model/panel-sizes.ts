/**
 * Sizes of the workbench panels, kept between sessions. Parsing stored sizes never
 * throws: a corrupt or foreign value falls back to the defaults.
 */
export interface PanelSizes {
  palette: number;
  inspector: number;
  /** Height of the editor and results dock under the canvas. */
  dock: number;
  /** Width of the policy editor inside the dock; the results panel takes the rest. */
  editor: number;
  /** Width of the live configuration pane beside the editor, when it is open. */
  config: number;
}

export const DEFAULT_PANEL_SIZES: PanelSizes = {
  palette: 232,
  inspector: 300,
  dock: 320,
  editor: 540,
  config: 360,
};

export const PANEL_LIMITS: Record<keyof PanelSizes, { min: number; max: number }> = {
  palette: { min: 180, max: 400 },
  inspector: { min: 240, max: 520 },
  dock: { min: 140, max: 900 },
  editor: { min: 280, max: 1600 },
  config: { min: 300, max: 1200 },
};

export function clampPanel(key: keyof PanelSizes, value: number): number {
  const { min, max } = PANEL_LIMITS[key];
  return Math.round(Math.min(max, Math.max(min, value)));
}

export function parsePanelSizes(stored: string | null): PanelSizes {
  if (stored === null) return DEFAULT_PANEL_SIZES;
  let raw: unknown;
  try {
    raw = JSON.parse(stored);
  } catch {
    return DEFAULT_PANEL_SIZES;
  }
  if (typeof raw !== 'object' || raw === null) return DEFAULT_PANEL_SIZES;
  const out = { ...DEFAULT_PANEL_SIZES };
  for (const key of Object.keys(DEFAULT_PANEL_SIZES) as (keyof PanelSizes)[]) {
    const v = (raw as Record<string, unknown>)[key];
    if (typeof v === 'number' && Number.isFinite(v)) out[key] = clampPanel(key, v);
  }
  return out;
}

/** The canvas and dock together never get narrower than this while a side panel can give way. */
export const CENTER_MIN = 600;
/** The results beside the editor keep room for their columns and tabs. */
export const RESULTS_MIN = 360;
const EDITOR_MIN = 220;
/**
 * The centre an open configuration pane needs: the editor, the pane and the results at their
 * minimums. The side panels give way for it as they do for the canvas.
 */
export const CENTER_WITH_CONFIG_MIN = EDITOR_MIN + PANEL_LIMITS.config.min + RESULTS_MIN;

export interface PanelLayout {
  /** 0 when the panel is hidden. */
  palette: number;
  inspector: number;
  editor: number;
  /** The live configuration pane; 0 when closed. */
  config: number;
}

/**
 * The widths the workbench draws at for a window `width` wide: the stored sizes, shrunk
 * towards their minimums and then hidden (the palette first) until the centre has
 * CENTER_MIN (CENTER_WITH_CONFIG_MIN with the configuration pane open), and the editor and
 * the configuration pane narrowed so the results keep RESULTS_MIN.
 */
export function panelLayout(
  sizes: PanelSizes,
  width: number,
  open: { palette: boolean; inspector: boolean; config?: boolean },
): PanelLayout {
  let palette = open.palette ? sizes.palette : 0;
  let inspector = open.inspector ? sizes.inspector : 0;
  const need = open.config ? CENTER_WITH_CONFIG_MIN : CENTER_MIN;
  const short = () => need - (width - palette - inspector);
  if (short() > 0 && palette > 0) palette = Math.max(PANEL_LIMITS.palette.min, palette - short());
  if (short() > 0 && inspector > 0)
    inspector = Math.max(PANEL_LIMITS.inspector.min, inspector - short());
  if (short() > 0) palette = 0;
  if (short() > 0) inspector = 0;
  const center = width - palette - inspector;
  const config = open.config
    ? Math.max(PANEL_LIMITS.config.min, Math.min(sizes.config, center - RESULTS_MIN - EDITOR_MIN))
    : 0;
  const editor = Math.max(EDITOR_MIN, Math.min(sizes.editor, center - RESULTS_MIN - config));
  return { palette, inspector, editor, config };
}
