/**
 * The export writer (docs/cli.md "How an export is written"): paths stay inside the output
 * folder, and a run is all or nothing: after a failure at any step (an injected one, a real
 * full disk) the folder holds exactly the files it held before, with nothing left behind.
 */
import { execFileSync } from 'node:child_process';
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rm,
  stat,
  symlink,
  writeFile,
  chmod,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withHeader } from '../../simulator/export/header.js';
import type { ExportInput } from '../../simulator/export/types.js';
import { planExport, writeExport, type ExportFile } from '../../simulator/node/export-writer.js';
import { stagingName } from '../../simulator/node/export-staging.js';
import { PathRefusal } from '../../simulator/node/path-refusal.js';

const INPUT = {
  project: { name: 'lab', policyFile: 'policy.egress' },
  policy: { name: 'lab-egress' },
} as unknown as ExportInput;

function generated(target: string, body: string): string {
  return withHeader(body, INPUT, target, '#');
}

const created: string[] = [];
afterEach(async () => {
  for (const dir of created.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'egress-writer-')));
  created.push(dir);
  return dir;
}

/** Every file under `dir` (hidden ones included) with its content, by relative path. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out[relative(dir, full)] = await readFile(full, 'utf8');
  }
  return out;
}

async function refusal(p: Promise<unknown>): Promise<PathRefusal> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(PathRefusal);
  return e as PathRefusal;
}

/** Version `v` of a two-target export where IPv4 and IPv6 rules must match. */
function exportV(v: number): ExportFile[] {
  return [
    { path: 'iptables/rules.v4', content: generated('iptables', `# v4 of policy ${v}\n`) },
    { path: 'iptables/rules.v6', content: generated('iptables', `# v6 of policy ${v}\n`) },
    { path: 'nftables/egress.nft', content: generated('nftables', `# policy ${v}\n`) },
    { path: 'squid/squid.conf', content: generated('squid', `# policy ${v}\n`) },
  ];
}

async function exportedOnce(): Promise<{ dir: string; before: Record<string, string> }> {
  const dir = await tempDir();
  await writeExport(dir, exportV(1));
  await writeFile(join(dir, 'README.md'), 'the team’s notes\n');
  return { dir, before: await snapshot(dir) };
}

