import { expect, test } from './fixtures.js';

test('exports nftables with a preview and a fidelity list', async ({ app, page }) => {
  await app.open();
  await app.dropFromPalette('training-job', { x: 300, y: 200 });
  await app.node('training-job').click();
  await page.getByTestId('inspector-addresses').fill('10.0.1.0/24');
  await page.getByTestId('inspector-addresses').blur();
  await app.setPolicy([
    'policy untitled',
    'allow updates from role:trainer to 151.101.0.0/16 on tcp/443',
    'default deny log',
  ]);
  await expect(page.getByTestId('editor-status')).toContainText('Valid');

  await page.getByTestId('cmd-export').click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  const nft = page.getByTestId('export-target-nftables').locator('input');
  await expect(nft).toBeVisible();
  // Choose exactly nftables.
  for (const box of await dialog.locator('[data-testid^="export-target-"] input').all()) {
    if (await box.isChecked()) await box.uncheck();
  }
  await nft.check();
  await page.getByTestId('export-generate').click();
  await expect(page.getByTestId('export-preview')).toContainText('table inet egress_studio');
  await expect(page.getByTestId('fidelity-row').first()).toBeVisible();
  await expect(page.getByTestId('fidelity-list')).toContainText('updates');
  await app.screenshot('12-export-nftables');

  // The hook control comes from the option nftables declares.
  await page.getByTestId('export-option-hook-output').click();
  await page.getByTestId('export-generate').click();
  await expect(page.getByTestId('export-preview')).toContainText('type filter hook output');

  const download = page.waitForEvent('download');
  await page.getByTestId('export-download').click();
  expect((await download).suggestedFilename()).toBe('untitled-exports.zip');
});

test('at 900 px high Generate is in view; exporting with failing tests asks first and names them', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await app.open();
  await page.getByTestId('cmd-new').click();
  await page.getByTestId('template-llm-gateway').click();
  await app.confirmDiscardIfAsked();
  // One expectation that the policy contradicts.
  await page.getByTestId('policy-editor').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('expect allow node:web-app -> 8.8.8.8 on udp/53');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('editor-status')).toContainText('Valid');

  await page.getByTestId('cmd-export').click();
  await expect(page.getByTestId('export-generate')).toBeInViewport({ ratio: 1 });
  await page.getByTestId('export-generate').click();
  await expect(page.getByTestId('export-preview')).toBeVisible();
  await app.screenshot('export-900');

  let downloaded = false;
  page.on('download', () => {
    downloaded = true;
  });
  await page.getByTestId('export-download').click();
  const failures = page.getByTestId('export-failures');
  await expect(failures).toBeVisible();
  await expect(failures).toContainText('1 test of this project fails');
  await expect(failures).toContainText('8.8.8.8');
  await app.screenshot('export-failing-tests');
  expect(downloaded).toBe(false);
  await page.getByTestId('export-failures-cancel').click();
  await expect(failures).toHaveCount(0);
  await page.getByTestId('export-download').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-anyway').click();
  expect((await download).suggestedFilename()).toBe('llm-gateway-exports.zip');
});
