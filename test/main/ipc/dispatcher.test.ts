import { describe, expect, it, vi } from 'vitest';
import { DESKTOP_TASKS, TASK_CHANNELS } from '../../../main/ipc/channels.js';
import { createDispatcher, type TaskHandlers } from '../../../main/ipc/dispatcher.js';
import { WorkspaceError } from '../../../main/workspace/workspace-error.js';

const project = {
  name: 'lab',
  topologyText: null,
  policyFile: 'policy.egress',
  policyText: 'policy lab\n',
  flows: [],
};

function handlers(overrides: Partial<TaskHandlers> = {}): TaskHandlers {
  const unused = async (): Promise<never> => {
    throw new Error('not expected in this test');
  };
  return {
    openProjectFolder: unused,
    openRecentProject: unused,
    listRecentProjects: async () => [],
    saveProject: async ({ folder }) => ({ status: 'written', folder: folder ?? '/x', written: [] }),
    checkProjectFolder: unused,
    exportToFolder: unused,
    openTextFile: unused,
    revealInFileManager: unused,
    appVersion: async () => ({ version: '1', electron: '39', chrome: '142', platform: 'linux' }),
    ...overrides,
  };
}

describe('IPC dispatcher', () => {
  it('has one distinct, prefixed channel per task', () => {
    const channels = DESKTOP_TASKS.map((t) => TASK_CHANNELS[t]);
    expect(new Set(channels).size).toBe(DESKTOP_TASKS.length);
    for (const c of channels) expect(c).toMatch(/^egress-studio:[a-z-]+$/);
  });

  it('passes a valid request to its task and wraps the answer', async () => {
    const dispatch = createDispatcher(handlers());
    const reply = await dispatch(TASK_CHANNELS.saveProject, [{ folder: '/p', project }]);
    expect(reply).toEqual({ ok: true, value: { status: 'written', folder: '/p', written: [] } });
  });

  it.each([
    ['an unknown channel', 'egress-studio:delete-everything', [{}], 'unknown-channel'],
    ['a non-string channel', 42, [{}], 'unknown-channel'],
    ['a raw Electron channel', 'ELECTRON_BROWSER_REQUIRE', [{}], 'unknown-channel'],
  ])('refuses %s', async (_what, channel, args, code) => {
    const reply = await createDispatcher(handlers())(channel, args);
    expect(reply).toMatchObject({ ok: false, error: { code } });
  });

  it.each([
    ['no payload', TASK_CHANNELS.appVersion, [], /takes one request object, got 0/],
    ['two payloads', TASK_CHANNELS.appVersion, [{}, {}], /got 2/],
    ['an extra field', TASK_CHANNELS.appVersion, [{ admin: true }], /admin/],
    ['a wrong type', TASK_CHANNELS.openRecentProject, [{ id: 7 }], /id/],
    ['an empty folder to check', TASK_CHANNELS.checkProjectFolder, [{ folder: '' }], /folder/],
    ['a null payload', TASK_CHANNELS.listRecentProjects, [null], /Invalid listRecentProjects/],
    [
      'a policy file with a folder',
      TASK_CHANNELS.saveProject,
      [{ folder: null, project: { ...project, policyFile: '../../etc/x.egress' } }],
      /policyFile/,
    ],
    [
      'a project with an unexpected field',
      TASK_CHANNELS.saveProject,
      [{ folder: null, project: { ...project, path: '/etc' } }],
      /path/,
    ],
    [
      'an empty export',
      TASK_CHANNELS.exportToFolder,
      [{ suggestedName: 'x', files: [] }],
      /nothing to export/,
    ],
    [
      'an extension with a dot',
      TASK_CHANNELS.openTextFile,
      [{ extensions: ['.csv'] }],
      /plain extension/,
    ],
  ])('refuses %s with a clear message', async (_what, channel, args, message) => {
    const spy = vi.fn();
    const dispatch = createDispatcher(handlers({ appVersion: spy, listRecentProjects: spy }));
    const reply = await dispatch(channel, args);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('invalid-request');
    expect(reply.error.message).toMatch(message);
    expect(spy).not.toHaveBeenCalled();
  });

  it('turns a refusal into its code and message, and a bug into an internal error', async () => {
    const onUnexpected = vi.fn();
    const dispatch = createDispatcher(
      handlers({
        openRecentProject: async () => {
          throw new WorkspaceError('not-granted', 'choose it first');
        },
        listRecentProjects: async () => {
          throw new TypeError('boom');
        },
      }),
      onUnexpected,
    );
    expect(await dispatch(TASK_CHANNELS.openRecentProject, [{ id: '/p' }])).toEqual({
      ok: false,
      error: { code: 'not-granted', message: 'choose it first' },
    });
    expect(await dispatch(TASK_CHANNELS.listRecentProjects, [{}])).toEqual({
      ok: false,
      error: { code: 'internal', message: 'listRecentProjects failed unexpectedly: boom' },
    });
    expect(onUnexpected).toHaveBeenCalledWith('listRecentProjects', expect.any(TypeError));
  });
});
