/**
 * The Electron main process (docs/architecture.md "Desktop"): one hardened window serving the built
 * renderer from `app://egress-studio/`, a session that refuses every remote request, the
 * task IPC, the application menu, one instance at a time, and projects opened from the
 * command line or the file manager. Everything with rules in it lives in plain modules
 * under main/workspace, main/ipc and main/security; this file only wires them up.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserWindow, Menu, app, dialog, session, shell } from 'electron';
import { electronDialogs } from './app/electron-dialogs.js';
import { createMainWindow, type MainWindow } from './app/main-window.js';
import { menuTemplate } from './app/menu-template.js';
import { projectPathFromArgv } from './app/command-line.js';
import { registerIpc } from './app/register-ipc.js';
import { COMMAND_CHANNEL } from './ipc/channels.js';
import { createDispatcher } from './ipc/dispatcher.js';
import type { MenuCommand } from './ipc/menu-command.js';
import { createTaskHandlers } from './ipc/task-handlers.js';
import { registerAppScheme, serveApp } from './security/app-protocol.js';
import { hardenSession } from './security/harden-session.js';
import { hardenAllWebContents } from './security/harden-web-contents.js';
import { runGit } from './workspace/git-cli.js';
import { GrantedRoots } from './workspace/granted-roots.js';
import { RecentProjects } from './workspace/recent-projects.js';
import { errorMessage } from './workspace/workspace-error.js';

const log = (message: string): void => console.error(`[egress-studio] ${message}`);

// The bundle lives in dist-electron/; the renderer build and the icons sit beside it.
const APP_ROOT = join(__dirname, '..');
const RENDERER_ROOT = join(APP_ROOT, 'dist', 'renderer');
const PRELOAD = join(__dirname, 'preload.cjs');
const ICON = join(APP_ROOT, 'build', 'icons', '512x512.png');
const DEVELOPMENT = !app.isPackaged;

// Tests and side-by-side development runs keep their own settings and recent list.
const userDataOverride = process.env['EGRESS_STUDIO_USER_DATA'];
if (DEVELOPMENT && userDataOverride) app.setPath('userData', userDataOverride);

registerAppScheme();
hardenAllWebContents();

const roots = new GrantedRoots();
const recent = new RecentProjects(join(app.getPath('userData'), 'recent-projects.json'));
let main: MainWindow | null = null;
/** The last window's state write, awaited before quitting. */
let lastStateSaved: Promise<void> = Promise.resolve();
/** Files handed over by the system (macOS 'open-file') before the app was ready. */
const earlyPaths: string[] = [];
let started = false;
/** Commands for a window that is not loaded yet (a project given at launch). */
const pending: MenuCommand[] = [];

function send(command: MenuCommand): void {
  if (main && !main.window.webContents.isLoading()) {
    main.window.webContents.send(COMMAND_CHANNEL, command);
  } else {
    pending.push(command);
  }
}

function rebuildMenu(): void {
  const template = menuTemplate({
    appName: app.name,
    isMac: process.platform === 'darwin',
    development: DEVELOPMENT,
    recent: recent.list(),
    send,
    clearRecent: () => {
      recent.clear().then(rebuildMenu, (e: unknown) => log(`recent list: ${errorMessage(e)}`));
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** A path from the command line, a second launch or the file manager: grant it, then ask the renderer to open it. */
async function openFromSystem(path: string): Promise<void> {
  try {
    const real = await roots.grant(path);
    await recent.add(real);
    rebuildMenu();
    send({ type: 'open-recent', id: real });
  } catch (error) {
    log(`cannot open ${path}: ${errorMessage(error)}`);
  }
}

async function openWindow(): Promise<void> {
  main = await createMainWindow({
    preload: PRELOAD,
    devTools: DEVELOPMENT,
    stateFile: join(app.getPath('userData'), 'window-state.json'),
    onLog: log,
    ...(existsSync(ICON) ? { icon: ICON } : {}),
  });
  const opened = main;
  opened.window.on('closed', () => {
    lastStateSaved = opened.stateSaved();
    if (main === opened) main = null;
  });
  for (const command of pending.splice(0)) main.window.webContents.send(COMMAND_CHANNEL, command);
}

async function start(): Promise<void> {
  if (!existsSync(join(RENDERER_ROOT, 'index.html'))) {
    throw new Error(`the interface is not built (${RENDERER_ROOT}); run "npm run build" first`);
  }
  hardenSession(session.defaultSession, (url) => log(`blocked request to ${url}`));
  serveApp(session.defaultSession, RENDERER_ROOT);
  app.setAboutPanelOptions({
    applicationName: 'Egress Studio',
    applicationVersion: app.getVersion(),
    copyright: 'Design, simulate and export outbound-only egress policies.',
  });

  const discarded = await recent.load();
  if (discarded) log(`recent projects ignored: ${discarded}`);
  // Entries of the recent list were chosen by the user in earlier sessions.
  for (const entry of recent.list()) await roots.grant(entry.path).catch(() => undefined);
  rebuildMenu();

  const handlers = createTaskHandlers({
    dialogs: electronDialogs(() => main?.window ?? null),
    roots,
    recent,
    git: runGit,
    reveal: (path) => shell.showItemInFolder(path),
    version: {
      version: app.getVersion(),
      electron: process.versions.electron ?? '',
      chrome: process.versions.chrome ?? '',
      platform: process.platform,
    },
    onRecentChanged: rebuildMenu,
  });
  registerIpc(createDispatcher(handlers, (task, e) => log(`${task}: ${errorMessage(e)}`)));

  const launchPath = projectPathFromArgv(process.argv, {
    cwd: process.cwd(),
    defaultApp: process.defaultApp === true,
  });
  started = true;
  for (const path of [...(launchPath ? [launchPath] : []), ...earlyPaths.splice(0)]) {
    await openFromSystem(path);
  }
  await openWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another instance runs: it receives our argv through 'second-instance' and opens it.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, cwd) => {
    if (main) {
      if (main.window.isMinimized()) main.window.restore();
      main.window.focus();
    }
    const path = projectPathFromArgv(argv, { cwd, defaultApp: process.defaultApp === true });
    if (path) void openFromSystem(path);
  });
  // macOS hands files (a double-clicked .egress) to the running app, before or after ready.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (started) void openFromSystem(path);
    else earlyPaths.push(path);
  });
  app.on('window-all-closed', () => {
    void lastStateSaved.then(() => {
      if (process.platform !== 'darwin') app.quit();
    });
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void openWindow();
  });
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      log(`start failed: ${errorMessage(e)}`);
      dialog.showErrorBox('Egress Studio cannot start', errorMessage(e));
      app.exit(1);
    });
}
