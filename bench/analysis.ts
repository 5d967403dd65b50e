/**
 * Whole-space analysis (simulator/analysis): `analyzePolicy` on generated policies of 1,000
 * and 10,000 rules, and `diffProjects` of two 10,000-rule policies that differ in 20 rules,
 * each beside compiling the matcher for the same policy (the baseline measured in the same
 * run). Medians of five runs at 1,000 rules (one run at 10,000: minutes on a shared machine); peak memory is the process's maximum resident set.
 * Targets: analyze 1,000 rules <= 1 s, 10,000 rules <= 10 s; the diff <= 10 s; <= 1 GB.
 */
import type { PolicyModel } from '../simulator/core/model.js';
import { analyzePolicy, diffProjects } from '../simulator/analysis/index.js';
import { compileMatcher } from '../simulator/engine/index.js';
import { generateWorkload } from './flows.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(run: () => unknown, repeats: number): number {
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    globalThis.gc?.();
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
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
  for (const [rules, repeats] of [
    [1_000, 5],
    [10_000, 1],
  ] as const) {
    const { policy, topology } = generateWorkload(rules, 0);
    const baseline = time(() => compileMatcher(policy, topology), repeats);
    let findings = 0;
    const ms = time(() => {
      findings = analyzePolicy(policy, topology).length;
    }, repeats);
    rows.push({
      task: `analyze ${rules.toLocaleString('en')} rules`,
      'median ms': Math.round(ms),
      'compile ms (baseline)': Math.round(baseline),
      ratio: Number((ms / baseline).toFixed(1)),
      findings,
      target: rules === 1_000 ? '<= 1,000 ms' : '<= 10,000 ms',
    });
  }
  const { policy, topology } = generateWorkload(10_000, 0);
  const head = changeRules(policy, 20);
  const baseline = time(() => compileMatcher(policy, topology), 1);
  let changes = 0;
  const ms = time(() => {
    changes = diffProjects({ policy, topology }, { policy: head, topology }).length;
  }, 1);
  rows.push({
    task: 'diff 10,000 rules, 20 changed',
    'median ms': Math.round(ms),
    'compile ms (baseline)': Math.round(baseline),
    ratio: Number((ms / baseline).toFixed(1)),
    findings: changes,
    target: '<= 10,000 ms',
  });
  rows.push({
    task: 'peak memory (max RSS)',
    'median ms': 0,
    'compile ms (baseline)': 0,
    ratio: 0,
    findings: Math.round(process.resourceUsage().maxRSS / 1024),
    target: '<= 1,024 MB',
  });
  return rows;
}
