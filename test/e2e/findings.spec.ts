import { expect, test } from './fixtures.js';

test('a shadowed rule is a warning in Problems and the editor, and its quick fix deletes it', async ({
  app,
  page,
}) => {
  await app.open();
  await app.dropFromPalette('training-job', { x: 300, y: 200 });
  await expect(app.node('training-job')).toBeVisible();
  await app.setPolicy([
    'policy untitled',
    'allow deps from role:trainer to pypi.org on tcp/443',
    'allow deps-again from role:trainer to pypi.org on tcp/443',
  ]);
  const problems = page.getByTestId('problems-list');
  await expect(problems).toContainText('deps-again decides no flow');
  await expect(page.locator('.policy-editor .squiggly-warning').first()).toBeVisible();
  await app.screenshot('findings-shadowed');

  // The quick fix on the shadowed rule's line.
  await page.locator('.policy-editor .view-line').nth(2).click();
  await page.keyboard.press('ControlOrMeta+.');
  await page.getByText('Delete rule deps-again').click();
  await expect(page.getByTestId('problems-empty')).toBeVisible();
  await expect(page.locator('.policy-editor .view-lines')).not.toContainText('deps-again');
});
