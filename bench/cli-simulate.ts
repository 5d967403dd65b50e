/**
 * `egress simulate` on a large CSV flow file: flows per second and peak memory of the real
 * CLI process (its own report of maxRSS, printed when EGRESS_REPORT_RSS is set).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFlowCsv } from './flows.js';

export interface CliSimulateRow {
  lines: number;
  medianSeconds: number;
  flowsPerSecond: number;
  peakRssMB: number;
}

function runOnce(project: string, flows: string): Promise<{ seconds: number; rssMB: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(
      process.execPath,
      ['bin/egress.mjs', 'simulate', project, '--flows', flows, '--format', 'jsonl'],
      { env: { ...process.env, EGRESS_REPORT_RSS: '1' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const m = /maxRSS=(\d+)kB/.exec(stderr);
      if (code !== 0 || !m) reject(new Error(`simulate exited ${code}: ${stderr.slice(-500)}`));
      else resolve({ seconds, rssMB: Number(m[1]) / 1024 });
    });
  });
}

export async function benchCliSimulate(lines = 1_000_000, runs = 3): Promise<CliSimulateRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'egress-bench-'));
  try {
    const project = join(dir, 'project');
    const flows = join(dir, 'flows.csv');
    await writeFlowCsv(project, flows, lines);
    await writeFile(join(dir, '.keep'), '');
    const times: number[] = [];
    let rss = 0;
    for (let i = 0; i < runs; i++) {
      const r = await runOnce(project, flows);
      times.push(r.seconds);
      rss = Math.max(rss, r.rssMB);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    return [{ lines, medianSeconds: median, flowsPerSecond: lines / median, peakRssMB: rss }];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
