import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

test('drag components from the palette, connect them, edit, undo and redo', async ({
  app,
  page,
}) => {
  await app.open();
  await app.dropFromPalette('notebook', { x: 300, y: 180 });
  await expect(app.node('notebook')).toBeVisible();
  await expect(page.getByTestId('node-inspector')).toBeVisible();
  await expect(page.getByTestId('inspector-id')).toHaveValue('notebook');
  // An internal kind dropped outside every zone lands in the internal zone.
  await expect(page.getByTestId('inspector-zone')).toHaveValue('vpc');

  await app.dropFromPalette('llm-api', { x: 760, y: 180 });
  await expect(app.node('llm-api')).toBeVisible();
  await expect(page.getByTestId('inspector-zone')).toHaveValue('internet');
  await expect(page.getByTestId('dirty-indicator')).toBeVisible();

  await app.connect('notebook', 'llm-api');
  const dialog = page.getByTestId('connect-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('connect-service')).toHaveValue('tcp/443');
  await page.getByTestId('connect-note').fill('chat completions');
  await app.screenshot('06-connect-dialog');
  await page.getByTestId('connect-confirm').click();
  await expect(page.getByTestId('edge-label-0')).toHaveText('tcp/443');
  await expect(page.getByTestId('edge-inspector')).toBeVisible();

  // Inspector edits are validated as typed.
  await page.getByTestId('inspector-service').fill('tcp/99999');
  await expect(page.getByTestId('edge-inspector')).toContainText('Ports are 1–65535.');
  await page.getByTestId('inspector-service').fill('tcp/8443');
  await page.getByTestId('inspector-service').press('Enter');
  await expect(page.getByTestId('edge-label-0')).toHaveText('tcp/8443');

  await app.node('llm-api').click();
  await page.getByTestId('inspector-hosts').fill('api.openai.com');
  await page.getByTestId('inspector-hosts').blur();
  await expect(app.node('llm-api')).toContainText('api.openai.com');
  await app.screenshot('07-canvas-editing');

  // Undo the host, the service and the connection; redo the connection.
  await page.getByTestId('canvas').click({ position: { x: 20, y: 400 } });
  await page.getByTestId('undo').click();
  await expect(app.node('llm-api')).not.toContainText('api.openai.com');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('edge-label-0')).toHaveText('tcp/443');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('edge-label-0')).toHaveCount(0);
  await page.getByTestId('redo').click();
  await expect(page.getByTestId('edge-label-0')).toHaveText('tcp/443');

  // Delete removes the node and its connection; Ctrl+Z brings both back.
  await app.node('notebook').click();
  await page.keyboard.press('Delete');
  await expect(app.node('notebook')).toHaveCount(0);
  await expect(page.getByTestId('edge-label-0')).toHaveCount(0);
  await page.keyboard.press('ControlOrMeta+Z');
  await expect(app.node('notebook')).toBeVisible();
  await expect(page.getByTestId('edge-label-0')).toBeVisible();
});

test('copy, paste and auto-layout', async ({ app, page }) => {
  await app.open();
  await app.dropFromPalette('training-job', { x: 300, y: 200 });
  await expect(app.node('training-job')).toBeVisible();
  await app.node('training-job').click();
  await page.keyboard.press('ControlOrMeta+C');
  await page.keyboard.press('ControlOrMeta+V');
  await expect(app.node('training-job-2')).toBeVisible();
  const overlapping = async (): Promise<boolean> => {
    const a = (await app.node('training-job').boundingBox())!;
    const b = (await app.node('training-job-2').boundingBox())!;
    return (
      a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
    );
  };
  // Pasted copies are offset a little: they overlap their original until laid out.
  expect(await overlapping()).toBe(true);
  await page.getByTestId('auto-layout').click();
  await expect.poll(overlapping).toBe(false);
  await app.screenshot('13-auto-layout');
});

test('zoomed far out the nodes show as icons once the view rests, and their texts come back', async ({
  app,
  page,
}) => {
  await app.open();
  await app.dropFromPalette('notebook', { x: 300, y: 180 });
  const canvas = page.getByTestId('canvas');
  const text = app.node('notebook').locator('.endpoint-text');
  await expect(canvas).toHaveClass(/detail-full/);
  await expect(text).toBeVisible();
  // Ten presses in one go, faster than the zoom animates: each steps from where the last is
  // going, so they zoom as far as ten slow presses.
  await page.getByTestId('zoom-out').evaluate((button: HTMLElement) => {
    for (let i = 0; i < 10; i++) button.click();
  });
  await expect(canvas).toHaveClass(/detail-icons/);
  await expect(text).toBeHidden();
  await app.screenshot('16-zoomed-out-icons');
  for (let i = 0; i < 10; i++) await page.getByTestId('zoom-in').click();
  await expect(canvas).toHaveClass(/detail-full/);
  await expect(text).toBeVisible();
});

