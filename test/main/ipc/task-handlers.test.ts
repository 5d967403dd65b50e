import { execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { DesktopDialogs } from '../../../main/ipc/desktop-dialogs.js';
import { createTaskHandlers } from '../../../main/ipc/task-handlers.js';
import { runGit } from '../../../main/workspace/git-cli.js';
import { GrantedRoots } from '../../../main/workspace/granted-roots.js';
import { RecentProjects } from '../../../main/workspace/recent-projects.js';
import { WorkspaceError } from '../../../main/workspace/workspace-error.js';
import { generated } from '../generated.js';
import { tempDir } from '../temp-dir.js';

const TEMPLATE = new URL('../../../policies/rag-app', import.meta.url).pathname;

function fakeDialogs(answers: Partial<DesktopDialogs> = {}): DesktopDialogs {
  return {
    chooseProjectFolder: vi.fn(async () => null),
    chooseExportFolder: vi.fn(async () => null),
    chooseTextFile: vi.fn(async () => null),
    confirmReplaceProject: vi.fn(async () => false),
    confirmReplaceForeign: vi.fn(async () => false),
    confirmCommit: vi.fn(async () => false),
    ...answers,
  };
}

async function setup(dialogs: DesktopDialogs) {
  const data = await tempDir('egress-userdata-');
  const recent = new RecentProjects(join(data, 'recent-projects.json'));
  const roots = new GrantedRoots();
  const reveal = vi.fn();
  const onRecentChanged = vi.fn();
  const handlers = createTaskHandlers({
    dialogs,
    roots,
    recent,
    git: runGit,
    reveal,
    version: { version: '0.1.0', electron: '39.8.9', chrome: '142', platform: 'linux' },
    onRecentChanged,
  });
  return { handlers, recent, roots, reveal, onRecentChanged };
}

async function project(): Promise<string> {
  const dir = join(await tempDir(), 'rag-app');
  await cp(TEMPLATE, dir, { recursive: true });
  return dir;
}

async function refusal(p: Promise<unknown>): Promise<WorkspaceError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(WorkspaceError);
  return e as WorkspaceError;
}

