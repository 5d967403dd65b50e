/**
 * `egress fmt` and the files it rewrites (docs/cli.md, `egress fmt`): a read-only file is refused for
 * every user, a read-only folder or a full disk is one line naming the policy file, exit 2.
 * Run as the unprivileged user `nobody` (setpriv), since root may write anything.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const UNFORMATTED = 'policy p\nallow   a from any to 1.2.3.4 on tcp/443\n';
const NOBODY = 65534;
let work: string;

function has(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}
const asRoot = process.getuid?.() === 0;
const canDropPrivileges = asRoot && has('setpriv');
const canMount = asRoot && has('mount');

function egress(args: string[], user: 'me' | 'nobody' = 'me') {
  const command = [process.execPath, join(repo, 'bin/egress.mjs'), ...args];
  const [file, ...rest] =
    user === 'nobody'
      ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...command]
      : command;
  const r = spawnSync(file!, rest, {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A folder holding one unformatted policy, owned by nobody. */
function folderWithPolicy(name: string): { dir: string; file: string } {
  const dir = join(work, name);
  mkdirSync(dir);
  const file = join(dir, 'policy.egress');
  writeFileSync(file, UNFORMATTED);
  if (canDropPrivileges) {
    chownSync(dir, NOBODY, NOBODY);
    chownSync(file, NOBODY, NOBODY);
  }
  return { dir, file };
}

beforeAll(() => {
  execFileSync(process.execPath, [join(repo, 'scripts/build-cli.mjs')], { cwd: repo });
  work = mkdtempSync(join(tmpdir(), 'egress-fmt-'));
  chmodSync(work, 0o755);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('egress fmt refusals', () => {
  it.skipIf(!canDropPrivileges)(
    'refuses a read-only (0444) file of a user who could rename over it',
    () => {
      const { file } = folderWithPolicy('read-only-file');
      chmodSync(file, 0o444);
      const r = egress(['fmt', file], 'nobody');
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([
        `${relative(work, file)}: not formatted: the file is read-only (make it writable, e.g. chmod u+w, to format it); the file is unchanged`,
      ]);
      expect(readFileSync(file, 'utf8')).toBe(UNFORMATTED);
    },
  );

  it('refuses a read-only file for root too', () => {
    const { file } = folderWithPolicy('read-only-root');
    chmodSync(file, 0o444);
    const r = egress(['fmt', file]);
    expect(r.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(UNFORMATTED);
  });

  it.skipIf(!canDropPrivileges)(
    'names the policy, not a temporary file, in a read-only folder',
    () => {
      const { dir, file } = folderWithPolicy('read-only-folder');
      chmodSync(dir, 0o555);
      const r = egress(['fmt', file], 'nobody');
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([
        `${relative(work, file)}: not formatted: its folder is read-only (formatting writes a new copy beside the file, then renames it); the file is unchanged`,
      ]);
      expect(readdirSync(dir)).toEqual(['policy.egress']);
    },
  );

  it.skipIf(!canMount)('says the disk is full in one line, without a stack trace', () => {
    const { dir, file } = folderWithPolicy('full-disk');
    rmSync(file);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir]);
    try {
      writeFileSync(file, UNFORMATTED);
      try {
        writeFileSync(join(dir, 'filler'), Buffer.alloc(64 * 1024));
      } catch {
        // The filler takes what is left; the disk is now full.
      }
      const r = egress(['fmt', file]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([
        `${relative(work, file)}: not formatted: the disk is full; the file is unchanged`,
      ]);
      expect(readFileSync(file, 'utf8')).toBe(UNFORMATTED);
      expect(readdirSync(dir).sort()).toEqual(['filler', 'policy.egress']);
    } finally {
      execFileSync('umount', [dir]);
    }
  });

  it('treats an empty path as a usage error, exit 2', () => {
    const r = egress(['fmt', '']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('egress: PATH is empty; give a file or folder name');
  });
});
