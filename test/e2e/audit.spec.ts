import { expect, test } from './fixtures.js';

test('the Audit view lists the exact inventory, broad classes and overdue reviews, each one click from Explain', async ({
  app,
  page,
}) => {
  await app.open();
  await app.dropFromPalette('notebook', { x: 300, y: 200 });
  await app.dropFromPalette('llm-api', { x: 760, y: 200 });
  await app.node('llm-api').click();
  await page.getByTestId('inspector-hosts').fill('api.openai.com');
  await page.getByTestId('inspector-hosts').blur();
  await app.setPolicy([
    'policy untitled',
    '# Notebooks call the LLM API directly.',
    '# owner: ml-team',
    '# review-by: 2025-01-31',
    'allow llm from node:notebook to api.openai.com on tcp/443',
    '# Anything else on the web, for now.',
    '# owner: research',
    '# review-by: 2099-12-31',
    'allow web from node:notebook to any on tcp/443',
    'default deny log',
  ]);
  await expect(page.getByTestId('editor-status')).not.toContainText('Checking');

  await page.getByTestId('tab-audit').click();
  await expect(page.getByTestId('audit-view')).toBeVisible();
  const classes = page.getByTestId('audit-class');
  await expect(classes).toHaveCount(2);
  await expect(classes.nth(0)).toContainText('llm');
  await expect(classes.nth(0)).toContainText('api.openai.com');
  await expect(classes.nth(1)).toContainText('web');
  // `to any` by name alone is a broad class; the past review date is overdue, the future one not.
  await expect(page.getByTestId('audit-finding').first()).toContainText('Any destination');
  await expect(page.getByTestId('audit-overdue')).toHaveCount(1);
  await expect(page.getByTestId('audit-overdue')).toContainText('2025-01-31');
  await app.screenshot('20-audit');

  await classes.nth(0).getByTestId('audit-class-explain').click();
  await expect(page.getByTestId('explain-verdict')).toHaveText('allow');
  await expect(page.getByTestId('explain-view')).toContainText('llm');
  await app.screenshot('21-audit-explain');

  await page.getByTestId('tab-audit').click();
  await page.getByTestId('audit-finding-explain').first().click();
  await expect(page.getByTestId('explain-verdict')).toHaveText('allow');
  await expect(page.getByTestId('explain-view')).toContainText('web');
});
