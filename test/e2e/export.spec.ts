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
