/**
 * `npm run bench -- export`: each registered exporter on generated policies (the workload of
 * bench/flows.ts) of 1,000, 10,000 and 20,000 rules — the median CPU time of a few runs per
 * target and size, its ratio to the 1,000-rule time of the same run, and the bytes written.
 *
 * A target whose run exceeds the budget is not run at larger sizes (shown as `> budget`), so
 * that the table always finishes; `export --target all` of 20,000 rules should fit in a
 * minute altogether.
 *
 *   npx tsx -e "import('./bench/export.ts').then(m=>m.benchExport()).then(r=>console.table(r))"
 */
import { EXPORTERS } from '../simulator/export/registry.js';
import type { ExportInput } from '../simulator/export/types.js';
import { generateWorkload } from './flows.js';
import { median } from './matcher.js';

export interface ExportRow {
  target: string;
  [column: string]: string | number;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

export function benchExport(
  sizes: number[] = [1_000, 10_000, 20_000],
  budgetMs = 60_000,
  runs = 3,
): ExportRow[] {
  const rows: ExportRow[] = EXPORTERS.map((e) => ({ target: e.target }));
  const baseline = new Map<string, number>();
  const overBudget = new Set<string>();
  const totals: ExportRow = { target: 'all' };
  for (const size of sizes) {
    const { topology, policy } = generateWorkload(size, 1);
    const input: ExportInput = {
      policy,
      topology,
      project: { name: 'bench', policyFile: 'policy.egress' },
    };
    let total = 0;
    for (const [i, exporter] of EXPORTERS.entries()) {
      const row = rows[i]!;
      const label = size.toLocaleString('en-US');
      if (overBudget.has(exporter.target)) {
        row[`ms@${label}`] = '> budget';
        total = Number.NaN;
        continue;
      }
      const times: number[] = [];
      let bytes = 0;
      for (let r = 0; r < runs; r++) {
        gc();
        const start = process.cpuUsage();
        const result = exporter.run(input, {});
        times.push(cpuMs(start));
        bytes = result.files.reduce((n, f) => n + f.content.length, 0);
        // One run is enough to know a target is over budget.
        if (times[0]! > budgetMs) break;
      }
      const ms = Math.round(median(times));
      // Progress on stderr: the larger sizes take minutes for the slowest targets.
      process.stderr.write(`export bench: ${exporter.target} at ${label} rules: ${ms} ms\n`);
      if (!baseline.has(exporter.target)) baseline.set(exporter.target, ms);
      row[`ms@${label}`] = ms;
      row[`x@${label}`] = Math.round((ms / Math.max(1, baseline.get(exporter.target)!)) * 10) / 10;
      row[`MB@${label}`] = Math.round(bytes / 1e5) / 10;
      total += ms;
      if (ms > budgetMs) overBudget.add(exporter.target);
    }
    totals[`ms@${size.toLocaleString('en-US')}`] = Number.isNaN(total) ? '> budget' : total;
  }
  return [...rows, totals];
}
