import { describe, expect, it } from 'vitest';
import {
  CENTER_MIN,
  CENTER_WITH_CONFIG_MIN,
  DEFAULT_PANEL_SIZES,
  PANEL_LIMITS,
  RESULTS_MIN,
  panelLayout,
} from '../../../renderer/model/panel-sizes.js';

const OPEN = { palette: true, inspector: true };

describe('panelLayout', () => {
  it('keeps the stored sizes when the window is wide', () => {
    expect(panelLayout(DEFAULT_PANEL_SIZES, 1920, OPEN)).toEqual({
      palette: 232,
      inspector: 300,
      editor: 540,
      config: 0,
    });
  });

  it('leaves the centre and the results their minimum from 1024 px up', () => {
    const wide = { palette: 400, inspector: 520, dock: 320, editor: 1600, config: 1200 };
    for (let width = 1024; width <= 1920; width += 8) {
      for (const sizes of [DEFAULT_PANEL_SIZES, wide]) {
        const l = panelLayout(sizes, width, OPEN);
        const center = width - l.palette - l.inspector;
        expect(center, `centre at ${width}`).toBeGreaterThanOrEqual(CENTER_MIN);
        expect(center - l.editor, `results at ${width}`).toBeGreaterThanOrEqual(RESULTS_MIN);
        expect(l.palette, `palette at ${width}`).toBeGreaterThan(0);
        expect(l.inspector, `inspector at ${width}`).toBeGreaterThan(0);
      }
    }
  });

  it('hides the palette first when even the minimums do not fit, and what the user closed', () => {
    expect(panelLayout(DEFAULT_PANEL_SIZES, 900, OPEN).palette).toBe(0);
    expect(panelLayout(DEFAULT_PANEL_SIZES, 900, OPEN).inspector).toBeGreaterThan(0);
    expect(
      panelLayout(DEFAULT_PANEL_SIZES, 1600, { palette: true, inspector: false }),
    ).toMatchObject({ inspector: 0, palette: 232 });
  });

  it('makes room for the configuration pane beside the editor from 1024 px up', () => {
    const wide = { palette: 400, inspector: 520, dock: 320, editor: 1600, config: 1200 };
    for (let width = 1024; width <= 1920; width += 8) {
      for (const sizes of [DEFAULT_PANEL_SIZES, wide]) {
        const l = panelLayout(sizes, width, { ...OPEN, config: true });
        const center = width - l.palette - l.inspector;
        expect(center, `centre at ${width}`).toBeGreaterThanOrEqual(CENTER_WITH_CONFIG_MIN);
        expect(l.config, `pane at ${width}`).toBeGreaterThanOrEqual(PANEL_LIMITS.config.min);
        expect(center - l.editor - l.config, `results at ${width}`).toBeGreaterThanOrEqual(
          RESULTS_MIN,
        );
        // Below that the inspector gives way too, as it does for the canvas under 840 px.
        if (width >= CENTER_WITH_CONFIG_MIN + PANEL_LIMITS.inspector.min)
          expect(l.inspector, `inspector at ${width}`).toBeGreaterThan(0);
      }
    }
    // At 1280 px the palette gives way; at 1920 px everything keeps its stored size.
    expect(panelLayout(DEFAULT_PANEL_SIZES, 1280, { ...OPEN, config: true })).toMatchObject({
      palette: 0,
      config: 360,
    });
    expect(panelLayout(DEFAULT_PANEL_SIZES, 1920, { ...OPEN, config: true })).toEqual({
      palette: 232,
      inspector: 300,
      editor: 540,
      config: 360,
    });
  });
});
