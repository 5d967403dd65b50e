/**
 * The Electron wiring of the security rules, with electron replaced by recording fakes:
 * what the window is created with, what the session and every web contents are told.
 */
import { describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => {
  const windows: { options: Record<string, unknown>; url?: string }[] = [];
  class FakeBrowserWindow {
    webContents = { on: vi.fn() };
    constructor(readonly options: Record<string, unknown>) {
      windows.push({ options });
    }
    maximize = vi.fn();
    once = vi.fn();
    on = vi.fn();
    async loadURL(url: string): Promise<void> {
      windows[windows.length - 1]!.url = url;
    }
  }
  return {
    windows,
    FakeBrowserWindow,
    openExternal: vi.fn(async () => undefined),
    showMessageBox: vi.fn(async () => ({ response: 0 })),
    appOn: vi.fn(),
  };
});

vi.mock('electron', () => ({
  BrowserWindow: Object.assign(fake.FakeBrowserWindow, { fromWebContents: () => null }),
  dialog: { showMessageBoxSync: vi.fn(() => 0), showMessageBox: fake.showMessageBox },
  nativeTheme: { shouldUseDarkColors: false },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  shell: { openExternal: fake.openExternal },
  app: { on: fake.appOn },
}));

const { createMainWindow } = await import('../../../main/app/main-window.js');
const { hardenSession } = await import('../../../main/security/harden-session.js');
const { hardenWebContents, hardenAllWebContents } =
  await import('../../../main/security/harden-web-contents.js');

type Listener = (...args: unknown[]) => unknown;

function recorder() {
  const handlers = new Map<string, Listener>();
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      const listener = args[args.length - 1];
      if (typeof listener === 'function') handlers.set(name, listener as Listener);
      if (typeof args[0] === 'string' && typeof args[1] === 'function') {
        handlers.set(`${name}:${args[0]}`, args[1] as Listener);
      }
    };
  return { handlers, record };
}

describe('main window', () => {
  it('is created sandboxed, isolated, without Node, and loads the app scheme', async () => {
    const { tempDir } = await import('../temp-dir.js');
    const dir = await tempDir();
    await createMainWindow({
      preload: '/app/dist-electron/preload.cjs',
      devTools: false,
      stateFile: `${dir}/window-state.json`,
      onLog: () => undefined,
    });
    const created = fake.windows.at(-1)!;
    expect(created.url).toBe('app://egress-studio/index.html');
    expect(created.options['webPreferences']).toEqual({
      preload: '/app/dist-electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false,
      devTools: false,
    });
    expect(created.options).toMatchObject({ show: false, width: 1440, height: 900 });
  });
});

describe('session hardening', () => {
  function hardened() {
    const { handlers, record } = recorder();
    const session = {
      webRequest: { onBeforeRequest: vi.fn(record('onBeforeRequest')) },
      setPermissionRequestHandler: vi.fn(record('permissionRequest')),
      setPermissionCheckHandler: vi.fn(record('permissionCheck')),
      setDevicePermissionHandler: vi.fn(record('devicePermission')),
      on: vi.fn(record('on')),
    };
    const blocked: string[] = [];
    hardenSession(session as never, (url) => blocked.push(url));
    return { handlers, blocked };
  }

  it('cancels every request that is not the app’s own, and reports it', () => {
    const { handlers, blocked } = hardened();
    const decide = (url: string) => {
      const callback = vi.fn();
      handlers.get('onBeforeRequest')!({ url }, callback);
      return callback.mock.calls[0]![0] as { cancel: boolean };
    };
    expect(decide('app://egress-studio/index.html')).toEqual({ cancel: false });
    expect(decide('https://telemetry.example.com/beacon')).toEqual({ cancel: true });
    expect(decide('http://127.0.0.1:9/')).toEqual({ cancel: true });
    expect(blocked).toEqual(['https://telemetry.example.com/beacon', 'http://127.0.0.1:9/']);
  });

  it('denies every permission and download', () => {
    const { handlers } = hardened();
    const callback = vi.fn();
    handlers.get('permissionRequest')!({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(handlers.get('permissionCheck')!({}, 'clipboard-read')).toBe(false);
    expect(handlers.get('devicePermission')!({})).toBe(false);
    const event = { preventDefault: vi.fn() };
    handlers.get('on:will-download')!(event);
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('web contents hardening', () => {
  function hardened() {
    const { handlers, record } = recorder();
    const contents = {
      setWindowOpenHandler: vi.fn(record('windowOpen')),
      on: vi.fn(record('on')),
    };
    hardenWebContents(contents as never);
    return handlers;
  }

  it('denies new windows and sends only clicked, safe web links to the system browser', async () => {
    const handlers = hardened();
    fake.openExternal.mockClear();
    fake.showMessageBox.mockClear();
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    // Without a click first, nothing opens.
    expect(handlers.get('windowOpen')!({ url: 'https://docs.cilium.io/' })).toEqual({
      action: 'deny',
    });
    await settle();
    expect(fake.openExternal).not.toHaveBeenCalled();
    handlers.get('on:input-event')!({}, { type: 'mouseDown' });
    handlers.get('windowOpen')!({ url: 'https://docs.cilium.io/' });
    await settle();
    handlers.get('on:input-event')!({}, { type: 'mouseDown' });
    expect(handlers.get('windowOpen')!({ url: 'file:///etc/passwd' })).toEqual({
      action: 'deny',
    });
    await settle();
    // Another host asks first, with the full URL; the fake answers Cancel.
    handlers.get('on:input-event')!({}, { type: 'mouseDown' });
    const event = { preventDefault: vi.fn() };
    handlers.get('on:will-navigate')!(event, 'https://example.com/?q=secret');
    await settle();
    expect(fake.showMessageBox.mock.calls).toEqual([
      [expect.objectContaining({ detail: 'https://example.com/?q=secret' })],
    ]);
    expect(fake.openExternal.mock.calls).toEqual([['https://docs.cilium.io/']]);
  });

  it('prevents every navigation, redirect and webview', () => {
    const handlers = hardened();
    for (const [name, url] of [
      ['on:will-navigate', 'https://evil.example.com/'],
      ['on:will-navigate', 'app://egress-studio/other.html'],
      ['on:will-redirect', 'https://evil.example.com/'],
      ['on:will-attach-webview', undefined],
    ] as const) {
      const event = { preventDefault: vi.fn() };
      handlers.get(name)!(event, url);
      expect(event.preventDefault).toHaveBeenCalled();
    }
  });

  it('applies to every web contents the app creates', () => {
    hardenAllWebContents();
    expect(fake.appOn).toHaveBeenCalledWith('web-contents-created', expect.any(Function));
  });
});