describe('desktop tasks', () => {
  it('opens the folder the user chose, remembers it and lets Save write back there', async () => {
    const dir = await project();
    const { handlers, recent, onRecentChanged } = await setup(
      fakeDialogs({ chooseProjectFolder: async () => dir }),
    );
    const opened = await handlers.openProjectFolder({});
    expect(opened?.folder).toBe(dir);
    expect(recent.list().map((e) => e.path)).toEqual([dir]);
    expect(onRecentChanged).toHaveBeenCalled();

    const files = { ...opened!.files, policyText: opened!.files.policyText + '# saved\n' };
    const saved = await handlers.saveProject({ folder: dir, project: files });
    expect(saved).toEqual({ status: 'written', folder: dir, written: ['policy.egress'] });
    expect(await readFile(join(dir, 'policy.egress'), 'utf8')).toBe(files.policyText);
  });

  it('returns null when the open dialog is cancelled', async () => {
    const { handlers, recent } = await setup(fakeDialogs());
    expect(await handlers.openProjectFolder({})).toBeNull();
    expect(recent.list()).toEqual([]);
  });

  it('refuses to save into a folder no dialog granted', async () => {
    const elsewhere = await tempDir();
    const { handlers } = await setup(fakeDialogs());
    const files = {
      name: 'x',
      topologyText: null,
      policyFile: 'policy.egress',
      policyText: 'policy x\n',
      flows: [],
    };
    const e = await refusal(handlers.saveProject({ folder: elsewhere, project: files }));
    expect(e.code).toBe('not-granted');
    expect(await readdir(elsewhere)).toEqual([]);
  });

  it('asks before a Save As replaces another project, and writes nothing when refused', async () => {
    const other = await project();
    const before = await readFile(join(other, 'policy.egress'), 'utf8');
    const confirmReplaceProject = vi.fn(async () => false);
    const { handlers } = await setup(
      fakeDialogs({ chooseProjectFolder: async () => other, confirmReplaceProject }),
    );
    const files = {
      name: 'new',
      topologyText: null,
      policyFile: 'policy.egress',
      policyText: 'policy new\n',
      flows: [],
    };
    expect(await handlers.saveProject({ folder: null, project: files })).toEqual({
      status: 'cancelled',
    });
    expect(confirmReplaceProject).toHaveBeenCalledWith(other, ['policy.egress']);
    expect(await readFile(join(other, 'policy.egress'), 'utf8')).toBe(before);
  });

  it('grants an opened .egress file and its own project files, not the folder around it', async () => {
    // A folder holding another project (topology.yaml, policy.egress) and a tool's .config/.
    const dir = await project();
    const sibling = await readFile(join(dir, 'topology.yaml'), 'utf8');
    await writeFile(join(dir, 'mine.egress'), 'policy mine\n');
    await mkdir(join(dir, '.config'));
    const confirmReplaceProject = vi.fn(async () => false);
    const { handlers, recent, reveal } = await setup(fakeDialogs({ confirmReplaceProject }));
    // Opened from the file manager or the command line: the recent list holds the file.
    await recent.add(join(dir, 'mine.egress'));
    const opened = await handlers.openRecentProject({ id: join(dir, 'mine.egress') });
    expect(opened?.files.policyFile).toBe('mine.egress');
    const files = { ...opened!.files, policyText: 'policy mine\n# edited\n' };

    // Its own file saves without a question.
    expect(await handlers.saveProject({ folder: dir, project: files })).toEqual({
      status: 'written',
      folder: dir,
      written: ['mine.egress'],
    });
    expect(confirmReplaceProject).not.toHaveBeenCalled();

    // A topology added in the app would replace the other project's topology.yaml: asked, kept.
    const withTopology = { ...files, topologyText: sibling };
    const other = { ...withTopology, topologyText: sibling.replace('rag-app', 'mine') };
    expect(await handlers.saveProject({ folder: dir, project: other })).toEqual({
      status: 'cancelled',
    });
    expect(confirmReplaceProject).toHaveBeenCalledWith(dir, ['topology.yaml']);
    expect(await readFile(join(dir, 'topology.yaml'), 'utf8')).toBe(sibling);

    // Nothing else in the folder is granted: another policy, a dot-folder, a reveal.
    for (const [folder, policyFile] of [
      [dir, 'policy.egress'],
      [join(dir, '.config'), 'mine.egress'],
    ] as const) {
      const e = await refusal(handlers.saveProject({ folder, project: { ...files, policyFile } }));
      expect(e.code).toBe('not-granted');
    }
    expect(await readdir(join(dir, '.config'))).toEqual([]);
    const e = await refusal(handlers.revealInFileManager({ path: join(dir, 'policy.egress') }));
    expect(e.code).toBe('not-granted');
    expect(reveal).not.toHaveBeenCalled();
  });

  it('asks before saving over a file changed outside the app since it was opened', async () => {
    const dir = await project();
    const confirmReplaceProject = vi.fn(async () => true);
    const { handlers } = await setup(
      fakeDialogs({ chooseProjectFolder: async () => dir, confirmReplaceProject }),
    );
    const opened = await handlers.openProjectFolder({});
    const files = { ...opened!.files, policyText: opened!.files.policyText + '# mine\n' };
    await handlers.saveProject({ folder: dir, project: files });
    expect(confirmReplaceProject).not.toHaveBeenCalled();
    await writeFile(join(dir, 'policy.egress'), 'policy edited-elsewhere\n');
    const again = { ...files, policyText: files.policyText + '# again\n' };
    expect(await handlers.saveProject({ folder: dir, project: again })).toMatchObject({
      status: 'written',
    });
    expect(confirmReplaceProject).toHaveBeenCalledWith(dir, ['policy.egress']);
  });

  it('exports only the targets’ own file names, never into a dot-folder', async () => {
    const out = await tempDir();
    const { handlers } = await setup(fakeDialogs({ chooseExportFolder: async () => out }));
    const e = await refusal(
      handlers.exportToFolder({
        suggestedName: 'x',
        files: [
          { path: 'egress.nft', content: generated('nftables', 'table inet x {}\n') },
          { path: '.vscode/tasks.json', content: generated('nftables', '{}\n') },
        ],
      }),
    );
    expect(e.code).toBe('unsafe-path');
    expect(await readdir(out)).toEqual([]);
  });

  it('reopens a recent project, and drops one that is gone with a clear message', async () => {
    const dir = await project();
    const { handlers, recent } = await setup(fakeDialogs());
    await recent.add(dir);
    await recent.add('/nonexistent/egress-project');
    expect((await handlers.openRecentProject({ id: dir }))?.files.name).toBe('rag-app');
    expect(await handlers.openRecentProject({ id: '/never/listed' })).toBeNull();
    const e = await refusal(handlers.openRecentProject({ id: '/nonexistent/egress-project' }));
    expect(e.message).toContain('removed from the recent projects');
    expect(recent.find('/nonexistent/egress-project')).toBeUndefined();
  });

  it('exports into the chosen folder, confirming foreign files first', async () => {
    const out = await tempDir();
    await writeFile(join(out, 'squid.conf'), 'hand-written\n');
    const confirmReplaceForeign = vi.fn(async () => true);
    const { handlers } = await setup(
      fakeDialogs({ chooseExportFolder: async () => out, confirmReplaceForeign }),
    );
    const files = [
      { path: 'squid.conf', content: generated('squid', 'a\n') },
      { path: 'egress.nft', content: generated('nftables', 'b\n') },
    ];
    const result = await handlers.exportToFolder({ suggestedName: 'lab-exports', files });
    expect(confirmReplaceForeign).toHaveBeenCalledWith({ folder: out, foreign: ['squid.conf'] });
    expect(result).toEqual({
      status: 'written',
      folder: out,
      written: ['squid.conf', 'egress.nft'],
      unchanged: [],
      replaced: ['squid.conf'],
      commit: null,
    });
  });

  it('cancels the export when the user keeps the foreign files', async () => {
    const out = await tempDir();
    await writeFile(join(out, 'squid.conf'), 'hand-written\n');
    const { handlers } = await setup(fakeDialogs({ chooseExportFolder: async () => out }));
    const result = await handlers.exportToFolder({
      suggestedName: 'x',
      files: [{ path: 'squid.conf', content: generated('squid', 'a\n') }],
    });
    expect(result).toEqual({ status: 'cancelled' });
    expect(await readFile(join(out, 'squid.conf'), 'utf8')).toBe('hand-written\n');
  });

  it('offers to commit an export inside a git repository and commits on yes', async () => {
    const repo = await tempDir('egress-git-');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
    git('init', '--quiet');
    git('config', 'user.name', 'Test');
    git('config', 'user.email', 'test@example.invalid');
    git('config', 'commit.gpgsign', 'false');
    const confirmCommit = vi.fn(async () => true);
    const { handlers } = await setup(
      fakeDialogs({ chooseExportFolder: async () => repo, confirmCommit }),
    );
    const files = [{ path: 'nftables/egress.nft', content: generated('nftables', 'a\n') }];
    const result = await handlers.exportToFolder({ suggestedName: 'x', files });
    expect(confirmCommit).toHaveBeenCalledWith({
      folder: repo,
      repository: repo,
      written: ['nftables/egress.nft'],
    });
    expect(result).toMatchObject({ status: 'written', commit: { status: 'committed' } });
    expect(git('log', '-1', '--format=%s').trim()).toBe(
      'Export egress policy lab-egress to nftables',
    );

    // Exporting the same files again changes nothing, so there is nothing to commit.
    const again = await handlers.exportToFolder({ suggestedName: 'x', files });
    expect(again).toMatchObject({
      unchanged: ['nftables/egress.nft'],
      commit: { status: 'nothing-to-commit' },
    });
    expect(confirmCommit).toHaveBeenCalledTimes(1);
  });

  it('checks a folder it opened with the Project API, refusing one it did not', async () => {
    const dir = await project();
    await mkdir(join(dir, 'flows'));
    await writeFile(
      join(dir, 'flows', 'traffic.csv'),
      'src,host,proto,port\nrag-api,api.openai.com,tcp,443\nno-such-node,pypi.org,tcp,443\n',
    );
    await writeFile(join(dir, 'flows', 'bad.csv'), 'src,hots,proto\nrag-api,pypi.org,tcp\n');
    const { handlers } = await setup(fakeDialogs({ chooseProjectFolder: async () => dir }));
    expect((await refusal(handlers.checkProjectFolder({ folder: dir }))).code).toBe('not-granted');

    await handlers.openProjectFolder({});
    const checked = await handlers.checkProjectFolder({ folder: dir });
    expect(checked.name).toBe('rag-app');
    expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(checked.tests?.length).toBeGreaterThan(0);
    expect(checked.tests?.every((t) => t.passed)).toBe(true);
    const [bad, traffic] = checked.flows;
    expect(bad).toEqual({
      file: 'flows/bad.csv',
      error:
        'flows/bad.csv:1: unknown column "hots"; the header is src,host,ip,proto,port,method,path',
    });
    expect(
      traffic && 'rows' in traffic && traffic.rows.map((r) => [r.line, r.verdict.rule]),
    ).toEqual([[2, expect.any(String)]]);
    expect(traffic && 'problems' in traffic && traffic.problems.map((p) => p.line)).toEqual([3]);
    // Plain data: it crosses the context bridge by structured clone.
    expect(structuredClone(checked)).toEqual(checked);
  });

  it('answers a project with errors with its diagnostics and nothing decided', async () => {
    const dir = await project();
    await writeFile(
      join(dir, 'policy.egress'),
      'policy rag-app\nallow x from role:nobody to any\n',
    );
    const { handlers } = await setup(fakeDialogs({ chooseProjectFolder: async () => dir }));
    await handlers.openProjectFolder({});
    const checked = await handlers.checkProjectFolder({ folder: dir });
    expect(checked.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(checked.tests).toBeNull();
    expect(checked.flows).toEqual([]);
  });

  it('reveals only paths inside granted folders', async () => {
    const dir = await project();
    const { handlers, reveal } = await setup(fakeDialogs({ chooseProjectFolder: async () => dir }));
    await handlers.openProjectFolder({});
    await handlers.revealInFileManager({ path: join(dir, 'policy.egress') });
    expect(reveal).toHaveBeenCalledWith(join(dir, 'policy.egress'));
    const e = await refusal(handlers.revealInFileManager({ path: '/etc' }));
    expect(e.code).toBe('not-granted');
    expect(reveal).toHaveBeenCalledTimes(1);
  });

  it('reads a flow file the user picked, refusing binary content', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'flows.csv'), 'src,dst\n');
    await writeFile(join(dir, 'blob.csv'), Buffer.from([1, 0, 2]));
    let pick = join(dir, 'flows.csv');
    const { handlers } = await setup(fakeDialogs({ chooseTextFile: async () => pick }));
    expect(await handlers.openTextFile({ extensions: ['csv'] })).toEqual({
      name: 'flows.csv',
      text: 'src,dst\n',
    });
    pick = join(dir, 'blob.csv');
    expect((await refusal(handlers.openTextFile({ extensions: ['csv'] }))).message).toContain(
      'blob.csv',
    );
  });
});
