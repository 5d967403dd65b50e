import { expect, test } from './fixtures.js';

test('Ctrl+Shift+P and F1 open the command palette: every command with its keys, filtered, run with Enter', async ({
  app,
  page,
}) => {
  await app.open();
  await page.keyboard.press('Control+Shift+P');
  const palette = page.getByTestId('command-palette');
  await expect(palette).toBeVisible();
  await expect(page.getByTestId('command-simulate')).toContainText('Run simulation');
  await expect(page.getByTestId('command-simulate')).toContainText('Ctrl');
  await expect(page.getByTestId('command-save')).toBeVisible();
  await app.screenshot('command-palette');

  await page.keyboard.type('keyboard');
  await expect(page.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByTestId('help-overlay')).toBeVisible();
  await page.keyboard.press('Escape');

  // From inside the editor too, with F1.
  await page.getByTestId('policy-editor').click();
  await page.keyboard.press('F1');
  await expect(palette).toBeVisible();
  await page.keyboard.type('run sim');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('status-bar')).toContainText('tests passed');
});