describe('export writer: paths stay inside the output folder', () => {
  // `--out v`: the folders to create were once walked up from a relative path, which never
  // reached the first one created and looped at ".".
  it('writes into a relative folder that does not exist yet', async () => {
    const root = await tempDir();
    const cwd = process.cwd();
    process.chdir(root);
    try {
      await writeExport('v', exportV(1), { createFolder: true });
    } finally {
      process.chdir(cwd);
    }
    expect(Object.keys(await snapshot(join(root, 'v'))).sort()).toEqual(
      exportV(1)
        .map((f) => f.path)
        .sort(),
    );
  }, 20_000);

  it.each([
    ['../escape.nft', '".." would leave'],
    ['/tmp/escape.nft', 'absolute paths'],
    ['sub/../../escape.nft', '".." would leave'],
    ['.git/hooks/post-commit', '.git'],
  ])('refuses %j before writing anything', async (path, why) => {
    const root = await tempDir();
    const dir = join(root, 'out');
    await mkdir(dir);
    const e = await refusal(
      writeExport(dir, [
        { path: 'fine.nft', content: 'x' },
        { path, content: 'x' },
      ]),
    );
    expect(e.kind).toBe('unsafe-path');
    expect(e.reason).toContain(why);
    expect(e.folder).toBe(dir);
    expect(await readdir(dir)).toEqual([]);
    expect(await readdir(root)).toEqual(['out']);
  });

  it.each(['nftables', 'deep/er/nftables'])(
    'refuses a folder link inside the output folder that leads out (%s)',
    async (linked) => {
      const outside = await tempDir();
      const dir = await tempDir();
      await mkdir(join(dir, linked, '..'), { recursive: true });
      await symlink(outside, join(dir, linked), 'dir');
      const e = await refusal(
        writeExport(dir, [
          { path: 'squid/squid.conf', content: 'x' },
          { path: `${linked}/egress.nft`, content: 'x' },
        ]),
      );
      expect(e.kind).toBe('unsafe-path');
      expect(e.path).toBe(`${linked}/egress.nft`);
      expect(e.reason).toContain('leads outside the output folder');
      expect(await readdir(outside)).toEqual([]);
      expect(await readdir(dir, { recursive: true })).not.toContain('squid');
    },
  );

  it('refuses a link in place of the file, even one pointing inside', async () => {
    const outside = await tempDir();
    await writeFile(join(outside, 'victim'), 'precious\n');
    const dir = await tempDir();
    await symlink(join(outside, 'victim'), join(dir, 'egress.nft'));
    await writeFile(join(dir, 'real.nft'), generated('nftables', 'x\n'));
    await symlink(join(dir, 'real.nft'), join(dir, 'alias.nft'));
    for (const path of ['egress.nft', 'alias.nft']) {
      const e = await refusal(writeExport(dir, [{ path, content: 'y' }]));
      expect(e.reason).toContain('symbolic link');
    }
    expect(await readFile(join(outside, 'victim'), 'utf8')).toBe('precious\n');
  });

  it('writes through an output folder that is itself a link, and a link that stays inside', async () => {
    const real = await tempDir();
    await mkdir(join(real, 'store'));
    await symlink(join(real, 'store'), join(real, 'alias'), 'dir');
    const chosen = join(await tempDir(), 'out-link');
    await symlink(real, chosen, 'dir');
    const result = await writeExport(chosen, [{ path: 'alias/egress.nft', content: 'x' }]);
    expect(result).toMatchObject({ status: 'written', folder: real });
    expect(await readFile(join(real, 'store', 'egress.nft'), 'utf8')).toBe('x');
  });

  it('refuses the same file twice, whatever the case', async () => {
    const dir = await tempDir();
    const e = await refusal(
      planExport(dir, [
        { path: 'Rules.v4', content: 'a' },
        { path: 'rules.v4', content: 'b' },
      ]),
    );
    expect(e.reason).toContain('appears twice');
  });

  it('says clearly when the output folder is not a folder or is missing', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'file'), 'x');
    const e = await refusal(writeExport(join(dir, 'file'), [{ path: 'a', content: 'x' }]));
    expect(e.reason).toBe('it is not a folder');
    const gone = await refusal(writeExport(join(dir, 'missing'), [{ path: 'a', content: 'x' }]));
    expect(gone.reason).toBe('it does not exist');
  });
});

