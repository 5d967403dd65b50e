/**
 * Compiled matcher vs an honest linear scan vs the reference interpreter, on generated
 * policies of 100 … 100,000 rules (bench/flows.ts: realistic mix of rules; 20,000 flows read
 * through the CLI's own CSV reader, spread evenly over the rules, 20 % falling through to the
 * default).
 *
 * - compiled: `compileMatcher(...).decide(flow)` — resolution + indexed candidate selection.
 * - linear: the same compiled rules (packed numbers, interned names: no string work per
 *   rule) checked in file order until the first match — what a careful engine without
 *   indexes does. Resolution is shared with the compiled matcher, so the ratio isolates
 *   rule selection.
 * - reference: the plain interpreter of docs/language.md (parses as it goes; the oracle, not a target).
 * - first pass: a freshly compiled matcher on 20,000 flows it has never seen (every source and
 *   host text new to it), one pass.
 *
 * Rates are decisions per second of CPU time of this process (one core; other load on the
 * machine does not count), the median of several timed runs. Before timing, every size
 * checks that the three engines agree on a sample of its flows.
 *
 *   npx tsx -e "import('./bench/matcher.ts').then(m=>m.benchMatcher()).then(r=>console.table(r))"
 */
import type { Flow, PolicyModel, Topology } from '../simulator/core/model.js';
import { compileMatcher, evaluateReference } from '../simulator/engine/index.js';
import {
  compileWithLinearScan,
  type MatcherWithLinearScan,
} from '../simulator/engine/linear-scan.js';
import { generateWorkload } from './flows.js';

export interface Row {
  rules: number;
  compileMs: number;
  compiledPerSec: number;
  firstPassPerSec: number;
  linearPerSec: number;
  referencePerSec: number;
  compiledVsLinear: number;
  compiledVsReference: number;
  /** Share of the flows the default decided (the workload aims at 20 %). */
  defaultShare: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Decisions per CPU second over `flows`: median of `runs` runs of at least `minMs` each. */
export function throughput(
  flows: Flow[],
  decide: (flow: Flow) => unknown,
  runs: number,
  minMs: number,
): number {
  let sink = 0;
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    gc();
    let decisions = 0;
    const start = process.cpuUsage();
    let elapsed: number;
    do {
      for (let i = 0; i < flows.length; i++) if (decide(flows[i]!) !== undefined) sink++;
      decisions += flows.length;
      elapsed = cpuMs(start);
    } while (elapsed < minMs);
    rates.push((decisions / elapsed) * 1000);
  }
  if (sink < 0) console.log(sink); // keeps the results observable to the optimiser
  return median(rates);
}

/** Evenly spaced sample of `count` flows (keeps the 80/20 mix). */
function sample(flows: Flow[], count: number): Flow[] {
  if (count >= flows.length) return flows;
  const step = flows.length / count;
  return Array.from({ length: count }, (_, i) => flows[Math.floor(i * step)]!);
}

function checkAgreement(
  { matcher, decideLinear }: MatcherWithLinearScan,
  policy: PolicyModel,
  topology: Topology,
  flows: Flow[],
  referenceFlows: Flow[],
): void {
  const fail = (flow: Flow, what: string) => {
    throw new Error(`engines disagree on ${JSON.stringify(flow)}: ${what}`);
  };
  for (const flow of flows) {
    const compiled = matcher.evaluate(flow).rule;
    const linear = matcher.verdictFor(decideLinear(flow)).rule;
    if (compiled !== linear) fail(flow, `compiled ${compiled}, linear ${linear}`);
  }
  for (const flow of referenceFlows) {
    const compiled = matcher.evaluate(flow).rule;
    const reference = evaluateReference(policy, topology, flow).rule;
    if (compiled !== reference) fail(flow, `compiled ${compiled}, reference ${reference}`);
  }
}

function round(n: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export async function benchMatcher(
  sizes: number[] = [100, 1_000, 10_000, 100_000],
  flowCount = 20_000,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const size of sizes) {
    const { topology, policy, flows } = generateWorkload(size, flowCount);
    const compileTimes: number[] = [];
    let compiledWithScan: MatcherWithLinearScan | undefined;
    for (let i = 0; i < (size >= 100_000 ? 3 : 5); i++) {
      gc();
      const start = process.cpuUsage();
      compiledWithScan = compileWithLinearScan(policy, topology);
      compileTimes.push(cpuMs(start));
    }
    const { matcher: m, decideLinear } = compiledWithScan!;
    // Linear and reference costs grow with the rules: fewer flows keep each run short.
    const linearFlows = sample(flows, Math.max(200, Math.min(flows.length, 2e8 / size / 20)));
    const referenceFlows = sample(flows, Math.max(20, Math.min(2000, 2e7 / size / 20)));
    checkAgreement(compiledWithScan!, policy, topology, linearFlows, sample(referenceFlows, 200));

    // First pass: a new matcher, and flows it has never seen (new texts, new strings).
    const fresh = compileMatcher(policy, topology);
    const unseen = generateWorkload(size, flowCount, 4242).flows;
    gc();
    const firstStart = process.cpuUsage();
    for (const flow of unseen) fresh.decide(flow);
    const firstPass = (unseen.length / cpuMs(firstStart)) * 1000;

    const compiled = throughput(flows, (f) => m.decide(f), 7, 300);
    const linear = throughput(linearFlows, decideLinear, 3, 300);
    const reference = throughput(
      referenceFlows,
      (f) => evaluateReference(policy, topology, f),
      size >= 100_000 ? 1 : 3,
      size >= 100_000 ? 0 : 300,
    );
    let defaults = 0;
    for (const flow of flows) if (m.decide(flow) === -1) defaults++;
    rows.push({
      rules: size,
      compileMs: round(median(compileTimes), 1),
      compiledPerSec: round(compiled),
      firstPassPerSec: round(firstPass),
      linearPerSec: round(linear),
      referencePerSec: round(reference, 1),
      compiledVsLinear: round(compiled / linear, 1),
      compiledVsReference: round(compiled / reference, 1),
      defaultShare: round(defaults / flows.length, 3),
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return rows;
}
