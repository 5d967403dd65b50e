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

test('the cursor on a set name highlights its definition and uses, on a keyword nothing', async ({
  app,
  page,
}) => {
  await app.open();
  await app.setPolicy([
    'policy untitled',
    'hosts pypi = pypi.org',
    'allow deps from any to pypi on tcp/443',
    'allow more from any to pypi on tcp/80',
  ]);
  await expect(page.getByTestId('editor-status')).toContainText('Valid');
  const definition = page.locator('.policy-editor .wordHighlightStrong');
  const uses = page.locator('.policy-editor .wordHighlight');
  const anyHighlight = page.locator('.policy-editor [class*="wordHighlight"]');
  const goTo = async (place: string): Promise<void> => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+G');
    await page.keyboard.type(place);
    await page.keyboard.press('Enter');
  };
  // The names come with the analysis' details, a moment after typing stops: ask again
  // until they are there.
  await expect(async () => {
    await goTo('3:25');
    await expect(definition).toHaveCount(1, { timeout: 1000 });
    await expect(uses).toHaveCount(2, { timeout: 1000 });
  }).toPass();
  await app.screenshot('15-occurrences');

  // Monaco's own highlighter would mark both `allow` keywords; the engine's symbols give none.
  await goTo('4:2');
  await expect(anyHighlight).toHaveCount(0);
  await page.waitForTimeout(750);
  await expect(anyHighlight).toHaveCount(0);
});
