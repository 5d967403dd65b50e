import { expect, test } from './fixtures.js';

test('Ctrl+M lets Tab leave the editor, as the help sheet says; canvas nodes show keyboard focus', async ({
  app,
  page,
}) => {
  await app.open();
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-overlay')).toContainText('Tab moves focus');
  await page.keyboard.press('Escape');

  await page.getByTestId('policy-editor').click();
  const inEditor = () =>
    page.evaluate(() => !!document.activeElement?.closest('[data-testid="policy-editor"]'));
  await page.keyboard.press('Tab');
  expect(await inEditor(), 'Tab indents while the toggle is off').toBe(true);
  await page.keyboard.press('Control+M');
  await page.keyboard.press('Tab');
  expect(await inEditor(), 'Tab leaves the editor once toggled').toBe(false);

  await page.getByTestId('cmd-new').click();
  await page.getByTestId('template-rag-app').click();
  await app.confirmDiscardIfAsked();
  const node = page.locator('.react-flow__node-endpoint').first();
  await node.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  // The card's shadow eases in.
  await page.waitForTimeout(300);
  const ring = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const card = el?.querySelector('.endpoint');
    return card ? getComputedStyle(card).boxShadow : 'no focused node';
  });
  // The app's focus ring (--focus-ring), not only the card's resting shadow.
  expect(ring).toContain('rgba(91, 91, 214, 0.25)');
});
