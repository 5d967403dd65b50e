/**
 * Shared fixtures: every test fails on a page error, a Content-Security-Policy violation,
 * or on any request to a host other
 * than the app's own (the app is outbound-silent), and can save named screenshots into
 * test-results/screenshots/ for review.
 */
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const SCREENSHOTS = join('test-results', 'screenshots');

export interface AppFixtures {
  app: AppDriver;
}

export class AppDriver {
  readonly remoteRequests: string[] = [];
  readonly pageErrors: string[] = [];

  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/');
    await expect(this.page.getByTestId('header')).toBeVisible();
    await expect(this.page.getByTestId('status-bar')).toContainText('Engine ready');
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // Let transitions settle so the picture shows the finished state.
    await this.page.waitForTimeout(300);
    await this.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  }

  node(id: string): Locator {
    return this.page.getByTestId(`node-${id}`);
  }

  async newBlankProject(): Promise<void> {
    await this.page.getByTestId('cmd-new').click();
    await this.page.getByTestId('template-blank').click();
    await this.confirmDiscardIfAsked();
    await expect(this.page.getByTestId('canvas-empty')).toBeVisible();
  }

  async confirmDiscardIfAsked(): Promise<void> {
    const dialog = this.page.getByTestId('confirm-dialog');
    if (await dialog.isVisible().catch(() => false))
      await this.page.getByTestId('confirm-discard').click();
  }

  /** Drops a palette item onto the canvas at a point relative to the canvas. */
  async dropFromPalette(kind: string, at: { x: number; y: number }): Promise<void> {
    await this.page
      .getByTestId(`palette-${kind}`)
      .dragTo(this.page.getByTestId('canvas'), { targetPosition: at });
  }

  /**
   * Drops files on an element as the operating system does: real File objects in a
   * DataTransfer, through dragenter, dragover and drop.
   */
  async dropFiles(target: Locator, files: { name: string; buffer: Buffer }[]): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle(
      (list) => {
        const transfer = new DataTransfer();
        for (const { name, base64 } of list) {
          const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
          transfer.items.add(new File([bytes], name));
        }
        return transfer;
      },
      files.map((f) => ({ name: f.name, base64: f.buffer.toString('base64') })),
    );
    for (const type of ['dragenter', 'dragover', 'drop']) {
      await target.dispatchEvent(type, { dataTransfer });
    }
  }

  /** Draws a connection from one node's right handle to another node's left handle. */
  async connect(from: string, to: string): Promise<void> {
    const source = this.node(from).locator('.react-flow__handle.source');
    const target = this.node(to).locator('.react-flow__handle.target');
    await this.node(from).hover();
    const a = (await source.boundingBox())!;
    const b = (await target.boundingBox())!;
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
    await this.page.mouse.up();
  }

  /** Replaces the policy text by typing it (suggestions are dismissed before each new line). */
  async setPolicy(lines: string[]): Promise<void> {
    const editor = this.page.getByTestId('policy-editor');
    await editor.click();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('Delete');
    for (const [i, line] of lines.entries()) {
      if (i > 0) {
        await this.page.keyboard.press('Escape');
        await this.page.keyboard.press('Enter');
        // The editor keeps indentation; a new statement starts at column 1.
        await this.page.keyboard.press('Home');
        await this.page.keyboard.press('Shift+Home');
      }
      await this.page.keyboard.type(line);
    }
    await this.page.keyboard.press('Escape');
  }
}

export const test = base.extend<AppFixtures>({
  app: async ({ page }, use) => {
    const app = new AppDriver(page);
    page.on('pageerror', (e) => app.pageErrors.push(e.message));
    // The built app runs under a strict Content-Security-Policy; a violation is a bug.
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text()))
        app.pageErrors.push(m.text());
    });
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      const local =
        url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1';
      if (local) return route.continue();
      app.remoteRequests.push(route.request().url());
      return route.abort();
    });
    await use(app);
    expect(app.remoteRequests, 'the app must not contact remote hosts').toEqual([]);
    expect(app.pageErrors, 'no uncaught errors in the page').toEqual([]);
  },
});

export { expect };