describe('export writer: all or nothing per run', () => {
  it('replaces every file of the run, keeps modes, and leaves identical files alone', async () => {
    const { dir } = await exportedOnce();
    await chmod(join(dir, 'iptables/rules.v4'), 0o640);
    const result = await writeExport(dir, [...exportV(2).slice(0, 3), exportV(1)[3]!]);
    expect(result).toMatchObject({
      status: 'written',
      written: ['iptables/rules.v4', 'iptables/rules.v6', 'nftables/egress.nft'],
      unchanged: ['squid/squid.conf'],
    });
    expect(await readFile(join(dir, 'iptables/rules.v6'), 'utf8')).toContain('v6 of policy 2');
    expect((await stat(join(dir, 'iptables/rules.v4'))).mode & 0o777).toBe(0o640);
    expect((await readdir(dir)).sort()).toEqual(['README.md', 'iptables', 'nftables', 'squid']);
  });

  it.each([
    ['stage', 'iptables/rules.v4'],
    ['stage', 'squid/squid.conf'],
    ['swap', 'iptables/rules.v6'],
    ['swap', 'squid/squid.conf'],
  ] as const)('a failure while %s-ing %s leaves the folder as it was', async (step, at) => {
    const { dir, before } = await exportedOnce();
    const next = [...exportV(2), { path: 'cilium/policy.yaml', content: 'new target\n' }];
    const e = await refusal(
      writeExport(dir, next, {
        failpoint: (s, path) => {
          if (s === step && path === at) throw Object.assign(new Error('disk'), { code: 'EIO' });
        },
      }),
    );
    expect(e.kind).toBe('io');
    expect(e.path).toBe(at);
    expect(await snapshot(dir)).toEqual(before);
    expect((await readdir(dir)).sort()).toEqual(['README.md', 'iptables', 'nftables', 'squid']);
  });

  it('creates the output folder when asked, and removes it again after a failure', async () => {
    const parent = await tempDir();
    const out = join(parent, 'a', 'b');
    await refusal(
      writeExport(out, exportV(1), {
        createFolder: true,
        failpoint: (s) => {
          if (s === 'swap') throw new Error('stop');
        },
      }),
    );
    expect(await readdir(parent)).toEqual([]);
    await writeExport(out, exportV(1), { createFolder: true });
    expect(Object.keys(await snapshot(out)).sort()).toEqual(exportV(1).map((f) => f.path));
  });

  it('refuses a file it did not generate unless allowed, writing nothing', async () => {
    const { dir, before } = await exportedOnce();
    await writeFile(join(dir, 'squid/squid.conf'), '# by hand\n');
    const hand = await snapshot(dir);
    const result = await writeExport(dir, exportV(2));
    expect(result).toEqual({
      status: 'needs-confirmation',
      folder: dir,
      foreign: ['squid/squid.conf'],
    });
    expect(await snapshot(dir)).toEqual(hand);
    expect(before['squid/squid.conf']).not.toBe(hand['squid/squid.conf']);
    const forced = await writeExport(dir, exportV(2), { replace: 'all' });
    expect(forced).toMatchObject({ status: 'written', replaced: ['squid/squid.conf'] });
  });

  it('finishes a committed run that was killed, and deletes one that was not committed', async () => {
    const { dir } = await exportedOnce();
    // A run killed while moving files: rules.v4 already moved, rules.v6 still staged.
    const committed = join(dir, stagingName(999_999_999, 'aaaaaaaaaaaa'));
    await mkdir(join(committed, 'new/iptables'), { recursive: true });
    await writeFile(join(committed, 'new/iptables/rules.v6'), exportV(2)[1]!.content);
    await writeFile(join(dir, 'iptables/rules.v4'), exportV(2)[0]!.content);
    await writeFile(
      join(committed, 'committed'),
      JSON.stringify(['iptables/rules.v4', 'iptables/rules.v6']),
    );
    // A run killed while staging.
    const partial = join(dir, stagingName(999_999_998, 'bbbbbbbbbbbb'));
    await mkdir(join(partial, 'new/nftables'), { recursive: true });
    await writeFile(join(partial, 'new/nftables/egress.nft'), 'half');
    // A temporary file of an older per-file write.
    await writeFile(join(dir, 'squid/.squid.conf.0123456789ab.tmp'), 'half');

    await writeExport(dir, exportV(2).slice(2));
    const after = await snapshot(dir);
    expect(after['iptables/rules.v6']).toContain('v6 of policy 2');
    expect(Object.keys(after).sort()).toEqual([
      'README.md',
      'iptables/rules.v4',
      'iptables/rules.v6',
      'nftables/egress.nft',
      'squid/squid.conf',
    ]);
  });

  it('leaves the staging folder of a run that is still going alone', async () => {
    const dir = await tempDir();
    const running = stagingName(process.ppid, 'cccccccccccc');
    await mkdir(join(dir, running));
    await writeExport(dir, exportV(1));
    expect(await readdir(dir)).toContain(running);
  });
});

// A real full disk: a small tmpfs (needs root and mount, as on the CI machine).
const canMount = (() => {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!canMount)('export writer on a full disk', () => {
  it('fails with "the disk is full" and leaves the old export whole', async () => {
    const mountPoint = await tempDir();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint]);
    try {
      await writeExport(mountPoint, exportV(1));
      const before = await snapshot(mountPoint);
      const big = exportV(2).map((f) => ({ ...f, content: f.content + 'x'.repeat(20_000) }));
      const e = await refusal(writeExport(mountPoint, big));
      expect(e.kind).toBe('io');
      expect(e.reason).toBe('the disk is full');
      expect(await snapshot(mountPoint)).toEqual(before);
      expect((await readdir(mountPoint)).sort()).toEqual(['iptables', 'nftables', 'squid']);
    } finally {
      execFileSync('umount', [mountPoint]);
    }
  });
});
