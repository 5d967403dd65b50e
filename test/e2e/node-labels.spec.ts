import { expect, test } from './fixtures.js';

test('a node whose label is cut at fit zoom shows its full label and details on hover', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await app.open();
  await page.getByTestId('cmd-new').click();
  await page.getByTestId('template-ml-training').click();
  await app.confirmDiscardIfAsked();
  const notebook = app.node('notebook');
  await expect(notebook).toBeVisible();
  const title = await notebook.getAttribute('title');
  expect(title).toContain('Research notebooks');
  expect(title).toContain('Notebook · researcher');
  await notebook.hover();
  await app.screenshot('node-label-hover-1280');
});
