/**
 * Review metadata through the real `egress` binary: `check --today` warns about overdue
 * reviews without failing, rejects a bad date with a one-line error, and `explain` prints
 * the deciding rule's owner, ticket and review date.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
let work: string;
let dir: string;

function egress(args: string[]) {
  const r = spawnSync(process.execPath, [join(repo, 'dist/egress.mjs'), ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  execFileSync(process.execPath, [join(repo, 'scripts/build-cli.mjs')], { cwd: repo });
  work = mkdtempSync(join(tmpdir(), 'egress-review-'));
  dir = join(work, 'reviewed');
  cpSync(join(repo, 'test/cli/fixtures/reviewed'), dir, { recursive: true });
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('egress check --today', () => {
  it('warns about a review date that has passed, naming owner and ticket, and exits 0', () => {
    const r = egress(['check', dir, '--today', '2027-04-01']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'policy.egress:8:14: warning EGS2204: the review of rule "train-deps" was due on 2027-03-31 (owner ml-platform-team, ticket SEC-1234)',
    );
    expect(r.stdout).toMatch(/0 errors, 1 warning/);
  });

  it('does not warn on the review-by day itself', () => {
    const r = egress(['check', dir, '--today', '2027-03-31', '--format', 'json']);
    expect(r.code).toBe(0);
    const codes = (JSON.parse(r.stdout) as { diagnostics: { code: string }[] }).diagnostics.map(
      (d) => d.code,
    );
    expect(codes).toEqual([]);
  });

  it('rejects a date that does not exist with a one-line error and exit 2', () => {
    const r = egress(['check', dir, '--today', '2027-02-30']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/--today 2027-02-30: is not a date that exists/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('egress explain', () => {
  it('prints the deciding rule’s review fields', () => {
    const r = egress(['explain', dir, 'node:trainer -> pypi.org on tcp/443']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'owner: ml-platform-team · ticket: SEC-1234 · review-by: 2027-03-31',
    );
  });

  it('carries them in JSON as `review`', () => {
    const r = egress(['explain', dir, 'node:trainer -> pypi.org on tcp/443', '--format', 'json']);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout) as { review?: unknown; description: string };
    expect(e.review).toEqual({
      owner: 'ml-platform-team',
      ticket: 'SEC-1234',
      reviewBy: '2027-03-31',
    });
    expect(e.description).toBe('Trainers install Python packages.');
  });
});
