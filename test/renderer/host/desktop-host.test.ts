/** The renderer's desktop host over the real bridge factory, with main answered in memory. */
import { describe, expect, it, vi } from 'vitest';
import { TASK_CHANNELS } from '../../../main/ipc/channels.js';
import { createDesktopApi } from '../../../main/ipc/desktop-api.js';
import type { Reply } from '../../../main/ipc/reply.js';
import { chooseHost } from '../../../renderer/host/choose-host.js';
import { DesktopHost } from '../../../renderer/host/desktop-host.js';
import { HostError } from '../../../renderer/host/project-host.js';

const files = {
  name: 'lab',
  topologyText: null,
  policyFile: 'policy.egress',
  policyText: 'policy lab\n',
  flows: [],
};

function hostAnswering(answer: (channel: string, payload: unknown) => Reply<unknown>) {
  const invoke = vi.fn(async (channel: string, payload: unknown) => answer(channel, payload));
  const api = createDesktopApi({ invoke, onCommand: () => () => undefined });
  return { host: new DesktopHost(api), invoke, api };
}

describe('desktop host', () => {
  it('is chosen when the preload API is on the window', () => {
    const { api } = hostAnswering(() => ({ ok: true, value: null }));
    expect(chooseHost({ egressStudio: api }).kind).toBe('desktop');
    expect(chooseHost({}).kind).toBe('browser');
  });

  it('opens a project with a handle that saves back to its folder', async () => {
    const { host, invoke } = hostAnswering((channel) =>
      channel === TASK_CHANNELS.openProjectFolder
        ? { ok: true, value: { folder: '/w/lab', files, warnings: [] } }
        : { ok: true, value: { status: 'written', folder: '/w/lab', written: ['policy.egress'] } },
    );
    const opened = await host.openProject();
    expect(opened?.files).toEqual(files);
    expect(opened?.handle?.label).toBe('/w/lab');
    const outcome = await host.saveProject(files, opened!.handle);
    expect(invoke).toHaveBeenLastCalledWith(TASK_CHANNELS.saveProject, {
      folder: '/w/lab',
      project: files,
    });
    expect(outcome).toMatchObject({ status: 'written', location: '/w/lab' });
  });

  it('passes on the files main could not read, for the app to report', async () => {
    const warning = 'flows/bad.csv: not UTF-8 text';
    const { host } = hostAnswering(() => ({
      ok: true,
      value: { folder: '/w/lab', files, warnings: [warning] },
    }));
    expect((await host.openProject())?.warnings).toEqual([warning]);
  });

  it('asks main for a folder when the project has none (or a browser handle)', async () => {
    const { host, invoke } = hostAnswering(() => ({ ok: true, value: { status: 'cancelled' } }));
    expect(await host.saveProject(files, { host: 'browser-folder', label: 'x' })).toEqual({
      status: 'cancelled',
    });
    expect(invoke).toHaveBeenCalledWith(TASK_CHANNELS.saveProject, {
      folder: null,
      project: files,
    });
  });

  it('turns a refusal from main into a HostError with its message', async () => {
    const { host } = hostAnswering(() => ({
      ok: false,
      error: { code: 'not-granted', message: '"/etc" was not chosen in this session' },
    }));
    const e = await host.openRecent('/etc').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(HostError);
    expect((e as Error).message).toBe('"/etc" was not chosen in this session');
  });

  it('describes a written export with its commit', async () => {
    const { host } = hostAnswering(() => ({
      ok: true,
      value: {
        status: 'written',
        folder: '/repo/deploy',
        written: ['a', 'b'],
        unchanged: ['c'],
        replaced: [],
        commit: { status: 'committed', hash: 'abc1234', repository: '/repo' },
      },
    }));
    const outcome = await host.writeOutputs('lab-exports', [{ path: 'a', content: 'x' }]);
    expect(outcome).toMatchObject({
      status: 'written',
      location: '/repo/deploy (2 written, 1 unchanged) and committed as abc1234',
    });
  });

  it('treats an unreadable recent list as empty', async () => {
    const { host } = hostAnswering(() => ({ ok: false, error: { code: 'io', message: 'x' } }));
    expect(await host.listRecent()).toEqual([]);
  });

  it('rejects an answer that is not a reply envelope', async () => {
    const { host } = hostAnswering(() => 'surprise' as unknown as Reply<unknown>);
    await expect(host.openProject()).rejects.toThrow(
      'answered openProjectFolder with something unexpected',
    );
  });
});
