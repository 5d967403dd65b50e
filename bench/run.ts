/**
 * `npm run bench`: every benchmark of the engine, printed as tables of medians and ratios.
 * Figures are measured, never asserted; the README quotes a run on the reference machine.
 * `npm run bench -- language matcher scaling cli ui` runs a subset;
 * `npm run bench -- cli --lines 2000000 --runs 5` sets the size and runs of `cli`.
 */
import { benchLanguage } from './language.js';
import { benchMatcher } from './matcher.js';
import { benchScaling } from './matcher-scaling.js';
import { benchCliSimulate } from './cli-simulate.js';
import { benchUi } from './ui.js';
import { benchAnalysis } from './analysis.js';
import { benchExport, benchExportCli } from './export.js';
import { benchLogs } from './logs.js';

// Options with a value (`--lines 2000000`, `--runs 5`) are for the `cli` benchmark; the rest
// are benchmark names.
const args = process.argv.slice(2);
const option = (name: string): number | undefined => {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = Number(args.splice(at, 2)[1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a positive integer`);
  return value;
};
const lines = option('--lines');
const runs = option('--runs');
const wanted = new Set(args);
const on = (name: string) => wanted.size === 0 || wanted.has(name);

if (on('language')) {
  console.log('\n## Parse and check (simulator/language)\n');
  console.table(await benchLanguage());
}
if (on('matcher')) {
  console.log('\n## Compiled matcher vs reference interpreter vs linear scan (simulator/engine)\n');
  console.table(await benchMatcher());
}
if (on('matcher') || on('scaling')) {
  console.log(
    '\n## Matcher throughput, 100,000 rules against 1,000, in alternating processes (bench/matcher-scaling.ts)\n',
  );
  console.table(benchScaling());
}
if (on('cli')) {
  console.log(
    '\n## egress simulate on a CSV flow file (the built CLI, every core), against readline\n',
  );
  console.table(
    await benchCliSimulate({
      ...(lines !== undefined ? { lines } : {}),
      ...(runs !== undefined ? { runs } : {}),
    }),
  );
}
if (on('ui')) {
  console.log(
    '\n## The designer in Chromium (bench/ui.ts: built app, performance marks in the page)\n',
  );
  console.table(await benchUi());
}
if (on('analysis')) {
  console.log(
    '\n## Whole-space analysis (bench/analysis.ts; peak memory in MB under "findings")\n',
  );
  console.table(benchAnalysis());
}
if (on('export')) {
  console.log(
    '\n## Every exporter at 1,000 and 20,000 rules: median CPU ms, runs, ratio to 1,000 rules, MB (bench/export.ts)\n',
  );
  console.table(benchExport());
  console.log(
    '\n## egress export --target all of 20,000 rules, end to end (the built CLI, one run)\n',
  );
  console.table(await benchExportCli());
}
if (on('logs')) {
  console.log(
    '\n## egress simulate on AWS VPC Flow Logs, against the same flows as a CSV file (bench/logs.ts)\n',
  );
  console.table(await benchLogs());
}
