/**
 * Logs dropped on the simulation panel (docs/traffic.md "In the app"): the readers' own
 * fixtures, read in the worker, with the action the real system logged beside the policy's
 * verdict, the disagreement filter and its counts, the lines not simulated with their file,
 * Zeek's ssl.log joined into conn.log, gzip; and axe over the panel in both themes.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { seriousViolations } from './axe.js';
import { expect, test, type AppDriver } from './fixtures.js';

test.use({ bypassCSP: true, viewport: { width: 1280, height: 800 } });

const LOGS = join(import.meta.dirname, '../fixtures/logs');
const SHOTS = '/tmp/droplog-shots';
const log = (path: string, name = path.split('/').pop()!) => ({
  name,
  mimeType: 'text/plain',
  buffer: readFileSync(join(LOGS, path)),
});

/** Sources outside the VPC (192.168.0.224, 2001:db8::15) meet the outbound-only guard. */
const POLICY = [
  'policy untitled',
  'allow pypi from 10.0.1.0/24 to pypi.org on tcp/443',
  'allow web from any to www.example.com on tcp/80',
  'allow openai from 10.0.1.0/24 to api.openai.com on tcp/443',
  'allow downloads from 10.0.1.0/24 to downloads.example.net on tcp/80',
  'default deny log',
];

async function openWithPolicy(app: AppDriver, page: Page): Promise<void> {
  await app.open();
  await app.setPolicy(POLICY);
  await expect(page.getByTestId('editor-status')).toContainText('Valid');
  await page.getByTestId('tab-simulation').click();
  await expect(page.getByTestId('simulation-empty')).toBeVisible();
}

async function dropSquidLogs(app: AppDriver, page: Page): Promise<void> {
  await app.dropFiles(page.getByTestId('simulation-empty'), [
    log('squid/access.log'),
    log('squid/malformed.log'),
  ]);
  await expect(page.getByTestId('flows-segment')).toContainText('access.log + malformed.log');
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

test('a dropped Squid log shows the logged action and filters the disagreements', async ({
  app,
  page,
}) => {
  await openWithPolicy(app, page);
  await dropSquidLogs(app, page);

  const rows = page.getByTestId('sim-row');
  // access.log's 12 requests and the one readable line of malformed.log.
  await expect(rows).toHaveCount(13);
  await expect(page.getByRole('columnheader', { name: 'Logged' })).toBeVisible();
  const downloads = rows.filter({ hasText: 'downloads.example.net' });
  await expect(downloads.getByTestId('sim-logged')).toHaveText('deny');
  await expect(downloads.locator('.pill-allow')).toHaveText('allow');
  await expect(downloads).toHaveAttribute('data-disagreement', 'denied-allowed');
  const pypi = rows.filter({ hasText: 'pypi.org' });
  await expect(pypi.getByTestId('sim-logged')).toHaveText('allow');
  await expect(pypi).not.toHaveAttribute('data-disagreement');

  await expect(page.getByTestId('filter-disagreements')).toHaveText(/Disagreements only\s*10/);
  await expect(page.getByTestId('filter-allowed-denied')).toHaveText(
    '9 allowed by the system, denied by the policy',
  );
  await expect(page.getByTestId('filter-denied-allowed')).toHaveText(
    '1 denied by the system, allowed by the policy',
  );

  // The lines not simulated, with their file; the lines Squid's format passes over, counted.
  const summary = page.getByTestId('flow-problems').locator('summary');
  await expect(summary).toHaveText(
    '6 lines not simulated (6 unreadable); 2 lines skipped by the format',
  );
  await summary.click();
  const problems = page.getByTestId('flow-problem');
  await expect(problems).toHaveCount(6);
  await expect(problems.first()).toContainText('malformed.log:2');
  await expect(page.getByTestId('flow-skip').first()).toHaveText(
    'access.log: 1 line skipped: proxy authentication challenge (TCP_DENIED/407)',
  );
  await app.screenshot('40-log-drop');
  await shot(page, 'light-all');

  await page.getByTestId('filter-disagreements').click();
  await expect(page.getByTestId('filter-disagreements')).toHaveAttribute('aria-pressed', 'true');
  await expect(rows).toHaveCount(10);
  for (const row of await rows.all()) await expect(row).toHaveAttribute('data-disagreement');
  await page.getByTestId('filter-denied-allowed').click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('downloads.example.net');
  await page.getByTestId('filter-denied-allowed').click();
  await expect(rows).toHaveCount(13);
});

test('Zeek conn.log opened with its ssl.log is joined, and a gzip log is read', async ({
  app,
  page,
}) => {
  await openWithPolicy(app, page);
  // Enter on the focused button opens the file picker (headless Chromium reports the
  // picker only for a pointer click, so the keyboard's part is checked on the input).
  const button = page.getByTestId('open-log');
  await button.focus();
  await page.getByTestId('log-file-input').evaluate((input) => {
    input.addEventListener('click', () => input.setAttribute('data-picked', 'yes'));
  });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('log-file-input')).toHaveAttribute('data-picked', 'yes');
  const chooser = page.waitForEvent('filechooser');
  await button.click();
  await (await chooser).setFiles([log('zeek/conn.log'), log('zeek/ssl.log')]);

  const rows = page.getByTestId('sim-row');
  await expect(rows).toHaveCount(10);
  // The host comes from ssl.log's SNI: conn.log alone has only the address.
  const openai = rows.filter({ hasText: 'api.openai.com' });
  await expect(openai).toHaveCount(1);
  await expect(openai.locator('.pill-allow')).toHaveText('allow');
  // Zeek observes, it does not enforce: nothing to compare, and the panel says so.
  await expect(page.getByRole('columnheader', { name: 'Logged' })).toHaveCount(0);
  await expect(page.getByTestId('no-logged-action')).toContainText('conn.log + ssl.log');
  await expect(page.getByTestId('filter-disagreements')).toHaveCount(0);
  await page.getByTestId('flow-problems').locator('summary').click();
  await expect(page.getByTestId('flow-skip')).toHaveText(
    'conn.log: 1 line skipped: protocol unknown_transport is not tcp, udp or icmp',
  );
  await app.screenshot('41-log-drop-zeek');

  await app.dropFiles(page.getByTestId('simulation-panel'), [
    { name: 'access.log.gz', buffer: gzipSync(readFileSync(join(LOGS, 'squid/access.log'))) },
  ]);
  await expect(page.getByTestId('flows-segment')).toContainText('access.log.gz');
  await expect(rows).toHaveCount(12);
  await expect(page.getByTestId('filter-disagreements')).toHaveText(/Disagreements only\s*9/);
});

