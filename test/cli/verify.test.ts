/**
 * `egress verify` through the real binary, for what needs no firewall: its usage errors are
 * one line with exit 2, and it refuses to pass (exit 2) on a machine where no probe's source
 * is local. The probes against real firewalls run in test/export-engines/self-test.test.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const project = join(repo, 'policies/ml-training');

function egress(args: string[]) {
  const r = spawnSync(process.execPath, [join(repo, 'dist/egress.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  execFileSync(process.execPath, [join(repo, 'scripts/build-cli.mjs')], { cwd: repo });
});

it.each([
  [['verify', project], /^egress: give --from-host/],
  [
    ['verify', project, '--from-host', '--timeout', '0'],
    /^egress: --timeout 0: give the milliseconds/,
  ],
  [['verify', project, '--from-host', '--target', 'cilium'], /^egress: --target cilium: unknown/],
  [['verify', project, '--from-host', '--format', 'xml'], /^egress: --format xml: unknown format/],
])('egress %j is a one-line usage error', (args, message) => {
  const r = egress(args);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
});

it('refuses to pass where no probe source is an address of this machine', () => {
  const r = egress(['verify', project, '--from-host', '--format', 'json']);
  expect(r.code).toBe(2);
  const report = JSON.parse(r.stdout) as { verdict: string; probed: number; skipped: number };
  expect(report.verdict).toBe('cannot-probe');
  expect(report.probed).toBe(0);
  expect(report.skipped).toBeGreaterThan(0);
});
