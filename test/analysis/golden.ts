/**
 * Golden outputs of the analysis commands, from the real `egress` binary. One case, one
 * reference file under test/analysis/golden/; `UPDATE_GOLDEN=1` rewrites them (review the
 * diff like code).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { expect } from 'vitest';
import { runEgress, type EgressRun } from '../cli/run-egress.js';

export const repo = resolve(import.meta.dirname, '../..');

export function buildCli(): void {
  execFileSync(process.execPath, [join(repo, 'scripts/build-cli.mjs')], { cwd: repo });
}

export function egress(args: string[], cwd = repo): EgressRun {
  return runEgress(args, { cwd });
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
