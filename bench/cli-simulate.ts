/**
 * `egress simulate` on a large CSV flow file: the real CLI process, with jsonl output and with
 * the summary only, at 1,000 and 10,000 rules, against Node's readline reading the same file
 * in the same run. Medians of `runs` alternating runs; peak memory and CPU time are the
 * process's own report (printed when EGRESS_REPORT_RSS is set), worker threads included.
 * `npm run bench -- cli --lines N --runs R` (or BENCH_CLI_LINES) sets the file's size
 * (10,000,000 lines by default) and the runs (3).
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
  /** Median CPU time of the whole process (every thread): what the machine's load hardly changes. */
  cpuSeconds: number;
  cpuMicrosPerLine: number;
  flowsPerSecond: number;
  /** This run's time over readline's median on the same file. */
  vsReadline: number;
  /**
   * The time over the same output's at the first rule count, run by run (the two ran one
   * after the other in each round), median of the rounds; 1 for the first rule count.
   */
  vsFirstRules: number;
  peakRssMB: number;
}

/** Node reading the file line by line and doing nothing else: the floor for any reader. */
const READLINE_SCRIPT = `
const { createReadStream } = require('node:fs');
const { createInterface } = require('node:readline');
let n = 0;
const lines = createInterface({ input: createReadStream(process.argv[1]), crlfDelay: Infinity });
lines.on('line', () => n++);
lines.on('close', () => {
  const u = process.resourceUsage();
  const cpu = (u.userCPUTime + u.systemCPUTime) / 1e6;
  process.stderr.write('lines=' + n + ' maxRSS=' + u.maxRSS + 'kB cpu=' + cpu.toFixed(3) + 's\\n');
});
`;

interface Measure {
  seconds: number;
  /** CPU seconds of every thread of the process. */
  cpu: number;
  rssMB: number;
}

/**
 * Runs a Node script with EGRESS_REPORT_RSS and measures it; `okCodes` are the exit codes that
 * count as a run (`egress simulate` exits 1 for findings).
 */
export function timed(args: string[], okCodes: readonly number[] = [0]): Promise<Measure> {
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
      const m = /maxRSS=(\d+)kB cpu=([\d.]+)s/.exec(stderr);
      if (code === null || !okCodes.includes(code) || !m)
        reject(new Error(`${args[0]} exited ${code}: ${stderr.slice(-500)}`));
      else resolve({ seconds, cpu: Number(m[2]), rssMB: Number(m[1]) / 1024 });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export interface CliSimulateOptions {
  /** Lines of the generated CSV (header not counted). */
  lines?: number;
  /** Runs of each command, alternating, of which the median is printed. */
  runs?: number;
  ruleCounts?: number[];
}

/**
 * One file per rule count, then `runs` rounds, each running readline, jsonl and summary on
 * every rule count's file in turn, so that the machine's drift over the rounds falls on every
 * command alike and the ratio between rule counts is taken within each round.
 */
export async function benchCliSimulate(
  options: CliSimulateOptions = {},
): Promise<CliSimulateRow[]> {
  const lines = options.lines ?? (Number(process.env.BENCH_CLI_LINES) || 10_000_000);
  const runs = options.runs ?? 3;
  const ruleCounts = options.ruleCounts ?? [1000, 10_000];
  const dir = await mkdtemp(join(tmpdir(), 'egress-bench-'));
  try {
    // A copy of the built CLI, so that a rebuild while the benchmark runs does not mix builds.
    const cli = join('dist', 'bench-cli');
    await mkdir(cli, { recursive: true });
    for (const f of ['egress.mjs', 'simulate-worker.mjs'])
      await copyFile(join('dist', f), join(cli, f));
    const inputs: { rules: number; commands: [string, string[]][] }[] = [];
    for (const rules of ruleCounts) {
      const project = join(dir, `project-${rules}`);
      const flows = join(dir, `flows-${rules}.csv`);
      await writeFlowCsv(project, flows, lines, rules);
      inputs.push({
        rules,
        commands: [
          ['readline (baseline)', ['-e', READLINE_SCRIPT, flows]],
          ...['jsonl', 'summary'].map((output): [string, string[]] => [
            output,
            [join(cli, 'egress.mjs'), 'simulate', project, '--flows', flows, '--format', output],
          ]),
        ],
      });
    }
    // measures[input][command][round]
    const measures = inputs.map((input) => input.commands.map((): Measure[] => []));
    for (let run = 0; run < runs; run++) {
      for (let i = 0; i < inputs[0]!.commands.length; i++) {
        for (const [k, input] of inputs.entries())
          measures[k]![i]!.push(await timed(input.commands[i]![1]));
      }
    }
    const rows: CliSimulateRow[] = [];
    for (const [k, { rules, commands }] of inputs.entries()) {
      const own = measures[k]!;
      const readlineSeconds = median(own[0]!.map((m) => m.seconds));
      commands.forEach(([output], i) => {
        const seconds = median(own[i]!.map((m) => m.seconds));
        const cpu = median(own[i]!.map((m) => m.cpu));
        const first = measures[0]![i]!;
        rows.push({
          rules,
          output,
          lines,
          medianSeconds: Number(seconds.toFixed(2)),
          cpuSeconds: Number(cpu.toFixed(2)),
          cpuMicrosPerLine: Number(((cpu * 1e6) / lines).toFixed(2)),
          flowsPerSecond: Math.round(lines / seconds),
          vsReadline: Number((seconds / readlineSeconds).toFixed(2)),
          vsFirstRules: Number(
            median(own[i]!.map((m, run) => m.seconds / first[run]!.seconds)).toFixed(2),
          ),
          peakRssMB: Math.round(Math.max(...own[i]!.map((m) => m.rssMB))),
        });
      });
    }
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
