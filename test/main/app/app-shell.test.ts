import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { projectPathFromArgv } from '../../../main/app/command-line.js';
import { menuTemplate } from '../../../main/app/menu-template.js';
import {
  MIN_WINDOW_SIZE,
  restoreBounds,
  windowStateSchema,
} from '../../../main/app/window-state.js';
import { createCommandBuffer } from '../../../main/ipc/command-buffer.js';

const SCREEN = { x: 0, y: 0, width: 1920, height: 1080 };

describe('window state', () => {
  it('restores saved bounds that are on a display', () => {
    const saved = { x: 100, y: 80, width: 1200, height: 800, maximized: true };
    expect(restoreBounds(saved, [SCREEN])).toEqual({
      bounds: { x: 100, y: 80, width: 1200, height: 800 },
      maximized: true,
    });
  });

  it('drops the position of a window on a display that is gone, and clamps the size', () => {
    const saved = { x: 4000, y: 0, width: 5000, height: 300, maximized: false };
    expect(restoreBounds(saved, [SCREEN])).toEqual({
      bounds: { width: 1920, height: MIN_WINDOW_SIZE.height },
      maximized: false,
    });
  });

  it('opens at the default size without saved state', () => {
    expect(restoreBounds(null, [SCREEN]).bounds).toEqual({ width: 1440, height: 900 });
  });

  it('validates the saved file strictly', () => {
    expect(
      windowStateSchema.safeParse({ x: 1, y: 2, width: 3, height: 4, maximized: false }).success,
    ).toBe(true);
    for (const bad of [
      { x: '1', y: 2, width: 3, height: 4, maximized: false },
      { x: 1.5, y: 2, width: 3, height: 4, maximized: false },
      { x: 1, y: 2, width: 3, height: 4, maximized: false, extra: 1 },
      { x: 1, y: 2, width: 0, height: 4, maximized: false },
    ]) {
      expect(windowStateSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe('command line', () => {
  const ctx = { cwd: '/home/me', defaultApp: false };

  it('takes the first non-switch argument, resolved against the working folder', () => {
    expect(projectPathFromArgv(['/opt/egress-studio', 'infra/egress'], ctx)).toBe(
      '/home/me/infra/egress',
    );
    expect(projectPathFromArgv(['/opt/egress-studio', '--no-sandbox', '/p/edge.egress'], ctx)).toBe(
      '/p/edge.egress',
    );
  });

  it('skips Electron’s app path in development and finds nothing when nothing is given', () => {
    expect(projectPathFromArgv(['electron', '.', 'lab'], { cwd: '/w', defaultApp: true })).toBe(
      '/w/lab',
    );
    expect(projectPathFromArgv(['electron', '.'], { cwd: '/w', defaultApp: true })).toBeNull();
    expect(projectPathFromArgv(['/opt/egress-studio', '--inspect'], ctx)).toBeNull();
  });
});

describe('application menu', () => {
  function menu(recent: { path: string; name: string }[], isMac = false) {
    const send = vi.fn();
    const clearRecent = vi.fn();
    const template = menuTemplate({
      appName: 'Egress Studio',
      isMac,
      development: false,
      recent,
      send,
      clearRecent,
    });
    return { template, send, clearRecent };
  }
  const submenu = (item: MenuItemConstructorOptions | undefined) =>
    (item?.submenu ?? []) as MenuItemConstructorOptions[];
  const click = (item: MenuItemConstructorOptions | undefined) =>
    (item?.click as (() => void) | undefined)?.();

  it('has File, Edit, View, Window and Help, with the standard roles', () => {
    const { template } = menu([]);
    expect(template.map((m) => m.label ?? m.role)).toEqual([
      'File',
      'editMenu',
      'View',
      'windowMenu',
      'help',
    ]);
    const view = submenu(template[2])
      .map((i) => i.role)
      .filter(Boolean);
    expect(view).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(view).not.toContain('toggleDevTools');
  });

  it('sends File commands to the renderer, whose key map owns the shortcuts', () => {
    const { template, send } = menu([]);
    const file = submenu(template[0]);
    const save = file.find((i) => i.label === 'Save');
    expect(save).toMatchObject({ accelerator: 'CmdOrCtrl+S', registerAccelerator: false });
    click(save);
    click(file.find((i) => i.label === 'Export Configuration…'));
    click(file.find((i) => i.label === 'Open Project Folder…'));
    expect(send.mock.calls).toEqual([[{ type: 'save' }], [{ type: 'export' }], [{ type: 'open' }]]);
  });

  it('lists recent projects, opening them through the renderer', () => {
    const { template, send, clearRecent } = menu([{ path: '/p/lab', name: 'lab' }]);
    const recent = submenu(submenu(template[0]).find((i) => i.label === 'Open Recent'));
    expect(recent[0]).toMatchObject({ label: 'lab', sublabel: '/p/lab' });
    click(recent[0]);
    expect(send).toHaveBeenCalledWith({ type: 'open-recent', id: '/p/lab' });
    click(recent.find((i) => i.label === 'Clear Recent Projects'));
    expect(clearRecent).toHaveBeenCalled();
  });

  it('starts with the app menu on macOS', () => {
    expect(menu([], true).template[0]).toMatchObject({ role: 'appMenu' });
  });
});

describe('command buffer', () => {
  it('drops anything that is not a menu command and bounds what it keeps', () => {
    const buffer = createCommandBuffer();
    for (let i = 0; i < 50; i++) buffer.push({ type: 'save' });
    buffer.push({ type: 'rm -rf' });
    buffer.push({ type: 'open-recent' });
    buffer.push('save');
    const seen: unknown[] = [];
    buffer.subscribe((c) => seen.push(c));
    expect(seen).toHaveLength(20);
    expect(new Set(seen.map((c) => JSON.stringify(c)))).toEqual(new Set(['{"type":"save"}']));
  });
});
