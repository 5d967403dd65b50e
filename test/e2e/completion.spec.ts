import { expect, test } from './fixtures.js';

test('completion offers what the grammar accepts: no clause after "to ", internal roles before external-only ones', async ({
  app,
  page,
}) => {
  await app.open();
  await app.dropFromPalette('training-job', { x: 300, y: 200 });
  await app.dropFromPalette('llm-api', { x: 700, y: 260 });
  await expect(app.node('training-job')).toBeVisible();
  await expect(app.node('llm-api')).toBeVisible();
  await app.setPolicy(['policy untitled']);
  await page.keyboard.press('Enter');
  await page.keyboard.type('allow calls from role:');
  const rows = page.locator('.suggest-widget .monaco-list-row');
  await expect(rows.first()).toContainText('trainer');
  const external = rows.filter({ hasText: 'llm-api' });
  await expect(external).toContainText('external only');
  await app.screenshot('completion-roles');
  await page.keyboard.press('Enter');

  await page.keyboard.type(' to ');
  await expect(rows.first()).toBeVisible();
  const labels = await rows.locator('.label-name').allTextContents();
  expect(labels).toContain('any');
  for (const clause of ['from', 'log', 'methods', 'on', 'to']) expect(labels).not.toContain(clause);

  await page.keyboard.type('api.openai.com ');
  await expect(rows.first()).toBeVisible();
  expect(await rows.locator('.label-name').allTextContents()).toEqual(
    expect.arrayContaining(['on', 'methods', 'paths', 'log']),
  );
  expect(await rows.locator('.label-name').allTextContents()).not.toContain('from');
  await app.screenshot('completion-clauses');
});
