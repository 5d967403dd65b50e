/**
 * The application menu (docs/architecture.md): File (new, open, recent, save, export), Edit and View
 * with Electron's standard roles, Window and Help. File items only ask the renderer, which
 * owns the document and its unsaved changes; their shortcuts are shown here but handled by
 * the renderer's own key map (`registerAccelerator: false`), so a key never fires twice.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../ipc/menu-command.js';

export interface MenuInput {
  appName: string;
  isMac: boolean;
  /** Reload and developer tools: only while developing. */
  development: boolean;
  recent: readonly { path: string; name: string }[];
  send(command: MenuCommand): void;
  clearRecent(): void;
}

export function menuTemplate(input: MenuInput): MenuItemConstructorOptions[] {
  const command = (
    label: string,
    cmd: MenuCommand,
    accelerator?: string,
  ): MenuItemConstructorOptions => ({
    label,
    click: () => input.send(cmd),
    ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
  });

  const recent: MenuItemConstructorOptions[] =
    input.recent.length === 0
      ? [{ label: 'No Recent Projects', enabled: false }]
      : input.recent.map((r) => ({
          label: r.name,
          sublabel: r.path,
          toolTip: r.path,
          click: () => input.send({ type: 'open-recent', id: r.path }),
        }));

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      command('New Project…', { type: 'new' }, 'CmdOrCtrl+Alt+N'),
      command('Open Project Folder…', { type: 'open' }, 'CmdOrCtrl+O'),
      {
        label: 'Open Recent',
        submenu: [
          ...recent,
          { type: 'separator' },
          {
            label: 'Clear Recent Projects',
            enabled: input.recent.length > 0,
            click: () => input.clearRecent(),
          },
        ],
      },
      { type: 'separator' },
      command('Save', { type: 'save' }, 'CmdOrCtrl+S'),
      command('Export Configuration…', { type: 'export' }, 'CmdOrCtrl+Shift+E'),
      { type: 'separator' },
      input.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...(input.development
        ? ([
            { role: 'reload' },
            { role: 'toggleDevTools' },
            { type: 'separator' },
          ] as MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      command('Keyboard Shortcuts', { type: 'help' }),
      ...(input.isMac
        ? []
        : ([{ type: 'separator' }, { role: 'about' }] as MenuItemConstructorOptions[])),
    ],
  };

  return [
    ...(input.isMac
      ? [{ label: input.appName, role: 'appMenu' } as MenuItemConstructorOptions]
      : []),
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
    help,
  ];
}
