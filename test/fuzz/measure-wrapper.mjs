// Runs the CLI in this process and writes its wall time, CPU time and peak memory to a file
// on exit: the fuzz suite's measure where /usr/bin/time is missing.
// Usage: node measure-wrapper.mjs OUT_FILE CLI_BUNDLE ARGS...
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [out, cli] = process.argv.slice(2, 4);
process.argv.splice(1, 3, cli);
const started = performance.now();
process.on('exit', () => {
  const usage = process.resourceUsage();
  const cpu = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  const wall = (performance.now() - started) / 1000;
  writeFileSync(out, `${wall} ${cpu} ${usage.maxRSS}\n`);
});
await import(pathToFileURL(cli).href);
