/**
 * The workbench from 1024×700 up: nothing overflows into a neighbouring panel, the results
 * table keeps readable columns, the legend and minimap cover no node once the view is fitted
 * (a topology too large to fit readably is framed from its top-left corner and panned),
 * the minimap can be hidden, and the canvas refits when the window changes size.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

/** What overlaps what on the page, in words. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const rect = (el: Element | null) => el?.getBoundingClientRect() ?? null;
    const overlap = (a: DOMRect, b: DOMRect) =>
      a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const results = rect(document.querySelector('.dock-results'));
    // The tab strip stays inside its panel; tabs past its end are scrolled to, not spilled.
    const strip = document.querySelector<HTMLElement>('.dock-results .tabs');
    if (strip && results) {
      const r = strip.getBoundingClientRect();
      if (r.right > results.right + 1)
        problems.push(`the tabs end at ${r.right}, past the panel at ${results.right}`);
      const scrolls = ['auto', 'scroll'].includes(getComputedStyle(strip).overflowX);
      if (strip.scrollWidth > strip.clientWidth + 1 && !scrolls)
        problems.push('tabs overflow their strip, which does not scroll');
    }
    const heads = [...document.querySelectorAll('.sim-head > [role="columnheader"]')];
    heads.forEach((h) => {
      const el = h as HTMLElement;
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`column "${el.textContent}" is cut`);
    });
    for (let i = 1; i < heads.length; i++) {
      const a = heads[i - 1]!.getBoundingClientRect();
      const b = heads[i]!.getBoundingClientRect();
      if (b.left - a.right < 4 && a.width > 0)
        problems.push(
          `columns "${heads[i - 1]!.textContent}" and "${heads[i]!.textContent}" touch`,
        );
    }
    // A topology larger than the view at the readable zoom is panned (canvas-commands.ts):
    // then the nodes past the canvas's edges are reached by panning, but no node the view
    // shows, even in part, may be covered by the canvas's own furniture.
    const viewport = document.querySelector<HTMLElement>('.react-flow__viewport')!;
    const zoom = new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a;
    const panned = zoom <= 11 / 11.5 + 0.001;
    const canvasBox = rect(document.querySelector('[data-testid="canvas"]'))!;
    const all = [...document.querySelectorAll<HTMLElement>('.react-flow__node-endpoint')];
    const shown = all.filter((n) => overlap(n.getBoundingClientRect(), canvasBox));
    const topLeft = [...all].sort(
      (a, b) =>
        a.getBoundingClientRect().left +
        a.getBoundingClientRect().top -
        (b.getBoundingClientRect().left + b.getBoundingClientRect().top),
    )[0];
    const inside = panned ? (topLeft ? [topLeft] : []) : all;
    const covers = [
      ...document.querySelectorAll(
        '.canvas .minimap, [data-testid="verdict-legend"], .floating-toolbar',
      ),
    ];
    for (const n of shown) {
      const r = n.getBoundingClientRect();
      for (const c of covers)
        if (overlap(r, c.getBoundingClientRect()))
          problems.push(`${c.className} covers ${n.dataset['id']}`);
    }
    const canvas = canvasBox;
    for (const n of inside) {
      const r = n.getBoundingClientRect();
      if (
        r.left < canvas.left ||
        r.right > canvas.right ||
        r.top < canvas.top ||
        r.bottom > canvas.bottom
      )
        problems.push(`${n.dataset['id']} is outside the canvas`);
    }
    return problems;
  });
}

for (const size of SIZES) {
  test(`works at ${size.width}×${size.height}`, async ({ app, page }) => {
    await page.setViewportSize(size);
    await app.open();
    await page.getByTestId('cmd-new').click();
    await page.getByTestId('template-ml-training').click();
    await app.confirmDiscardIfAsked();
    await page.getByTestId('cmd-simulate').click();
    await expect(page.getByTestId('sim-row').first()).toBeVisible();
    await page.waitForTimeout(600);
    await app.screenshot(`layout-${size.width}-simulation`);
    expect(await layoutProblems(page)).toEqual([]);
    await page.getByTestId('sim-row').first().click();
    await page.getByTestId('tab-explain').click();
    await expect(page.getByTestId('explain-view')).toBeVisible();
    await app.screenshot(`layout-${size.width}-explain`);
    expect(await layoutProblems(page)).toEqual([]);

    // The minimap can be hidden and shown again.
    const shown = await page.locator('.canvas .minimap').count();
    await page.getByTestId('toggle-minimap').click();
    await expect(page.locator('.canvas .minimap')).toHaveCount(shown === 0 ? 1 : 0);

    // A smaller window: the view refits, side panels give way.
    await page.setViewportSize({ width: size.width - 120, height: size.height - 80 });
    await page.waitForTimeout(800);
    const after = await layoutProblems(page);
    expect(after.filter((p) => p.includes('outside the canvas'))).toEqual([]);
  });
}

test('the side panels can be hidden and shown', async ({ app, page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await app.open();
  await page.getByTestId('toggle-palette').click();
  await expect(page.getByTestId('palette')).toHaveCount(0);
  await page.getByTestId('toggle-inspector').click();
  await expect(page.getByTestId('inspector')).toHaveCount(0);
  await app.screenshot('layout-panels-hidden');
  await page.getByTestId('toggle-palette').click();
  await page.getByTestId('toggle-inspector').click();
  await expect(page.getByTestId('palette')).toBeVisible();
  await expect(page.getByTestId('inspector')).toBeVisible();
});
