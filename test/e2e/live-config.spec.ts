/**
 * The live configuration pane beside the editor: the selected target's generated file follows
 * the policy as it is typed, each rule's lines start with its fidelity, a click on a generated
 * line selects its rule in the editor, and the pane fits and collapses at 1280×800.
 */
import { expect, test } from './fixtures.js';

test.use({ viewport: { width: 1280, height: 800 } });

test('shows the generated file, follows typing and leads from a line to its rule', async ({
  app,
  page,
}) => {
  await app.open();
  await page.getByTestId('cmd-new').click();
  await page.getByTestId('template-llm-gateway').click();
  await app.confirmDiscardIfAsked();
  await expect(page.locator('.react-flow__node-endpoint').first()).toBeVisible();

  await expect(page.getByTestId('config-pane')).toHaveCount(0);
  await page.keyboard.press('ControlOrMeta+Alt+G');
  const pane = page.getByTestId('config-pane');
  await expect(pane).toBeVisible();
  await expect(page.getByTestId('config-target')).toHaveValue('nftables');
  const code = page.getByTestId('config-code');
  await expect(code).toContainText('comment "app-to-gateway"');

  // Each rule's block starts with its fidelity badge.
  const dnsBadge = page.locator('[data-rule="dns"] [data-testid="config-badge"]');
  await expect(dnsBadge).toHaveText('exact');
  await expect(
    page.locator('[data-rule="openai-inference"] [data-testid="config-badge"]'),
  ).toHaveText('widened');

  // The pane, the editor and the results sit side by side inside the window.
  const boxes = await Promise.all(
    ['.dock-editor', '.dock-config', '.dock-results'].map((s) => page.locator(s).boundingBox()),
  );
  for (let i = 1; i < boxes.length; i++)
    expect(boxes[i]!.x, 'panes side by side').toBeGreaterThanOrEqual(
      boxes[i - 1]!.x + boxes[i - 1]!.width - 1,
    );
  expect(boxes[2]!.x + boxes[2]!.width).toBeLessThanOrEqual(1280);
  expect(boxes[1]!.width).toBeGreaterThanOrEqual(300);
  await dnsBadge.scrollIntoViewIfNeeded();
  await app.screenshot('live-config-1280');

  // A click on a generated line of rule "dns" selects that rule in the editor.
  await page.locator('[data-rule="dns"]').filter({ hasText: 'accept' }).first().click();
  const ruleLine = page.locator('.policy-editor .view-line', { hasText: 'allow dns from' });
  await expect(ruleLine).toBeVisible();
  const selection = page.locator('.policy-editor .selected-text').first();
  await expect(selection).toBeVisible();
  // The editor scrolls the rule into view: compare the boxes once it has come to rest.
  const offset = async (): Promise<number> => {
    const [lineBox, selectionBox] = [await ruleLine.boundingBox(), await selection.boundingBox()];
    return Math.abs(lineBox!.y - selectionBox!.y);
  };
  await expect.poll(offset, { message: 'the rule is selected' }).toBeLessThan(3);

  // Typing a new rule shows up in the generated file without a click.
  const editor = page.getByTestId('policy-editor');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('allow live-rule from node:llm-gateway to 192.0.2.7 on tcp/8080');
  await page.keyboard.press('Escape');
  await expect(code).toContainText('comment "live-rule"', { timeout: 10_000 });
  await expect(page.locator('[data-rule="live-rule"] [data-testid="config-badge"]')).toHaveText(
    'exact',
  );

  // Another target: the same rule in Squid.
  await page.getByTestId('config-target').selectOption('squid');
  await expect(code).toContainText('http_access');

  // Collapsed, the results get their room back.
  await page.getByTestId('config-close').click();
  await expect(pane).toHaveCount(0);
  await expect(page.getByTestId('toggle-config')).toHaveAttribute('aria-pressed', 'false');
});

test('an error in the policy keeps the last file, marked as out of date', async ({ app, page }) => {
  await app.open();
  await page.getByTestId('cmd-new').click();
  await page.getByTestId('template-rag-app').click();
  await app.confirmDiscardIfAsked();
  await page.getByTestId('toggle-config').click();
  const code = page.getByTestId('config-code');
  await expect(code).toBeVisible();
  await page.getByTestId('policy-editor').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('allow broken from nowhere:x to');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('config-status')).toContainText('error', { timeout: 10_000 });
  await expect(code).toHaveClass(/is-stale/);
  await app.screenshot('live-config-error');
});
