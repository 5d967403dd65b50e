/**
 * Child processes for the engine tests: run a command to completion (with input), or start
 * a long-running one that is tracked so that it is killed on teardown and at exit, even when
 * a test fails or the run is interrupted.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command synchronously; never throws for a non-zero status (callers check it). */
export function run(command: string, args: readonly string[], input?: string): RunResult {
  const r = spawnSync(command, args, {
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    status: r.error ? null : r.status,
    stdout: r.stdout ?? '',
    stderr: r.error ? String(r.error) : (r.stderr ?? ''),
  };
}

/** Runs a command and throws with its output when it fails. */
export function runOrThrow(command: string, args: readonly string[], input?: string): string {
  const r = run(command, args, input);
  if (r.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
  }
  return r.stdout;
}

/** Runs a command asynchronously, feeding `input`, and resolves with its output. */
export function runAsync(
  command: string,
  args: readonly string[],
  input: string,
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    track(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => resolve({ status: null, stdout, stderr: stderr + String(e) }));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

const children = new Set<ChildProcess>();

function track(child: ChildProcess): void {
  children.add(child);
  child.on('exit', () => children.delete(child));
}

/**
 * Starts a long-running command, writes `input` to it, and resolves once a line of its
 * stdout contains `readyText`.
 */
export function startService(
  command: string,
  args: readonly string[],
  input: string,
  readyText: string,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    track(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(readyText)) resolve(child);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      reject(new Error(`${command} exited (${code}) before ready: ${err}`)),
    );
    child.stdin.end(input);
  });
}

/** Kills one tracked child (by its own pid) and waits for it to exit. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

/** Kills every child still running (synchronous, for exit handlers). */
export function killAllChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** Is a process of this id alive (one of another user's answers EPERM, and is)? */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
