import { expect, test } from './fixtures.js';

test('opens on an empty project with palette, canvas, editor and inspector', async ({
  app,
  page,
}) => {
  await app.open();
  await expect(page.getByTestId('project-name')).toHaveText('untitled');
  await expect(page.getByTestId('dirty-indicator')).toHaveCount(0);
  await expect(page.getByTestId('palette-training-job')).toBeVisible();
  await expect(page.getByTestId('zone-vpc')).toBeVisible();
  await expect(page.getByTestId('zone-internet')).toBeVisible();
  await expect(page.getByTestId('policy-editor')).toContainText('default deny log');
  await expect(page.getByTestId('problems-empty')).toBeVisible();
  await app.screenshot('01-empty-project');
});

test('lists the keyboard shortcuts on ?', async ({ app, page }) => {
  await app.open();
  await page.getByTestId('canvas').click({ position: { x: 40, y: 300 } });
  await page.keyboard.press('?');
  const help = page.getByTestId('help-overlay');
  await expect(help).toBeVisible();
  await expect(help).toContainText('Save project');
  await expect(help).toContainText('Auto-layout');
  await app.screenshot('02-keyboard-shortcuts');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
});

test('new project from a template loads its topology and policy', async ({ app, page }) => {
  await app.open();
  await page.getByTestId('cmd-new').click();
  const dialog = page.getByTestId('new-project-dialog');
  await expect(dialog).toBeVisible();
  const templates = dialog.locator(
    '[data-testid^="template-"]:not([data-testid="template-blank"])',
  );
  expect(
    await templates.count(),
    'policies/ provides at least one example project',
  ).toBeGreaterThan(0);
  await app.screenshot('03-new-project');
  await templates.first().click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('.react-flow__node-endpoint').first()).toBeVisible();
  expect(await page.locator('.react-flow__node-endpoint').count()).toBeGreaterThan(1);
  await expect(page.getByTestId('policy-editor')).toContainText('policy');
  // A template is a new, unsaved project.
  await expect(page.getByTestId('dirty-indicator')).toBeVisible();
  await expect(page.getByTestId('status-bar')).toContainText('Engine ready');
  await app.screenshot('04-template-project');
});

test('follows the dark system theme', async ({ app, page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.open();
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(13, 14, 17)');
  await app.dropFromPalette('agent', { x: 300, y: 200 });
  await app.dropFromPalette('llm-api', { x: 760, y: 200 });
  await app.connect('agent', 'llm-api');
  await page.getByTestId('connect-confirm').click();
  await page.getByTestId('cmd-simulate').click();
  await expect(page.getByTestId('simulation-panel')).toBeVisible();
  await app.screenshot('05-dark-theme');
});
