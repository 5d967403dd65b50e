/**
 * `egress simulate` on a large CSV flow file: the real CLI process, with jsonl output and with
 * the summary only, at 1,000 and 10,000 rules, against Node's readline reading the same file
 * in the same run. Medians of `runs` runs; peak memory is the process's own report of maxRSS
 * (printed when EGRESS_REPORT_RSS is set), worker threads included.
 * BENCH_CLI_LINES sets the file's size (10,000,000 lines by default).
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFlowCsv } from './flows.js';

export interface CliSimulateRow {
  rules: number;
  output: string;
  lines: number;
  medianSeconds: number;
  flowsPerSecond: number;
  /** This run's time over readline's median on the same file. */
  vsReadline: number;
  peakRssMB: number;
}

/** Node reading the file line by line and doing nothing else: the floor for any reader. */
const READLINE_SCRIPT = `
const { createReadStream } = require('node:fs');
const { createInterface } = require('node:readline');
let n = 0;
const lines = createInterface({ input: createReadStream(process.argv[1]), crlfDelay: Infinity });
lines.on('line', () => n++);
lines.on('close', () => process.stderr.write('lines=' + n + ' maxRSS=' + process.resourceUsage().maxRSS + 'kB\\n'));
`;

/**
 * Runs a Node script with EGRESS_REPORT_RSS and measures it; `okCodes` are the exit codes that
 * count as a run (`egress simulate` exits 1 for findings).
 */
export function timed(
  args: string[],
  okCodes: readonly number[] = [0],
): Promise<{ seconds: number; rssMB: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      env: { ...process.env, EGRESS_REPORT_RSS: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const m = /maxRSS=(\d+)kB/.exec(stderr);
      if (code === null || !okCodes.includes(code) || !m)
        reject(new Error(`${args[0]} exited ${code}: ${stderr.slice(-500)}`));
      else resolve({ seconds, rssMB: Number(m[1]) / 1024 });
    });
  });
}

async function median(runs: number, args: string[]): Promise<{ seconds: number; rssMB: number }> {
  const times: number[] = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const r = await timed(args);
    times.push(r.seconds);
    rss = Math.max(rss, r.rssMB);
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(times.length / 2)]!, rssMB: rss };
}

export async function benchCliSimulate(
  lines = Number(process.env.BENCH_CLI_LINES) || 10_000_000,
  runs = 3,
  ruleCounts = [1000, 10_000],
): Promise<CliSimulateRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'egress-bench-'));
  try {
    // A copy of the built CLI, so that a rebuild while the benchmark runs does not mix builds.
    const cli = join('dist', 'bench-cli');
    await mkdir(cli, { recursive: true });
    for (const f of ['egress.mjs', 'simulate-worker.mjs'])
      await copyFile(join('dist', f), join(cli, f));
    const rows: CliSimulateRow[] = [];
    for (const rules of ruleCounts) {
      const project = join(dir, `project-${rules}`);
      const flows = join(dir, `flows-${rules}.csv`);
      await writeFlowCsv(project, flows, lines, rules);
      const readline = await median(runs, ['-e', READLINE_SCRIPT, flows]);
      rows.push({
        rules,
        output: 'readline (baseline)',
        lines,
        medianSeconds: Number(readline.seconds.toFixed(2)),
        flowsPerSecond: Math.round(lines / readline.seconds),
        vsReadline: 1,
        peakRssMB: Math.round(readline.rssMB),
      });
      for (const output of ['jsonl', 'summary']) {
        const r = await median(runs, [
          join(cli, 'egress.mjs'),
          'simulate',
          project,
          '--flows',
          flows,
          '--format',
          output,
        ]);
        rows.push({
          rules,
          output,
          lines,
          medianSeconds: Number(r.seconds.toFixed(2)),
          flowsPerSecond: Math.round(lines / r.seconds),
          vsReadline: Number((r.seconds / readline.seconds).toFixed(2)),
          peakRssMB: Math.round(r.rssMB),
        });
      }
      await rm(flows, { force: true });
    }
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
