/**
 * Smoke test of the desktop app (docs/architecture.md "Desktop") with Playwright's Electron driver. It
 * needs Electron's binary, which `npm ci` skips downloading where there is no internet
 * (ELECTRON_SKIP_BINARY_DOWNLOAD); then it is reported as skipped, with that reason.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';

// The same lookup as `npm start` and `npm run dist`.
const found = findElectronBinary();
const binary = found.ok ? found.path : null;

test.describe('desktop app', () => {
  test.skip(!found.ok, found.ok ? '' : found.reason);

  let app: ElectronApplication;
  let userData: string;

  test.beforeAll(async () => {
    // The web server of playwright.config.ts has built dist/renderer; add the main bundles.
    execFileSync(process.execPath, ['scripts/build-electron.mjs'], { stdio: 'inherit' });
    userData = mkdtempSync(join(tmpdir(), 'egress-e2e-userdata-'));
    app = await electron.launch({
      executablePath: binary!,
      args: ['.', 'policies/rag-app'],
      env: { ...process.env, EGRESS_STUDIO_USER_DATA: userData },
    });
  });

  test.afterAll(async () => {
    await app?.close();
    rmSync(userData, { recursive: true, force: true });
  });

  test('opens the project from the command line in a hardened window', async () => {
    const page = await app.firstWindow();
    expect(page.url()).toBe('app://egress-studio/index.html');
    await expect(page.getByTestId('header')).toBeVisible();
    await expect(page.getByTestId('header')).toContainText('rag-app');

    const exposed = await page.evaluate(() => ({
      api: Object.keys((window as unknown as { egressStudio: object }).egressStudio).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(exposed.api).toEqual([
      'appVersion',
      'checkProjectFolder',
      'exportToFolder',
      'listRecentProjects',
      'onCommand',
      'openProjectFolder',
      'openRecentProject',
      'openTextFile',
      'revealInFileManager',
      'saveProject',
    ]);
    expect(exposed.require).toBe('undefined');
    expect(exposed.process).toBe('undefined');
    await page.screenshot({ path: test.info().outputPath('desktop.png') });
  });

  test('cancels requests that leave the app', async () => {
    const page = await app.firstWindow();
    // Loopback only: the request is cancelled inside the app before any socket is opened.
    const outcome = await page.evaluate(() =>
      fetch('http://127.0.0.1:9/').then(
        () => 'loaded',
        () => 'blocked',
      ),
    );
    expect(outcome).toBe('blocked');
  });

  test('refuses IPC outside the registered tasks and bad payloads', async () => {
    const page = await app.firstWindow();
    const message = await page.evaluate(() =>
      (
        window as unknown as { egressStudio: { openRecentProject(id: unknown): Promise<unknown> } }
      ).egressStudio
        .openRecentProject(42)
        .then(
          () => 'accepted',
          (e: Error) => e.message,
        ),
    );
    expect(message).toContain('Invalid openRecentProject request');
  });
});