test('a large gzip log is read as a stream and shown in the virtualised table', async ({
  app,
  page,
}) => {
  await openWithPolicy(app, page);
  // 50,000 CONNECTs: pypi.org tunnelled, evil.example.org refused, and every 1,000th pypi.org
  // refused by Squid although the policy allows it.
  const lines: string[] = [];
  for (let i = 0; i < 50_000; i++) {
    const time = (1286536310 + i).toFixed(3);
    if (i % 2 === 1) {
      lines.push(
        `${time} 5 10.0.1.15 TCP_DENIED/403 3986 CONNECT evil.example.org:443 - HIER_NONE/- -`,
      );
    } else {
      const code = i % 1000 === 0 ? 'TCP_DENIED/403' : 'TCP_TUNNEL/200';
      lines.push(
        `${time} 60 10.0.1.15 ${code} 5124 CONNECT pypi.org:443 - HIER_DIRECT/151.101.0.223 -`,
      );
    }
  }
  await app.dropFiles(page.getByTestId('simulation-empty'), [
    { name: 'big-access.log.gz', buffer: gzipSync(lines.join('\n') + '\n') },
  ]);
  await expect(page.getByTestId('flows-segment')).toContainText('50000');
  await expect(page.getByTestId('sim-summary')).toContainText('25000 allowed');
  await expect(page.getByTestId('filter-denied-allowed')).toHaveText(
    '50 denied by the system, allowed by the policy',
  );
  await expect(page.getByTestId('filter-allowed-denied')).toHaveText(
    '0 allowed by the system, denied by the policy',
  );
  // Only the rows in view are drawn.
  expect(await page.getByTestId('sim-row').count()).toBeLessThan(100);
  await page.getByTestId('filter-denied-allowed').click();
  await expect(page.getByTestId('sim-row').first()).toHaveAttribute(
    'data-disagreement',
    'denied-allowed',
  );
  await page.getByTestId('sim-rows').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.getByTestId('sim-row').last().locator('.sim-label')).toHaveAttribute(
    'title',
    /\nline 49001$/,
  );
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the log results have no serious violations in the ${scheme} theme`, async ({
    app,
    page,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openWithPolicy(app, page);
    await dropSquidLogs(app, page);
    await page.getByTestId('filter-disagreements').click();
    await expect(page.getByTestId('sim-row')).toHaveCount(10);
    await page.getByTestId('sim-row').first().click();
    await shot(page, `${scheme}-disagreements`);
    expect(await seriousViolations(page), 'log results').toEqual([]);
  });
}
