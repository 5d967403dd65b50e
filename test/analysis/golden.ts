/**
 * Golden outputs of the analysis commands, from the real `egress` binary. One case, one
 * reference file under test/analysis/golden/; `UPDATE_GOLDEN=1` rewrites them (review the
 * diff like code).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { expect } from 'vitest';

export const repo = resolve(import.meta.dirname, '../..');

export function buildCli(): void {
  execFileSync(process.execPath, [join(repo, 'scripts/build-cli.mjs')], { cwd: repo });
}

export function egress(
  args: string[],
  cwd = repo,
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repo, 'bin/egress.mjs'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function expectGolden(name: string, actual: string): void {
  const file = join(repo, 'test/analysis/golden', name);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    if (!process.env.UPDATE_GOLDEN) throw new Error(`wrote missing golden ${name}; review it`);
    return;
  }
  expect(actual, name).toBe(readFileSync(file, 'utf8'));
}
