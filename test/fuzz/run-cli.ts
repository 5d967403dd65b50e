/**
 * Spawns the built CLI (`dist/egress.mjs`) as a user would and measures it: wall time, CPU
 * time and peak resident memory, from `/usr/bin/time` when present, otherwise from
 * `process.resourceUsage()` inside measure-wrapper.mjs.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const repo = join(import.meta.dirname, '../..');
export const CLI = join(repo, 'dist/egress.mjs');
const TIME = '/usr/bin/time';
const WRAPPER = join(import.meta.dirname, 'measure-wrapper.mjs');

export interface CliRun {
  /** Exit status, or null when a signal ended the process. */
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  wallSeconds: number;
  cpuSeconds: number;
  maxRssKb: number;
}

/** Runs `egress ARGS`, killed after `timeoutMs`; the measures go through `measureFile`. */
export function runCli(args: string[], measureFile: string, timeoutMs: number): Promise<CliRun> {
  const useTime = existsSync(TIME);
  const [command, argv] = useTime
    ? [TIME, ['-f', '%e %U %S %M', '-o', measureFile, process.execPath, CLI, ...args]]
    : [process.execPath, [WRAPPER, measureFile, CLI, ...args]];
  return new Promise((resolve) => {
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    // Output beyond a few MB is not looked at; keep memory of the test bounded.
    let kept = 0;
    const keep = (into: Buffer[]) => (chunk: Buffer) => {
      if (kept > 4_000_000) return;
      kept += chunk.length;
      into.push(chunk);
    };
    child.stdout.on('data', keep(out));
    child.stderr.on('data', keep(err));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const measured = existsSync(measureFile) ? readFileSync(measureFile, 'utf8') : '';
      // /usr/bin/time reports a child's signal as an exit status of 128 + N on its last line.
      const numbers = measured.trim().split('\n').at(-1)!.split(/\s+/).map(Number);
      const [wall, a, b, c] = numbers;
      const run: CliRun = {
        status: signal === null && !/terminated by signal/.test(measured) ? code : null,
        signal: signal ?? /terminated by signal (\d+)/.exec(measured)?.[1] ?? null,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        wallSeconds: wall ?? NaN,
        cpuSeconds: useTime ? (a ?? NaN) + (b ?? NaN) : (a ?? NaN),
        maxRssKb: useTime ? (c ?? NaN) : (b ?? NaN),
      };
      resolve(run);
    });
  });
}
