/**
 * The bridge's negative test (after Electron Fiddle's preload spec): the preload
 * exposes exactly the task API under one name and nothing else — no ipcRenderer, no raw
 * invoke or send, no way to name a channel.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { COMMAND_CHANNEL, DESKTOP_TASKS, TASK_CHANNELS } from '../../main/ipc/channels.js';

const electron = vi.hoisted(() => {
  const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
  return {
    listeners,
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: {
      invoke: vi.fn(async () => ({ ok: true, value: null })),
      send: vi.fn(),
      sendSync: vi.fn(),
      on: vi.fn((channel: string, listener: (event: unknown, payload: unknown) => void) => {
        listeners.set(channel, listener);
      }),
    },
  };
});

vi.mock('electron', () => ({
  contextBridge: electron.contextBridge,
  ipcRenderer: electron.ipcRenderer,
}));

const EXPECTED_METHODS = [
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
];

let exposed: Record<string, unknown>;

beforeAll(async () => {
  await import('../../main/preload.js');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0]!;
  expect(key).toBe('egressStudio');
  exposed = api as Record<string, unknown>;
});

describe('preload', () => {
  it('exposes exactly the task methods, frozen', () => {
    expect(Object.keys(exposed).sort()).toEqual(EXPECTED_METHODS);
    for (const name of EXPECTED_METHODS) expect(typeof exposed[name]).toBe('function');
    expect(Object.isFrozen(exposed)).toBe(true);
  });

  it('does not leak ipcRenderer or a raw invoke/send', () => {
    for (const name of ['ipcRenderer', 'invoke', 'send', 'sendSync', 'on', 'removeListener']) {
      expect(exposed).not.toHaveProperty(name);
    }
    for (const value of Object.values(exposed)) {
      expect(value).not.toBe(electron.ipcRenderer.invoke);
      expect(value).not.toBe(electron.ipcRenderer.send);
    }
  });

  it('listens to the command channel only', () => {
    expect([...electron.listeners.keys()]).toEqual([COMMAND_CHANNEL]);
  });

  it('sends every method over its registered channel with one payload', async () => {
    const calls: [string, () => Promise<unknown>][] = [
      ['openProjectFolder', () => (exposed['openProjectFolder'] as () => Promise<unknown>)()],
      [
        'openRecentProject',
        () => (exposed['openRecentProject'] as (id: string) => Promise<unknown>)('/p'),
      ],
      ['listRecentProjects', () => (exposed['listRecentProjects'] as () => Promise<unknown>)()],
      [
        'saveProject',
        () => (exposed['saveProject'] as (f: null, p: object) => Promise<unknown>)(null, {}),
      ],
      [
        'exportToFolder',
        () => (exposed['exportToFolder'] as (n: string, f: object[]) => Promise<unknown>)('x', []),
      ],
      [
        'openTextFile',
        () => (exposed['openTextFile'] as (e: string[]) => Promise<unknown>)(['csv']),
      ],
      [
        'revealInFileManager',
        () => (exposed['revealInFileManager'] as (p: string) => Promise<unknown>)('/p'),
      ],
      [
        'checkProjectFolder',
        () => (exposed['checkProjectFolder'] as (f: string) => Promise<unknown>)('/p'),
      ],
      ['appVersion', () => (exposed['appVersion'] as () => Promise<unknown>)()],
    ];
    expect(calls.map(([task]) => task).sort()).toEqual([...DESKTOP_TASKS].sort());
    for (const [task, call] of calls) {
      electron.ipcRenderer.invoke.mockClear();
      await call();
      expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(1);
      const args = electron.ipcRenderer.invoke.mock.calls[0] as unknown[];
      expect(args).toHaveLength(2);
      expect(args[0]).toBe(TASK_CHANNELS[task as keyof typeof TASK_CHANNELS]);
    }
    expect(electron.ipcRenderer.send).not.toHaveBeenCalled();
    expect(electron.ipcRenderer.sendSync).not.toHaveBeenCalled();
  });

  it('delivers menu commands, including those sent before anyone subscribed', () => {
    const deliver = electron.listeners.get(COMMAND_CHANNEL)!;
    deliver({}, { type: 'open-recent', id: '/p/lab' });
    deliver({}, { type: 'format-disk' });
    const seen: unknown[] = [];
    const onCommand = exposed['onCommand'] as (l: (c: unknown) => void) => () => void;
    const unsubscribe = onCommand((c) => seen.push(c));
    deliver({}, { type: 'save' });
    unsubscribe();
    deliver({}, { type: 'export' });
    expect(seen).toEqual([{ type: 'open-recent', id: '/p/lab' }, { type: 'save' }]);
  });
});
