import { expect, test } from './fixtures.js';

test('a rule naming an unknown role gets a diagnostic that goes away when fixed', async ({
  app,
  page,
}) => {
  await app.open();
  await app.dropFromPalette('training-job', { x: 300, y: 200 });
  await expect(app.node('training-job')).toBeVisible();
  await app.setPolicy(['policy untitled', 'allow deps from role:trainr to pypi.org on tcp/443']);
  const problems = page.getByTestId('problems-list');
  await expect(problems).toContainText('trainr');
  await expect(page.locator('.policy-editor .squiggly-error').first()).toBeVisible();
  await app.screenshot('08-diagnostic');

  // Jumping to the problem selects its text in the editor.
  await page.getByTestId('problem').first().click();

  await app.setPolicy(['policy untitled', 'allow deps from role:trainer to pypi.org on tcp/443']);
  await expect(page.getByTestId('problems-empty')).toBeVisible();
  await expect(page.locator('.policy-editor .squiggly-error')).toHaveCount(0);
  await expect(page.getByTestId('editor-status')).toContainText('Valid');
});

test('completion offers topology roles, and Format rewrites the policy canonically', async ({
  app,
  page,
}) => {
  await app.open();
  await app.dropFromPalette('training-job', { x: 300, y: 200 });
  await expect(app.node('training-job')).toBeVisible();
  await app.setPolicy(['policy    untitled']);
  await page.keyboard.press('Enter');
  await page.keyboard.type('allow deps from role:');
  const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: 'trainer' });
  await expect(suggestion).toBeVisible();
  await app.screenshot('14-completion');
  await page.keyboard.press('Enter');
  await page.keyboard.type(' to pypi.org,api.openai.com on tcp/443');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('editor-status')).toContainText('Valid');

  await page.getByTestId('cmd-format').click();
  await expect(page.getByTestId('policy-editor')).toContainText('pypi.org, api.openai.com');
});

test('the editor warm-up at start-up runs outside the window and leaves nothing behind', async ({
  app,
  page,
}) => {
  // Records every editor host added to <body> (the warm-up's), and where focus was then.
  await page.addInitScript(() => {
    const seen: { hidden: string | null; inert: boolean }[] = [];
    (window as unknown as { warmUpHosts: typeof seen }).warmUpHosts = seen;
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes)
          if (n instanceof HTMLElement && n.parentElement === document.body && n.style.left)
            seen.push({ hidden: n.getAttribute('aria-hidden'), inert: n.inert });
    }).observe(document, { childList: true, subtree: true });
  });
  await app.open();
  await page.locator('.policy-editor .monaco-editor').click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { warmUpHosts: unknown[] }).warmUpHosts))
    .toEqual([{ hidden: 'true', inert: true }]);
  await expect(page.locator('.monaco-editor')).toHaveCount(1);
  await page.keyboard.type('# typed after the warm-up');
  await expect(page.getByTestId('policy-editor')).toContainText('# typed after the warm-up');
});
