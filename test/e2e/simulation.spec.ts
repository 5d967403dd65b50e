import { expect, test } from './fixtures.js';

test('simulation colours a denied edge, explains it, and turns it green once allowed', async ({
  app,
  page,
}) => {
  await app.open();
  await app.dropFromPalette('notebook', { x: 300, y: 200 });
  await app.dropFromPalette('llm-api', { x: 760, y: 200 });
  await app.node('llm-api').click();
  await page.getByTestId('inspector-hosts').fill('api.openai.com');
  await page.getByTestId('inspector-hosts').blur();
  await app.connect('notebook', 'llm-api');
  await page.getByTestId('connect-confirm').click();

  // The blank policy denies everything: the drawn connection is denied.
  await page.getByTestId('cmd-simulate').click();
  await expect(page.getByTestId('edge-label-0')).toHaveAttribute('data-verdict', 'deny');
  await expect(page.getByTestId('verdict-legend')).toContainText('Denied');
  await expect(page.getByTestId('sim-row')).toHaveCount(1);
  await expect(page.getByTestId('sim-row').first()).toHaveAttribute('data-passed', 'false');
  await app.screenshot('09-simulation-denied');

  await page.getByTestId('sim-row').first().click();
  await page.getByTestId('tab-explain').click();
  await expect(page.getByTestId('explain-verdict')).toHaveText('deny');
  await expect(page.getByTestId('explain-view')).toContainText('default');
  await app.screenshot('10-explain');

  await app.setPolicy([
    'policy untitled',
    '# Notebooks call the LLM API directly.',
    'allow llm from node:notebook to api.openai.com on tcp/443',
    'default deny log',
  ]);
  await expect(page.getByTestId('editor-status')).toContainText('Valid');
  await page.getByTestId('cmd-simulate').click();
  await expect(page.getByTestId('edge-label-0')).toHaveAttribute('data-verdict', 'allow');
  await expect(page.getByTestId('sim-row').first()).toHaveAttribute('data-passed', 'true');
  await page.getByTestId('sim-row').first().click();
  await page.getByTestId('tab-explain').click();
  await expect(page.getByTestId('explain-verdict')).toHaveText('allow');
  await expect(page.getByTestId('explain-rule')).toHaveCount(1);
  await app.screenshot('11-simulation-allowed');
});

test('a large flow file is simulated in the worker and shown in a virtualised table', async ({
  app,
  page,
}) => {
  await app.open();
  await app.dropFromPalette('notebook', { x: 300, y: 200 });
  await app.setPolicy([
    'policy untitled',
    'allow pypi from node:notebook to pypi.org on tcp/443',
    'default deny log',
  ]);
  await expect(page.getByTestId('editor-status')).toContainText('Valid');
  const rows = ['src,host,ip,proto,port,method,path'];
  for (let i = 0; i < 3000; i++) {
    rows.push(
      i % 3 === 0 ? 'notebook,example.com,,tcp,443,,' : 'notebook,pypi.org,,tcp,443,GET,/simple/',
    );
  }
  rows.push('notebook,pypi.org,,tcp,99999,,');
  // A source that names no node, and one that is no IP address: listed, never decided.
  rows.push('notebok,pypi.org,,tcp,443,,', '10.30.1.999,pypi.org,,tcp,443,,');
  await page.getByTestId('tab-simulation').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('load-flows').click();
  await (
    await chooser
  ).setFiles({
    name: 'flows.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(rows.join('\n') + '\n'),
  });
  await expect(page.getByTestId('sim-summary')).toContainText('2000 allowed');
  await expect(page.getByTestId('sim-summary')).toContainText('1000 denied');
  await expect(page.getByTestId('sim-summary')).toContainText('3 not simulated');
  const problems = page.getByTestId('flow-problem');
  await expect(problems).toHaveCount(3);
  await expect(problems.nth(0)).toContainText('line 3002');
  await expect(problems.nth(0)).toContainText('port 99999 is outside 1-65535');
  await expect(problems.nth(1)).toHaveAttribute('data-kind', 'unknown-source');
  await expect(problems.nth(1)).toContainText(
    'unknown source node "notebok" (did you mean "notebook"?)',
  );
  await expect(problems.nth(2)).toContainText('src "10.30.1.999" is neither an IP address');
  // Only the visible rows are in the DOM.
  const rendered = await page.getByTestId('sim-row').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(100);
  await app.screenshot('15-flow-file');
});

test('formatting keeps the results, marked out of date, and drops the stale highlight', async ({
  app,
  page,
}) => {
  await app.open();
  await page.getByTestId('cmd-new').click();
  await page.getByTestId('template-llm-gateway').click();
  await app.confirmDiscardIfAsked();
  await page.getByTestId('cmd-simulate').click();
  const rows = page.getByTestId('sim-row');
  await expect(rows.first()).toBeVisible();
  const summary = await page.getByTestId('sim-summary').textContent();
  await rows.first().click();
  await expect(page.locator('.deciding-rule')).not.toHaveCount(0);
  await expect(page.locator('.canvas.has-focus')).toHaveCount(1);

  // Whitespace only: the formatter puts it back the way it was.
  await page.getByTestId('policy-editor').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('   ');
  await page.getByTestId('cmd-format').click();
  await expect(page.getByTestId('results-stale')).toBeVisible();
  await expect(page.getByTestId('sim-summary')).toHaveText(summary!);
  await expect(rows.first()).toBeVisible();
  await expect(page.locator('.deciding-rule')).toHaveCount(0);
  await expect(page.locator('.canvas.has-focus')).toHaveCount(0);
  await expect(page.getByTestId('verdict-legend')).toContainText('Out of date');
  await app.screenshot('stale-results');

  // Selecting another row selects its edge (or nothing) for the inspector.
  await rows.nth(1).click();
  await expect(page.locator('.canvas.has-focus')).toHaveCount(1);
  await page.getByTestId('rerun-stale').click();
  await expect(page.getByTestId('results-stale')).toHaveCount(0);
});
