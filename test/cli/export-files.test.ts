/**
 * `egress export` writing through the real binary (docs/cli.md "How an export is written"):
 * nothing leaves the output folder through a link, an empty --out is a usage error, and a run
 * killed at any moment leaves all the old files or all the new ones, which the next run
 * cleans up after.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEgress } from './run-egress.js';

const repo = resolve(import.meta.dirname, '../..');
const example = join(repo, 'policies/ml-training');
let work: string;

function egress(args: string[]) {
  return runEgress(args, { cwd: work });
}

/** Every file under `dir`, hidden ones included, with its content. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = join(entry.parentPath, entry.name);
      files.set(relative(dir, full), readFileSync(full, 'utf8'));
    }
  }
  return files;
}

/** A copy of the example with `rules` more rules; `version` changes every exported file. */
function largeProject(name: string, rules: number, version: number): string {
  const dir = join(work, name);
  cpSync(example, dir, { recursive: true });
  const lines = Array.from(
    { length: rules },
    (_, i) =>
      `allow r${i} from role:trainer to 10.${i >> 8}.${i & 255}.0/24, v${version}-h${i}.example.com on tcp/${1000 + i}`,
  );
  writeFileSync(
    join(dir, 'policy.egress'),
    readFileSync(join(example, 'policy.egress'), 'utf8') + '\n' + lines.join('\n') + '\n',
  );
  return dir;
}

beforeAll(() => {
  execFileSync(process.execPath, [join(repo, 'scripts/build-cli.mjs')], { cwd: repo });
  work = mkdtempSync(join(tmpdir(), 'egress-export-files-'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('egress export: the output folder', () => {
  it('refuses a target folder that is a link leading out of --out, exit 2, one line', () => {
    const out = join(work, 'linked-out');
    const elsewhere = join(work, 'elsewhere');
    mkdirSync(out);
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(out, 'nftables'), 'dir');
    const r = egress(['export', example, '--target', 'all', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `egress: ${join(out, 'nftables/egress.nft')}: refused: a symbolic link leads outside the output folder; nothing was written`,
    ]);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(readdirSync(out)).toEqual(['nftables']);
  });

  it('refuses an exports/ folder that leads out of the project', () => {
    const project = join(work, 'linked-project');
    const elsewhere = join(work, 'elsewhere-exports');
    cpSync(example, project, { recursive: true });
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(project, 'exports'), 'dir');
    const r = egress(['export', project, '--target', 'squid']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('exports/squid/squid.conf: refused: a symbolic link leads outside');
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('writes through an --out that is itself a link the user chose', () => {
    const real = join(work, 'real-out');
    mkdirSync(real);
    symlinkSync(real, join(work, 'out-link'), 'dir');
    const r = egress(['export', example, '--target', 'squid', '--out', 'out-link']);
    expect(r.code).toBe(0);
    expect(readdirSync(real)).toEqual(['squid.conf']);
  });

  it("treats --out '' as a usage error, exit 2", () => {
    const r = egress(['export', example, '--target', 'nftables', '--out', '']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("egress: --out '': give a folder name, or leave the option out");
    expect(readdirSync(work)).not.toContain('egress.nft');
  });
});

describe('egress export: all or nothing', () => {
  it(
    'leaves all-old or all-new files when killed mid-way; the next run cleans up',
    { timeout: 240_000 },
    async () => {
      const rules = 60;
      const oldProject = largeProject('old', rules, 1);
      const newProject = largeProject('new', rules, 2);
      const oldOut = join(work, 'old-out');
      const newOut = join(work, 'new-out');
      expect(egress(['export', oldProject, '--target', 'all', '--out', oldOut]).code).toBe(0);
      expect(egress(['export', newProject, '--target', 'all', '--out', newOut]).code).toBe(0);
      const before = snapshot(oldOut);
      const after = snapshot(newOut);
      expect(after.size).toBe(before.size);

      // Killed right when the first hidden (staging or temporary) entry shows, then later and later.
      for (const delayMs of [0, 3, 15]) {
        const out = join(work, `killed-${delayMs}`);
        cpSync(oldOut, out, { recursive: true });
        const child = spawn(process.execPath, [
          join(repo, 'bin/egress.mjs'),
          'export',
          newProject,
          '--target',
          'all',
          '--out',
          out,
        ]);
        const exited = new Promise((done) => child.on('exit', done));
        let seen = false;
        while (!seen && child.exitCode === null) {
          seen = readdirSync(out, { recursive: true }).some((p) =>
            String(p)
              .split('/')
              .some((s) => s.startsWith('.')),
          );
          if (!seen) await new Promise((r) => setImmediate(r));
        }
        const until = performance.now() + delayMs;
        while (performance.now() < until);
        child.kill('SIGKILL');
        await exited;

        const files = snapshot(out);
        const visible = [...files].filter(([p]) => !p.split('/').some((s) => s.startsWith('.')));
        const allOld =
          visible.length === before.size && visible.every(([p, c]) => before.get(p) === c);
        const allNew =
          visible.length === after.size && visible.every(([p, c]) => after.get(p) === c);
        // Killed between its last two steps (moving staged files into place), a run has already
        // committed: its staging folder holds the rest, and the next run completes it.
        const committed = [...files.keys()].some((p) =>
          /^\.egress-export-\d+-[0-9a-f]{12}\.staging\/committed$/.test(p),
        );
        expect({ delayMs, allOld, allNew, committed }).toSatisfy(
          (s: { allOld: boolean; allNew: boolean; committed: boolean }) =>
            s.allOld || s.allNew || s.committed,
        );

        expect(egress(['export', newProject, '--target', 'all', '--out', out]).code).toBe(0);
        expect(snapshot(out)).toEqual(after);
      }
    },
  );
});
