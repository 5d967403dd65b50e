/**
 * Runs the built CLI (`bin/egress.mjs`) as a user would, without colours, and returns its exit
 * status and output: the one runner the CLI tests share.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');

export interface EgressRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runEgress(
  args: string[],
  options: { cwd?: string; input?: string | Buffer; env?: Record<string, string> } = {},
): EgressRun {
  const r = spawnSync(process.execPath, [join(repo, 'bin/egress.mjs'), ...args], {
    cwd: options.cwd ?? repo,
    ...(options.input !== undefined ? { input: options.input } : {}),
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
