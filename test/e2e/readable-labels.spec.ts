/**
 * Readable at the zoom fit-view chooses: in every template, at 1280×800 and 1920×1080, every
 * text on the canvas (node labels and what they are, zone names, connection labels) is drawn
 * at 11 px or more on screen (its font size × the zoom), and no node label is cut.
 */
import { expect, test } from './fixtures.js';

const TEMPLATES = ['llm-gateway', 'ml-training', 'rag-app'];
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];
/** The smallest text a reader at arm's length reads without zooming. */
const MIN_SCREEN_PX = 11;

for (const size of SIZES) {
  for (const template of TEMPLATES) {
    test(`${template} at ${size.width}×${size.height}: canvas text is at least ${MIN_SCREEN_PX} px`, async ({
      app,
      page,
    }) => {
      await page.setViewportSize(size);
      await app.open();
      await page.getByTestId('cmd-new').click();
      await page.getByTestId(`template-${template}`).click();
      await app.confirmDiscardIfAsked();
      await expect(page.locator('.react-flow__node-endpoint').first()).toBeVisible();
      await page.waitForTimeout(600);
      const report = await page.evaluate(() => {
        const viewport = document.querySelector<HTMLElement>('.react-flow__viewport')!;
        const zoom = new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a;
        const texts: { text: string; px: number }[] = [];
        const selector =
          '.endpoint-title, .endpoint-subtitle, .zone-title, .zone-id, .zone-meta, .edge-label';
        for (const el of document.querySelectorAll<HTMLElement>(selector)) {
          if (el.offsetParent === null) continue;
          texts.push({
            text: el.textContent ?? '',
            px: parseFloat(getComputedStyle(el).fontSize) * zoom,
          });
        }
        const cut = [...document.querySelectorAll<HTMLElement>('.endpoint-title')]
          .filter(
            (el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1,
          )
          .map((el) => el.textContent ?? '');
        return { zoom, texts, cut };
      });
      await app.screenshot(`readable-${template}-${size.width}`);
      const small = report.texts
        .filter((t) => t.px < MIN_SCREEN_PX - 0.01)
        .map((t) => `${t.text} ${t.px.toFixed(1)} px`);
      expect(report.texts.length).toBeGreaterThan(0);
      expect(small, `text under ${MIN_SCREEN_PX} px at zoom ${report.zoom.toFixed(2)}`).toEqual([]);
      expect(report.cut, 'node labels cut').toEqual([]);
    });
  }
}
