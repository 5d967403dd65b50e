/** The registry of CLI commands: each command file exports a `register…` function. */
import type { Command } from 'commander';
import type { SetExitCode } from './set-exit.js';
import { registerAnalyze } from './analyze.js';
import { registerCheck } from './check.js';
import { registerDiff } from './diff.js';
import { registerExplain } from './explain.js';
import { registerExport } from './export.js';
import { registerFmt } from './fmt.js';
import { registerLearn } from './learn.js';
import { registerSimulate } from './simulate.js';
import { registerSearch } from './search.js';
import { registerTest } from './test.js';
import { registerVerify } from './verify.js';

export type { SetExitCode } from './set-exit.js';

export function registerCommands(program: Command, setExit: SetExitCode): void {
  registerCheck(program, setExit);
  registerSimulate(program, setExit);
  registerTest(program, setExit);
  registerExplain(program, setExit);
  registerExport(program, setExit);
  registerFmt(program, setExit);
  registerAnalyze(program, setExit);
  registerSearch(program, setExit);
  registerDiff(program, setExit);
  registerLearn(program, setExit);
  registerVerify(program, setExit);
}
