/**
 * Every template and every view at 1280×800 and 1920×1080, in the light and the dark theme:
 * the window never scrolls (everything fits), the simulation runs with every test passing,
 * and the live configuration, Audit, Changes and Learn views and a log dropped on the
 * simulation panel show their content inside the window. The screenshots (gallery-*) are the ones reviewers look at.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

const TEMPLATES = ['llm-gateway', 'ml-training', 'rag-app'];
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];
const THEMES = ['light', 'dark'] as const;
const LOG = join(import.meta.dirname, '../learn/fixtures/ml-training-access.log');

/** The parts of the page that stick out of the window (a window that scrolls is a layout bug). */
async function outside(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const out: string[] = [];
    const { scrollWidth, scrollHeight } = document.documentElement;
    if (scrollWidth > innerWidth || scrollHeight > innerHeight)
      out.push(`page ${scrollWidth}×${scrollHeight} in a ${innerWidth}×${innerHeight} window`);
    for (const el of document.querySelectorAll<HTMLElement>(sel)) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) out.push(`${sel} is not drawn`);
      else if (r.left < -1 || r.top < -1 || r.right > innerWidth + 1 || r.bottom > innerHeight + 1)
        out.push(
          `${sel} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`,
        );
    }
    return out;
  }, selector);
}

async function openTemplate(page: Page, template: string, confirm: () => Promise<void>) {
  await page.getByTestId('cmd-new').click();
  await page.getByTestId(`template-${template}`).click();
  await confirm();
  await expect(page.locator('.react-flow__node-endpoint').first()).toBeVisible();
}

for (const theme of THEMES) {
  for (const size of SIZES) {
    const tag = `${size.width}-${theme}`;
    test(`templates and views at ${size.width}×${size.height}, ${theme}`, async ({ app, page }) => {
      test.setTimeout(180_000);
      await page.emulateMedia({ colorScheme: theme });
      await page.setViewportSize(size);
      await app.open();

      for (const template of TEMPLATES) {
        await openTemplate(page, template, () => app.confirmDiscardIfAsked());
        await page.getByTestId('cmd-simulate').click();
        await expect(page.getByTestId('simulation-panel')).toBeVisible();
        await expect(page.getByTestId('tab-problems')).toBeVisible();
        expect(await outside(page, '[data-testid="simulation-panel"]')).toEqual([]);
        await app.screenshot(`gallery-${template}-${tag}`);
      }

      // The live configuration beside the editor, for the last template.
      await page.keyboard.press('ControlOrMeta+Alt+G');
      await expect(page.getByTestId('config-code')).toContainText('comment');
      expect(await outside(page, '[data-testid="config-pane"]')).toEqual([]);
      await app.screenshot(`gallery-live-config-${tag}`);
      await page.keyboard.press('ControlOrMeta+Alt+G');
      await expect(page.getByTestId('config-pane')).toHaveCount(0);

      await page.getByTestId('tab-audit').click();
      await expect(page.getByTestId('audit-class').first()).toBeVisible();
      expect(await outside(page, '[data-testid="audit-view"]')).toEqual([]);
      await app.screenshot(`gallery-audit-${tag}`);

      await openTemplate(page, 'ml-training', () => app.confirmDiscardIfAsked());
      await page.getByTestId('tab-learn').click();
      await page.getByTestId('learn-file-input').setInputFiles({
        name: 'access.log',
        mimeType: 'text/plain',
        buffer: readFileSync(LOG),
      });
      await expect(page.getByTestId('learn-rules').locator('li').first()).toBeVisible();
      expect(await outside(page, '[data-testid="learn-panel"]')).toEqual([]);
      await app.screenshot(`gallery-learn-${tag}`);

      // The same log dropped on the simulation panel: what Squid did beside the policy.
      await page.getByTestId('tab-simulation').click();
      await app.dropFiles(page.getByTestId('simulation-empty'), [
        { name: 'access.log', buffer: readFileSync(LOG) },
      ]);
      await expect(page.getByTestId('sim-logged').first()).toBeVisible();
      expect(await outside(page, '[data-testid="simulation-panel"]')).toEqual([]);
      await app.screenshot(`gallery-log-drop-${tag}`);

      // An edit: the trainers' PyPI rule moves to another port.
      await page.getByTestId('policy-editor').click();
      await page.keyboard.press('ControlOrMeta+Home');
      await page.keyboard.press('ControlOrMeta+F');
      await page.keyboard.type('to pypi on tcp/443');
      await page.keyboard.press('Escape');
      await page.keyboard.type('to pypi on tcp/8443');
      await page.getByTestId('tab-changes').click();
      await expect(page.getByTestId('change').first()).toBeVisible();
      expect(await outside(page, '[data-testid="changes-view"]')).toEqual([]);
      await app.screenshot(`gallery-changes-${tag}`);
    });
  }
}
