import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures.js';

const LOG = join(import.meta.dirname, '../learn/fixtures/ml-training-access.log');

test('learn from traffic lists the proposed rules with flags and accepts one into the policy', async ({
  app,
  page,
}) => {
  await app.open();
  await page.getByTestId('cmd-new').click();
  await page.getByTestId('template-ml-training').click();
  await app.confirmDiscardIfAsked();
  await expect(page.getByTestId('status-bar')).toContainText('9 rules');

  await page.getByTestId('tab-learn').click();
  await expect(page.getByTestId('learn-empty')).toBeVisible();
  await page.getByTestId('learn-file-input').setInputFiles({
    name: 'access.log',
    mimeType: 'text/plain',
    buffer: readFileSync(LOG),
  });
  await expect(page.getByTestId('learn-summary')).toContainText(
    '3 proposed rules from 6 attempts; 2 already allowed, 1 denied in the log and left out',
  );
  await expect(page.getByTestId('learn-rules').locator('li')).toHaveCount(3);
  const addresses = page.getByTestId('learn-rule-trainer-to-addresses');
  await expect(addresses).toContainText('role:trainer → 203.0.113.77 on tcp/8443');
  await expect(addresses.getByTestId('learn-flag')).toHaveCount(2);
  await expect(page.getByTestId('learn-rule-trainer-to-example-models-com')).toContainText(
    '*.weights.example-models.com',
  );
  await expect(page.getByTestId('learn-notes')).toContainText('Inbound from 198.51.100.99');
  await expect(page.getByTestId('learn-notes')).toContainText('denied by rule no-metadata');
  await app.screenshot('30-learn-from-traffic');

  await page.getByTestId('learn-accept-trainer-to-wandb-ai').click();
  await expect(page.getByTestId('learn-accept-trainer-to-wandb-ai')).toHaveText('Added');
  await expect(page.getByTestId('status-bar')).toContainText('10 rules');
  await expect(page.getByTestId('editor-status')).not.toContainText('Checking');
  await expect(page.getByTestId('editor-status')).not.toHaveText(/^\s*\d+\s*$/);
  await app.screenshot('31-learn-accepted');
});
