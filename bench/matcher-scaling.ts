/**
 * How the compiled matcher's throughput scales from 1,000 to 100,000 rules, measured so that
 * the machine's drift cancels out. On a shared machine whose speed swings by a factor of two
 * within minutes, two sizes measured a minute apart (bench/matcher.ts) compare two machines.
 * Here fresh processes alternate between the sizes (a process per measurement, so that
 * neither size runs with the other's compiled code or heap around it); each pair of
 * neighbouring measurements gives one ratio, and the median ratio is reported with every
 * pair.
 *
 *   npx tsx bench/matcher-scaling.ts            (the parent)
 *   npx tsx bench/matcher-scaling.ts 100000     (one measurement; prints decisions/s)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compileMatcher } from '../simulator/engine/index.js';
import { generateWorkload } from './flows.js';
import { median, throughput } from './matcher.js';

const SMALL = 1_000;
const LARGE = 100_000;
const FLOWS = 20_000;

/** Decisions per CPU second at `size` rules (bench/matcher.ts's measure). */
function measure(size: number): number {
  const { topology, policy, flows } = generateWorkload(size, FLOWS);
  const m = compileMatcher(policy, topology);
  for (const flow of flows) m.decide(flow); // every source and host text seen once
  return throughput(flows, (flow) => m.decide(flow), 9, 200);
}

function measureInChild(size: number): number {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), String(size)],
    { encoding: 'utf8' },
  );
  const rate = Number(child.stdout.trim());
  if (child.status !== 0 || !Number.isFinite(rate)) {
    throw new Error(`measuring ${size} rules failed: ${child.stderr}`);
  }
  return rate;
}

export interface ScalingRow {
  pair: number | 'median';
  perSec1k: number;
  perSec100k: number;
  ratio: number;
}

/** `pairs` alternating measurements (1k, 100k, 1k, …); ratio of each 100k to its neighbours. */
export function benchScaling(pairs = 5): ScalingRow[] {
  const small: number[] = [];
  const large: number[] = [];
  for (let p = 0; p < pairs; p++) {
    small.push(measureInChild(SMALL));
    large.push(measureInChild(LARGE));
  }
  small.push(measureInChild(SMALL));
  const rows: ScalingRow[] = large.map((l, p) => {
    // The 1k rate around the 100k measurement: the mean of the one before and after.
    const s = (small[p]! + small[p + 1]!) / 2;
    return { pair: p + 1, perSec1k: Math.round(s), perSec100k: Math.round(l), ratio: l / s };
  });
  rows.push({
    pair: 'median',
    perSec1k: Math.round(median(rows.map((r) => r.perSec1k))),
    perSec100k: Math.round(median(rows.map((r) => r.perSec100k))),
    ratio: median(rows.map((r) => r.ratio)),
  });
  return rows.map((r) => ({ ...r, ratio: Math.round(r.ratio * 1000) / 1000 }));
}

const own = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (own && process.argv[2] !== undefined) {
  console.log(Math.round(measure(Number(process.argv[2]))));
} else if (own) {
  console.table(benchScaling());
}
