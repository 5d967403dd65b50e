/**
 * A seeded, bounded fuzz suite over the real CLI: mutated example projects and structured
 * attacks on the policy, topology and flow files (docs/language.md "Input limits"). Every
 * run must end with exit status 0, 1 or 2, print no stack trace, say an exit-2 error in one
 * line, and stay within the CPU time and memory bounds below. The seed is printed; replay
 * a run with EGS_FUZZ_SEED=<seed>, and run more cases with EGS_FUZZ_CASES=<n>.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileName, ProjectFiles } from './attacks.js';
import { ATTACKS, mutate, sampleFlows } from './attacks.js';
import { Random, fuzzSeed } from './random.js';
import type { CliRun } from './run-cli.js';
import { runCli } from './run-cli.js';

/** Every command, on any input: at most this much CPU time and peak memory. */
const MAX_CPU_SECONDS = 10;
const MAX_RSS_KB = 1024 * 1024;
/** A run still going after this is killed (and fails): the machine may be busy. */
const KILL_AFTER_MS = 60_000;
const PARALLEL = 2;

const repo = join(import.meta.dirname, '../..');
const EXAMPLES = ['ml-training', 'llm-gateway', 'rag-app'];

interface FuzzCase {
  name: string;
  files: ProjectFiles;
  /** The CLI arguments after `egress`, with PROJECT standing for the case's folder. */
  args: string[];
}

function example(name: string): ProjectFiles {
  const dir = join(repo, 'policies', name);
  return {
    policy: readFileSync(join(dir, 'policy.egress')),
    topology: readFileSync(join(dir, 'topology.yaml')),
    flows: sampleFlows(false),
  };
}

function commandFor(file: FileName, r: Random, jsonl: boolean): string[] {
  const flows = `PROJECT/flows.${jsonl ? 'jsonl' : 'csv'}`;
  if (file === 'flows') {
    return r.int(3) === 0
      ? ['simulate', 'PROJECT', '--flows', flows, '--strict-input']
      : ['simulate', 'PROJECT', '--flows', flows, '--format', r.pick(['table', 'jsonl', 'csv'])];
  }
  return r.pick([
    ['check', 'PROJECT'],
    ['check', 'PROJECT'],
    ['test', 'PROJECT'],
    ['explain', 'PROJECT', 'trainer -> ::ffff:169.254.169.254 on tcp/80'],
    ['simulate', 'PROJECT', '--flows', flows],
    [
      'export',
      'PROJECT',
      '--target',
      r.pick(['nftables', 'squid', 'kubernetes']),
      '--out',
      'PROJECT/out',
    ],
  ]);
}

/** The cases of one seed: every structured attack once, then mutations up to `total`. */
function fuzzCases(seed: number, total: number): FuzzCase[] {
  const r = new Random(seed);
  const cases: FuzzCase[] = [];
  for (const file of ['policy', 'topology', 'flows'] as const) {
    for (const [attack, make] of Object.entries(ATTACKS[file])) {
      const files = { ...example(r.pick(EXAMPLES)), [file]: make(r) };
      const jsonl = file === 'flows' && attack === 'deep JSON';
      cases.push({ name: `${file}: ${attack}`, files, args: commandFor(file, r, jsonl) });
    }
  }
  while (cases.length < total) {
    const file = r.pick(['policy', 'policy', 'topology', 'topology', 'flows'] as const);
    const base = example(r.pick(EXAMPLES));
    const jsonl = file === 'flows' && r.int(2) === 0;
    if (jsonl) base.flows = sampleFlows(true);
    const files = { ...base, [file]: mutate(base[file], r) };
    cases.push({
      name: `${file}: mutation ${cases.length}`,
      files,
      args: commandFor(file, r, jsonl),
    });
  }
  return cases;
}

/** What is wrong with one run, or null. */
export function problemOf(run: CliRun): string | null {
  if (run.status === null) return `ended by signal ${run.signal ?? '?'}`;
  if (![0, 1, 2].includes(run.status)) return `exit status ${run.status}`;
  if (
    /^\s+at [^\n]*:\d+:\d+\)?$/m.test(run.stderr) ||
    /node:internal|FATAL ERROR/.test(run.stderr)
  ) {
    return `stack trace in stderr: ${run.stderr.slice(0, 400)}`;
  }
  if (/^(?:\w+)?Error: /m.test(run.stderr)) return `uncaught error: ${run.stderr.slice(0, 400)}`;
  if (run.status === 2) {
    // Diagnostics of a project with errors may come first; the error itself is one line.
    const last = run.stderr.trimEnd().split(/\r?\n/).at(-1) ?? '';
    if (!/^(?:egress: |\S.*:\d+(?::\d+)?: )/.test(last)) {
      return `exit 2 without a one-line error at the end: ${JSON.stringify(run.stderr.slice(-400))}`;
    }
  }
  if (!(run.cpuSeconds <= MAX_CPU_SECONDS)) return `${run.cpuSeconds} s of CPU`;
  if (!(run.maxRssKb <= MAX_RSS_KB)) return `${Math.round(run.maxRssKb / 1024)} MB of memory`;
  return null;
}

let work: string;

beforeAll(() => {
  execFileSync(process.execPath, [join(repo, 'scripts/build-cli.mjs')], { cwd: repo });
  work = mkdtempSync(join(tmpdir(), 'egress-fuzz-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the CLI under fuzzed input', () => {
  it(
    'exits 0, 1 or 2, without stack traces, within the time and memory bounds',
    { timeout: 600_000 },
    async () => {
      const seed = fuzzSeed();
      const total = Number(process.env.EGS_FUZZ_CASES ?? 150);
      console.log(`fuzz: seed ${seed} (replay with EGS_FUZZ_SEED=${seed}), ${total} cases`);
      const cases = fuzzCases(seed, total);
      const failures: string[] = [];
      let slowest = { name: '', cpu: 0, rss: 0 };
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < cases.length) {
          const index = next++;
          const c = cases[index]!;
          const dir = join(work, `case-${index}`);
          mkdirSync(dir);
          writeFileSync(join(dir, 'policy.egress'), c.files.policy);
          writeFileSync(join(dir, 'topology.yaml'), c.files.topology);
          writeFileSync(join(dir, 'flows.csv'), c.files.flows);
          writeFileSync(join(dir, 'flows.jsonl'), c.files.flows);
          const args = c.args.map((a) => a.replace('PROJECT', dir));
          const run = await runCli(args, join(dir, 'measure.txt'), KILL_AFTER_MS);
          if (run.cpuSeconds > slowest.cpu)
            slowest = { name: c.name, cpu: run.cpuSeconds, rss: run.maxRssKb };
          const problem = problemOf(run);
          if (problem === null) {
            rmSync(dir, { recursive: true, force: true });
          } else {
            failures.push(`case ${index} (${c.name}; egress ${c.args.join(' ')}): ${problem}`);
          }
        }
      };
      await Promise.all(Array.from({ length: PARALLEL }, worker));
      console.log(
        `fuzz: most CPU ${slowest.cpu} s, ${Math.round(slowest.rss / 1024)} MB (${slowest.name})`,
      );
      expect(failures, `seed ${seed}: replay with EGS_FUZZ_SEED=${seed}`).toEqual([]);
    },
  );
});
