import { describe, expect, it } from 'vitest';
import {
  CENTER_MIN,
  DEFAULT_PANEL_SIZES,
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
    });
  });

  it('leaves the centre and the results their minimum from 1024 px up', () => {
    const wide = { palette: 400, inspector: 520, dock: 320, editor: 1600 };
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
});
