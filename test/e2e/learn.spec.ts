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

test('a learned rule that allows what the log shows denied says so', async ({ app, page }) => {
  await app.open();
  await page.getByTestId('cmd-new').click();
  await page.getByTestId('template-ml-training').click();
  await app.confirmDiscardIfAsked();
  await page.getByTestId('tab-learn').click();
  // The proxy allowed /simple/ and refused /admin/ on the same name: the rule learned from the
  // first cannot see paths, so it allows the second too.
  const log = [
    '1700000000.000 5 10.30.1.5 TCP_MISS/200 100 GET http://mirror.example.com/simple/ - HIER_DIRECT/198.51.100.9 text/html',
    '1700000001.000 5 10.30.1.5 TCP_DENIED/403 100 GET http://mirror.example.com/admin/ - HIER_NONE/- -',
  ].join('\n');
  await page.getByTestId('learn-file-input').setInputFiles({
    name: 'access.log',
    mimeType: 'text/plain',
    buffer: Buffer.from(log),
  });
  await expect(page.getByTestId('learn-summary')).toContainText(
    '1 denied in the log and left out (1 of them allowed all the same by a flagged rule)',
  );
  const rule = page.getByTestId('learn-rule-trainer-to-example-com');
  await expect(rule.getByTestId('learn-flag')).toContainText(
    'also allows 1 attempt the log shows denied',
  );
  await app.screenshot('32-learn-denied-allowed-anyway');
});
