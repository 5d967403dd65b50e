import type { Page } from '@playwright/test';
import { expect, test, type AppDriver } from './fixtures.js';

/** A training job and a policy that denies what its expectation wants allowed. */
async function openDeniedExpectation(app: AppDriver, page: Page): Promise<void> {
  await app.open();
  await app.dropFromPalette('training-job', { x: 300, y: 200 });
  await expect(app.node('training-job')).toBeVisible();
  await app.setPolicy([
    'policy untitled',
    'deny rest from any to any',
    'expect allow node:training-job -> pypi.org on tcp/443',
  ]);
  await expect(page.getByTestId('editor-status')).toContainText('Valid');
}

test('Ctrl+. replaces a misspelled role with the one the diagnostic suggests', async ({
  app,
  page,
}) => {
  await app.open();
  await app.dropFromPalette('training-job', { x: 300, y: 200 });
  await expect(app.node('training-job')).toBeVisible();
  await app.setPolicy(['policy untitled', 'allow deps from role:trainr to pypi.org on tcp/443']);
  await expect(page.getByTestId('problems-list')).toContainText('did you mean "trainer"');
  // Jumping to the problem puts the cursor on it.
  await page.getByTestId('problem').first().click();
  await page.keyboard.press('Control+.');
  const action = page.locator('.action-widget').getByText('Change to "trainer"');
  await expect(action).toBeVisible();
  await app.screenshot('quick-fix-did-you-mean');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('policy-editor')).toContainText('role:trainer to pypi.org');
  await expect(page.getByTestId('editor-status')).toContainText('Valid');
});

test('a failing "expect allow" offers an allow rule, shown first, inserted above the deny that decides', async ({
  app,
  page,
}) => {
  await openDeniedExpectation(app, page);
  await page.getByTestId('cmd-simulate').click();
  await expect(page.getByTestId('status-bar')).toContainText('0/1 tests passed');
  // The whole-space finding on the expectation follows the check.
  await expect(page.getByTestId('tab-problems')).toContainText('1');

  await page.locator('.policy-editor .view-line', { hasText: 'expect allow' }).click();
  await page.keyboard.press('Control+.');
  await page.locator('.action-widget').getByText('Add an allow rule for this flow').click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toContainText('above rule "rest"');
  await expect(page.getByTestId('confirm-detail')).toHaveText(
    'allow allow-training-job-pypi-org from node:training-job to pypi.org on tcp/443',
  );
  await app.screenshot('quick-fix-add-allow-rule');
  // Nothing changes before the user agrees.
  await expect(page.getByTestId('policy-editor')).not.toContainText('allow-training-job');
  await page.getByTestId('confirm-insert').click();

  const lines = page.locator('.policy-editor .view-line');
  await expect(lines.nth(1)).toContainText('allow allow-training-job-pypi-org');
  await expect(lines.nth(2)).toContainText('deny rest');
  await page.getByTestId('cmd-simulate').click();
  await expect(page.getByTestId('status-bar')).toContainText('1/1 tests passed');
});

test('Ctrl+. right after an edit waits for the check of the text as it is now', async ({
  app,
  page,
}) => {
  await openDeniedExpectation(app, page);
  // A comment line above moves the expectation down; Ctrl+. follows at once, before the
  // checked model of the new text has arrived (the previous one has the old line numbers).
  await page.locator('.policy-editor .view-line', { hasText: 'deny rest' }).click();
  await page.keyboard.press('Home');
  await page.keyboard.type('# everything else');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await page.locator('.policy-editor .view-line', { hasText: 'expect allow' }).click();
  await page.keyboard.press('Control+.');
  await page.locator('.action-widget').getByText('Add an allow rule for this flow').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('above rule "rest"');
  await expect(page.getByTestId('confirm-detail')).toHaveText(
    'allow allow-training-job-pypi-org from node:training-job to pypi.org on tcp/443',
  );
});
