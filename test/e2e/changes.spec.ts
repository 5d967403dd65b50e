import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

/** Types over the first `text` in the policy editor (its line may be scrolled out of view). */
async function replaceInPolicy(page: Page, text: string, replacement: string): Promise<void> {
  await page.getByTestId('policy-editor').click();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('ControlOrMeta+F');
  await page.keyboard.type(text); // selects the first match
  await page.keyboard.press('Escape');
  await page.keyboard.type(replacement);
}

test('the Changes view lists what an edit changes against the project as opened, each witness one click from Explain', async ({
  app,
  page,
}) => {
  await app.open();
  await page.getByTestId('cmd-new').click();
  await page.getByTestId('template-llm-gateway').click();
  await app.confirmDiscardIfAsked();
  await expect(page.locator('.react-flow__node-endpoint').first()).toBeVisible();

  await page.getByTestId('tab-changes').click();
  await expect(page.getByTestId('changes-none')).toBeVisible();

  // Move the gateway's port: 8443 is no longer allowed, 9443 now is.
  await replaceInPolicy(page, 'tcp/8443', 'tcp/9443');

  const changes = page.getByTestId('change');
  await expect(changes).toHaveCount(2);
  await expect(page.getByTestId('changes-summary')).toContainText('2 classes of flows change');
  const closed = changes.filter({ hasText: 'tcp/8443' });
  await expect(closed.getByTestId('change-before')).toContainText('allow');
  await expect(closed.getByTestId('change-before')).toContainText('app-to-gateway');
  await expect(closed.getByTestId('change-after')).toContainText('deny');
  await expect(closed.getByTestId('change-description')).toContainText('node:web-app');
  const opened = changes.filter({ hasText: 'tcp/9443' });
  await expect(opened.getByTestId('change-after')).toContainText('app-to-gateway');
  await app.screenshot('30-changes');

  await closed.getByTestId('change-explain').click();
  await expect(page.getByTestId('explain-verdict')).toHaveText('deny');
  await expect(page.getByTestId('explain-view')).toContainText('app-to-gateway');
  await app.screenshot('31-changes-explain');

  // Undoing the edit by hand brings the working copy back to the project as opened.
  await page.getByTestId('tab-changes').click();
  await replaceInPolicy(page, 'tcp/9443', 'tcp/8443');
  await expect(page.getByTestId('changes-none')).toBeVisible();
});
