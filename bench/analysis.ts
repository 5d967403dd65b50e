/**
 * Whole-space analysis (simulator/analysis): `analyzePolicy` on generated policies of 1,000
 * and 10,000 rules, and `diffProjects` of two 10,000-rule policies that differ in 20 rules,
 * each beside compiling the matcher for the same policy (the baseline measured in the same
 * run). Medians of five runs at 1,000 rules and three at 10,000, in wall time and in the
 * process's CPU time (user + system, less sensitive to a shared machine's load); peak
 * memory is the process's maximum resident set.
 * Targets: analyze 1,000 rules <= 1 s, 10,000 rules <= 10 s; the diff <= 10 s; <= 1 GB.
 */
import { loadavg } from 'node:os';
import type { PolicyModel } from '../simulator/core/model.js';
import { analyzePolicy, diffProjects } from '../simulator/analysis/index.js';
import { compileMatcher } from '../simulator/engine/index.js';
import { generateWorkload } from './flows.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median wall and CPU milliseconds of `repeats` runs. */
function time(run: () => unknown, repeats: number): { wall: number; cpu: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < repeats; i++) {
    globalThis.gc?.();
    const start = performance.now();
    const usage = process.cpuUsage();
    run();
    const used = process.cpuUsage(usage);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/** The same policy with `count` rules spread evenly over it turned to the other action. */
function changeRules(policy: PolicyModel, count: number): PolicyModel {
  const step = Math.floor(policy.rules.length / count);
  return {
    ...policy,
    rules: policy.rules.map((r, i) =>
      i % step === step >> 1 && i / step < count
        ? { ...r, action: r.action === 'allow' ? ('deny' as const) : ('allow' as const) }
        : r,
    ),
  };
}

export function benchAnalysis(): Record<string, string | number>[] {
  const rows: Record<string, string | number>[] = [];
  // The machine is shared: its load beside the figures says how far to trust the wall times.
  const loadBefore = loadavg()[0]!;
  for (const [rules, repeats] of [
    [1_000, 5],
    [10_000, 3],
  ] as const) {
    const { policy, topology } = generateWorkload(rules, 0);
    const baseline = time(() => compileMatcher(policy, topology), repeats).wall;
    let findings = 0;
    const { wall, cpu } = time(() => {
      findings = analyzePolicy(policy, topology).length;
    }, repeats);
    rows.push({
      task: `analyze ${rules.toLocaleString('en')} rules`,
      'median ms': Math.round(wall),
      'median cpu ms': Math.round(cpu),
      'compile ms (baseline)': Math.round(baseline),
      ratio: Number((wall / baseline).toFixed(1)),
      findings,
      target: rules === 1_000 ? '<= 1,000 ms' : '<= 10,000 ms',
    });
  }
  const { policy, topology } = generateWorkload(10_000, 0);
  const head = changeRules(policy, 20);
  const baseline = time(() => compileMatcher(policy, topology), 3).wall;
  let changes = 0;
  const { wall, cpu } = time(() => {
    changes = diffProjects({ policy, topology }, { policy: head, topology }).length;
  }, 3);
  rows.push({
    task: 'diff 10,000 rules, 20 changed',
    'median ms': Math.round(wall),
    'median cpu ms': Math.round(cpu),
    'compile ms (baseline)': Math.round(baseline),
    ratio: Number((wall / baseline).toFixed(1)),
    findings: changes,
    target: '<= 10,000 ms',
  });
  rows.push({
    task: 'peak memory (max RSS)',
    'median ms': 0,
    'median cpu ms': 0,
    'compile ms (baseline)': 0,
    ratio: 0,
    findings: Math.round(process.resourceUsage().maxRSS / 1024),
    target: '<= 1,024 MB',
  });
  rows.push({
    task: 'load average (1 min), start and end',
    'median ms': 0,
    'median cpu ms': 0,
    'compile ms (baseline)': 0,
    ratio: 0,
    findings: `${loadBefore.toFixed(1)}, ${loadavg()[0]!.toFixed(1)}`,
    target: '2 cores',
  });
  return rows;
}
