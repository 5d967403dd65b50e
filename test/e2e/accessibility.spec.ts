/**
 * axe-core over the main view, with the live configuration, after a simulation, in the export
 * dialog, the command palette and the Changes view, in the light
 * and the dark theme: no serious or critical violation. axe is injected as a script, which
 * the app's Content-Security-Policy forbids, so these pages run with CSP bypassed (tests only).
 */
import { seriousViolations } from './axe.js';
import { expect, test } from './fixtures.js';

test.use({ bypassCSP: true });

for (const scheme of ['light', 'dark'] as const) {
  test(`no serious violations in the ${scheme} theme`, async ({ app, page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await app.open();
    await page.getByTestId('cmd-new').click();
    await page.getByTestId('template-llm-gateway').click();
    await app.confirmDiscardIfAsked();
    await expect(page.locator('.react-flow__node-endpoint').first()).toBeVisible();
    await page.waitForTimeout(500);
    expect(await seriousViolations(page), 'main view').toEqual([]);

    await page.getByTestId('toggle-config').click();
    await expect(page.locator('[data-testid="config-badge"]').first()).toBeVisible();
    await app.screenshot(`a11y-${scheme}-live-config`);
    expect(await seriousViolations(page), 'live configuration').toEqual([]);

    await page.getByTestId('cmd-simulate').click();
    await expect(page.getByTestId('sim-row').first()).toBeVisible();
    await page.getByTestId('sim-row').first().click();
    await page.waitForTimeout(300);
    await app.screenshot(`a11y-${scheme}-simulation`);
    expect(await seriousViolations(page), 'after a simulation').toEqual([]);

    await page.getByTestId('cmd-export').click();
    await page.getByTestId('export-generate').click();
    await expect(page.getByTestId('export-preview')).toBeVisible();
    await page.waitForTimeout(300);
    await app.screenshot(`a11y-${scheme}-export`);
    expect(await seriousViolations(page), 'export dialog').toEqual([]);

    await page.keyboard.press('Escape');
    await expect(page.getByTestId('export-preview')).toBeHidden();
    await page.keyboard.press('Control+Shift+P');
    await expect(page.getByTestId('command-palette')).toBeVisible();
    await page.keyboard.type('s');
    await app.screenshot(`a11y-${scheme}-command-palette`);
    expect(await seriousViolations(page), 'command palette').toEqual([]);

    // The Changes view after an edit that changes verdicts.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('command-palette')).toBeHidden();
    await page.getByTestId('tab-changes').click();
    await page.getByTestId('policy-editor').click();
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.press('ControlOrMeta+F');
    await page.keyboard.type('tcp/8443');
    await page.keyboard.press('Escape');
    await page.keyboard.type('tcp/9443');
    await expect(page.getByTestId('change').first()).toBeVisible();
    await app.screenshot(`a11y-${scheme}-changes`);
    expect(await seriousViolations(page), 'changes view').toEqual([]);
  });
}
