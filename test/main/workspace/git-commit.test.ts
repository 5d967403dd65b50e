import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportCommitMessage } from '../../../main/workspace/commit-message.js';
import { runGit } from '../../../main/workspace/git-cli.js';
import { commitFiles, findRepository } from '../../../main/workspace/git-commit.js';
import { WorkspaceError } from '../../../main/workspace/workspace-error.js';
import { generated } from '../generated.js';
import { tempDir } from '../temp-dir.js';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

async function repository(): Promise<string> {
  const dir = await tempDir('egress-git-');
  git(dir, 'init', '--quiet', '--initial-branch=main');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'user.email', 'test@example.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
  await writeFile(join(dir, 'README.md'), 'infra\n');
  git(dir, 'add', 'README.md');
  git(dir, 'commit', '--quiet', '-m', 'init');
  return dir;
}

describe('commit message', () => {
  it('names the policy, the targets and the files from the generated headers', () => {
    const message = exportCommitMessage([
      { path: 'nftables/egress.nft', content: generated('nftables', 'x\n') },
      { path: 'squid/squid.conf', content: generated('squid', 'y\n') },
    ]);
    expect(message.split('\n')[0]).toBe('Export egress policy lab-egress to nftables, squid');
    expect(message).toContain('Project: lab (policy.egress)');
    expect(message).toContain('- nftables/egress.nft\n- squid/squid.conf');
  });

  it('still says what happened without headers', () => {
    expect(exportCommitMessage([{ path: 'a.txt', content: 'plain' }]).split('\n')[0]).toBe(
      'Export egress policy',
    );
  });
});

describe('git commit of an export', () => {
  it('finds the repository of a sub-folder, and none outside a repository', async () => {
    const repo = await repository();
    await mkdir(join(repo, 'deploy', 'egress'), { recursive: true });
    expect(await findRepository(runGit, join(repo, 'deploy', 'egress'))).toBe(repo);
    expect(await findRepository(runGit, await tempDir())).toBeNull();
  });

  it('commits only the exported files and leaves other staged work staged', async () => {
    const repo = await repository();
    await mkdir(join(repo, 'deploy'));
    await writeFile(join(repo, 'deploy', 'egress.nft'), generated('nftables', 'x\n'));
    await writeFile(join(repo, 'notes.txt'), 'work in progress\n');
    git(repo, 'add', 'notes.txt');

    const message = 'Export egress policy lab-egress to nftables';
    const outcome = await commitFiles(runGit, repo, [join(repo, 'deploy', 'egress.nft')], message);
    expect(outcome.status).toBe('committed');
    if (outcome.status !== 'committed') return;
    expect(outcome.hash).toBe(git(repo, 'rev-parse', '--short', 'HEAD').trim());
    expect(git(repo, 'log', '-1', '--format=%s').trim()).toBe(message);
    expect(git(repo, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe('deploy/egress.nft');
    // The user's own staged change is still staged, not committed.
    expect(git(repo, 'diff', '--cached', '--name-only').trim()).toBe('notes.txt');
  });

  it('reports nothing to commit when the files are already committed as they are', async () => {
    const repo = await repository();
    const file = join(repo, 'egress.nft');
    await writeFile(file, generated('nftables', 'x\n'));
    expect((await commitFiles(runGit, repo, [file], 'first')).status).toBe('committed');
    expect(await commitFiles(runGit, repo, [file], 'again')).toEqual({
      status: 'nothing-to-commit',
    });
    expect(git(repo, 'rev-list', '--count', 'HEAD').trim()).toBe('2');
  });

  it('turns a failing git into a clear error', async () => {
    const repo = await repository();
    const e = await commitFiles(runGit, repo, [join(repo, 'missing.nft')], 'x').catch(
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(WorkspaceError);
    expect((e as WorkspaceError).message).toMatch(/^git add failed: .*missing\.nft/);
  });
});
