/**
 * `npm run bench -- export`: every registered exporter on the generated policy of
 * bench/flows.ts at 1,000 and 20,000 rules (`generateWorkload(N, 1)`: at 20,000, 400 roles,
 * 1,200 nodes, 10 % of rules from `zone:vpc`) — the median CPU time per target and size,
 * its ratio to the 1,000-rule time of the same run, the runs behind each median, and the
 * bytes written. A run under 20 s is repeated to three; a longer one is reported alone.
 * The last row sums the targets. `benchExportCli` then runs the built CLI's
 * `export --target all` on the same 20,000-rule project, end to end (parse, every target,
 * writing the files), once: it should fit in a minute.
 *
 *   npx tsx -e "import('./bench/export.ts').then(m=>m.benchExport()).then(r=>console.table(r))"
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPORTERS } from '../simulator/export/registry.js';
import type { ExportInput } from '../simulator/export/types.js';
import { timed } from './cli-simulate.js';
import { generateWorkload, writeFlowCsv } from './flows.js';
import { median } from './matcher.js';

export interface ExportRow {
  target: string;
  [column: string]: string | number;
}

/** Runs shorter than this are repeated, to `RUNS` in all. */
const REPEAT_BELOW_MS = 20_000;
const RUNS = 3;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

export function benchExport(sizes: number[] = [1_000, 20_000]): ExportRow[] {
  const rows: ExportRow[] = EXPORTERS.map((e) => ({ target: e.target }));
  const baseline = new Map<string, number>();
  const totals: ExportRow = { target: 'all (sum)' };
  for (const size of sizes) {
    const { topology, policy } = generateWorkload(size, 1);
    const input: ExportInput = {
      policy,
      topology,
      project: { name: 'bench', policyFile: 'policy.egress' },
    };
    const label = size.toLocaleString('en-US');
    let total = 0;
    for (const [i, exporter] of EXPORTERS.entries()) {
      const row = rows[i]!;
      const times: number[] = [];
      let bytes = 0;
      while (times.length < RUNS) {
        gc();
        const start = process.cpuUsage();
        const result = exporter.run(input, {});
        times.push(cpuMs(start));
        bytes = result.files.reduce((n, f) => n + f.content.length, 0);
        if (times[0]! >= REPEAT_BELOW_MS) break;
      }
      const ms = Math.round(median(times));
      // Progress on stderr: the 20,000-rule runs take a while on a loaded machine.
      process.stderr.write(`export bench: ${exporter.target} at ${label} rules: ${ms} ms\n`);
      if (!baseline.has(exporter.target)) baseline.set(exporter.target, ms);
      row[`ms@${label}`] = ms;
      row[`runs@${label}`] = times.length;
      row[`x@${label}`] = Math.round((ms / Math.max(1, baseline.get(exporter.target)!)) * 10) / 10;
      row[`MB@${label}`] = Math.round(bytes / 1e5) / 10;
      total += ms;
    }
    totals[`ms@${label}`] = total;
  }
  return [...rows, totals];
}

export interface ExportCliRow {
  command: string;
  rules: number;
  wallSeconds: number;
  /** CPU time of the whole process: what the machine's load hardly changes. */
  cpuSeconds: number;
  peakRssMB: number;
}

/** `egress export <project> --target all` of the built CLI on a generated project, once. */
export async function benchExportCli(rules = 20_000): Promise<ExportCliRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'egress-bench-export-'));
  try {
    const project = join(dir, 'project');
    await writeFlowCsv(project, join(dir, 'flows.csv'), 0, rules);
    const args = ['dist/egress.mjs', 'export', project, '--target', 'all', '--out'];
    const run = await timed([...args, join(dir, 'out')]);
    return [
      {
        command: 'export --target all',
        rules,
        wallSeconds: Math.round(run.seconds * 10) / 10,
        cpuSeconds: Math.round(run.cpu * 10) / 10,
        peakRssMB: Math.round(run.rssMB),
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
