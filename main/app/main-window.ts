/**
 * The one application window: hardened, restored to where it was, loading the app from its
 * own scheme. Every security switch is written out in the constructor call, even where it
 * is Electron's default, so a reader (and electronegativity) sees the whole policy here.
 * Closing with unsaved changes asks first: the renderer cancels `beforeunload` when the
 * document is dirty, and Electron then emits `will-prevent-unload`.
 */
import { BrowserWindow, dialog, nativeTheme, screen } from 'electron';
import { APP_ENTRY_URL } from '../security/app-origin.js';
import { readJsonFile, writeJsonFile } from '../workspace/json-store.js';
import {
  MIN_WINDOW_SIZE,
  restoreBounds,
  windowStateSchema,
  type WindowState,
} from './window-state.js';

export interface MainWindowInput {
  preload: string;
  icon?: string;
  /** Developer tools only while developing, never in a packaged build. */
  devTools: boolean;
  stateFile: string;
  onLog(message: string): void;
}

export interface MainWindow {
  window: BrowserWindow;
  /** Resolves once the bounds saved on close are on disk (awaited before quitting). */
  stateSaved(): Promise<void>;
}

export async function createMainWindow(input: MainWindowInput): Promise<MainWindow> {
  const saved = await readJsonFile(input.stateFile, windowStateSchema);
  if (!saved.ok && saved.reason !== 'missing') {
    input.onLog(`window state ignored: ${saved.reason}`);
  }
  const areas = screen.getAllDisplays().map((d) => d.workArea);
  const { bounds, maximized } = restoreBounds(saved.ok ? saved.value : null, areas);
  const window = new BrowserWindow({
    ...bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Egress Studio',
    ...(input.icon ? { icon: input.icon } : {}),
    // Shown after the first paint, on the theme's background, so it never flashes white.
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#0d0e11' : '#f3f4f6',
    webPreferences: {
      preload: input.preload,
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
      // Middle-click would open links in a new window; windows never navigate.
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false,
      devTools: input.devTools,
    },
  });
  if (maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, {
      type: 'warning',
      title: 'Unsaved changes',
      message: 'The project has changes that are not saved. Close anyway and lose them?',
      buttons: ['Keep Editing', 'Close Without Saving'],
      defaultId: 0,
      cancelId: 0,
    });
    // preventDefault() on this event lets the unload go ahead.
    if (choice === 1) event.preventDefault();
  });

  let saving: Promise<void> = Promise.resolve();
  window.on('close', () => {
    const b = window.getNormalBounds();
    const state: WindowState = {
      x: Math.round(b.x),
      y: Math.round(b.y),
      width: Math.round(b.width),
      height: Math.round(b.height),
      maximized: window.isMaximized(),
    };
    saving = writeJsonFile(input.stateFile, state).catch((e: unknown) =>
      input.onLog(`window state not saved: ${String(e)}`),
    );
  });

  await window.loadURL(APP_ENTRY_URL);
  return { window, stateSaved: () => saving };
}
