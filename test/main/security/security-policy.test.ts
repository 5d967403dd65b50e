import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl } from '../../../main/security/app-origin.js';
import { resolveAsset } from '../../../main/security/asset-path.js';
import {
  CONTENT_SECURITY_POLICY,
  securityHeaders,
} from '../../../main/security/content-security-policy.js';
import { isSafeExternalUrl } from '../../../main/security/external-links.js';
import { isAllowedRequest } from '../../../main/security/request-policy.js';
import { isTrustedSender } from '../../../main/security/trusted-sender.js';
import { tempDir } from '../temp-dir.js';

describe('request policy (outbound-silent)', () => {
  it.each([
    APP_ENTRY_URL,
    'app://egress-studio/assets/index-abc.js',
    'devtools://devtools/bundled/inspector.html',
    'data:image/svg+xml,<svg/>',
    'blob:app://egress-studio/7b3c-11ef',
  ])('allows the app’s own %s', (url) => {
    expect(isAllowedRequest(url)).toBe(true);
  });

  it.each([
    'https://api.openai.com/v1/models',
    'http://127.0.0.1:5173/',
    'ws://localhost:8080/',
    'file:///etc/passwd',
    'app://evil-host/index.html',
    'blob:https://example.com/x',
    'chrome-extension://abc/x.js',
    'ftp://example.com/',
    'not a url',
  ])('cancels %s', (url) => {
    expect(isAllowedRequest(url)).toBe(false);
  });
});

describe('external links', () => {
  it('opens plain web links outside the app', () => {
    expect(isSafeExternalUrl('https://docs.cilium.io/en/stable/')).toBe(true);
    expect(isSafeExternalUrl('http://example.com/a?b=c')).toBe(true);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'vscode://file/x',
    'https://user:pass@example.com/',
    'https://',
    `https://example.com/${'a'.repeat(3000)}`,
  ])('drops %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });
});

describe('trusted senders', () => {
  it('answers only the app’s own main frame', () => {
    expect(isTrustedSender({ url: APP_ENTRY_URL, isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: APP_ENTRY_URL, isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ url: 'https://example.com/', isMainFrame: true })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isAppUrl('app://egress-studio.evil.com/')).toBe(false);
  });
});

describe('content security policy', () => {
  it('allows nothing remote and no inline or eval script', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values];
      }),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(securityHeaders('text/html')).toMatchObject({
      'Content-Type': 'text/html',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    });
  });
});

describe('app assets', () => {
  async function rendererBuild(): Promise<{ root: string; outside: string }> {
    const base = await tempDir();
    const root = join(base, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html>');
    await writeFile(join(root, 'assets', 'app.js'), 'export {}');
    await writeFile(join(base, 'secret.js'), 'leak');
    await symlink(join(base, 'secret.js'), join(root, 'assets', 'linked.js'));
    return { root, outside: join(base, 'secret.js') };
  }

  it('serves files of the renderer build with their type', async () => {
    const { root } = await rendererBuild();
    expect(await resolveAsset(root, 'app://egress-studio/')).toEqual({
      file: join(root, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect((await resolveAsset(root, 'app://egress-studio/assets/app.js?v=1'))?.file).toBe(
      join(root, 'assets', 'app.js'),
    );
  });

  it.each([
    'app://egress-studio/../secret.js',
    'app://egress-studio/assets/%2e%2e/%2e%2e/secret.js',
    'app://egress-studio/assets/..%2f..%2fsecret.js',
    'app://egress-studio/assets%5c..%5c..%5csecret.js',
    'app://egress-studio/assets/linked.js',
    'app://egress-studio/assets/missing.js',
    'app://egress-studio/assets',
    'app://egress-studio/%E0%A4%A',
    'app://other-host/index.html',
    'file:///etc/passwd',
    'app://egress-studio/index.html%00.js',
  ])('refuses %s', async (url) => {
    const { root } = await rendererBuild();
    expect(await resolveAsset(root, url)).toBeNull();
  });
});