test('the wheel zooms about the cursor, and the view it rests at is the one xyflow goes on from', async ({
  app,
  page,
}) => {
  await app.open();
  await app.dropFromPalette('notebook', { x: 300, y: 180 });
  const node = app.node('notebook');
  const minimapView = page.locator('.react-flow__minimap-mask');
  const before = (await node.boundingBox())!;
  const maskBefore = await minimapView.getAttribute('d');
  const cursor = { x: before.x + before.width / 2, y: before.y + before.height / 2 };
  await page.mouse.move(cursor.x, cursor.y);
  for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -100);
  // At rest the minimap shows the new view too.
  await expect.poll(() => minimapView.getAttribute('d')).not.toBe(maskBefore);
  const after = (await node.boundingBox())!;
  // xyflow's wheel step: 2^(100 × 0.002) per event.
  expect(after.width / before.width).toBeCloseTo(2 ** 0.6, 1);
  expect(after.x + after.width / 2).toBeCloseTo(cursor.x, 0);
  expect(after.y + after.height / 2).toBeCloseTo(cursor.y, 0);

  // The toolbar zooms on from the rested view (xyflow's own state was brought along).
  await page.getByTestId('zoom-in').click();
  await expect
    .poll(async () => (await node.boundingBox())!.width / after.width, { timeout: 2000 })
    .toBeCloseTo(1.2, 1);
});

test('dragging the empty pane pans the view, keeps the selection, and xyflow goes on from it', async ({
  app,
  page,
}) => {
  await app.open();
  await app.dropFromPalette('notebook', { x: 300, y: 180 });
  const node = app.node('notebook');
  await expect(page.getByTestId('node-inspector')).toBeVisible();
  const pane = await emptyPanePoint(page);
  const minimapView = page.locator('.react-flow__minimap-mask');
  const maskBefore = await minimapView.getAttribute('d');
  const before = (await node.boundingBox())!;

  // The content moves with the mouse, so the drag ends over the same empty pane: the click
  // the browser then sends to the pane must not count as a click on it.
  await page.mouse.move(pane.x, pane.y);
  await page.mouse.down();
  await page.mouse.move(pane.x - 60, pane.y - 40, { steps: 6 });
  await page.mouse.up();
  const after = (await node.boundingBox())!;
  expect(after.x - before.x).toBeCloseTo(-60, 0);
  expect(after.y - before.y).toBeCloseTo(-40, 0);
  await expect(page.getByTestId('node-inspector')).toBeVisible();
  await expect.poll(() => minimapView.getAttribute('d')).not.toBe(maskBefore);

  // xyflow zooms in about the pane's centre from the panned view.
  const flowBox = (await page.locator('.react-flow').boundingBox())!;
  const centre = flowBox.x + flowBox.width / 2;
  await page.getByTestId('zoom-in').click();
  await expect
    .poll(async () => Math.abs((await node.boundingBox())!.x - (centre + (after.x - centre) * 1.2)))
    .toBeLessThan(1);

  // A click on the pane, without moving, is still a click: it clears the selection.
  const empty = await emptyPanePoint(page);
  await page.mouse.click(empty.x, empty.y);
  await expect(page.getByTestId('node-inspector')).toBeHidden();
});

/** A point of the canvas, away from its edges, where only the empty pane is under the mouse. */
async function emptyPanePoint(page: Page): Promise<{ x: number; y: number }> {
  const box = (await page.locator('.react-flow__pane').boundingBox())!;
  for (let y = box.y + box.height - 60; y > box.y + 60; y -= 20) {
    for (let x = box.x + box.width / 2; x < box.x + box.width - 60; x += 20) {
      const onPane = await page.evaluate(
        ([px, py]) => document.elementFromPoint(px!, py!)?.classList.contains('react-flow__pane'),
        [x, y],
      );
      if (onPane) return { x, y };
    }
  }
  throw new Error('no empty pane on the canvas');
}
