/**
 * `egress`: the command-line interface (docs/cli.md). Each command lives in its own file under
 * commands/; this file wires them to commander and maps every outcome to the exit statuses
 * 0 (clean), 1 (findings) and 2 (usage, input or I/O error).
 */
import { Command, CommanderError } from 'commander';
import { EXIT_USAGE, reportFatal } from './errors.js';
import { HELP_WIDTH, usageErrorLine, wrapHelpText } from './help-output.js';
import { registerCommands } from './commands/index.js';
import { refuseEmptyPaths } from './options.js';

declare const __EGRESS_VERSION__: string | undefined;

export async function runCli(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name('egress')
    .description(
      'Egress Studio: check, simulate, test, explain and export outbound-only egress policies.',
    )
    .version(typeof __EGRESS_VERSION__ === 'string' ? __EGRESS_VERSION__ : 'dev')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(wrapHelpText(s)),
      writeErr: (s) => process.stderr.write(wrapHelpText(s)),
      getOutHelpWidth: () => Math.min(process.stdout.columns || HELP_WIDTH, HELP_WIDTH),
      getErrHelpWidth: () => Math.min(process.stderr.columns || HELP_WIDTH, HELP_WIDTH),
    })
    .hook('preAction', (_program, command) => refuseEmptyPaths(command));

  let exitCode = 0;
  registerCommands(program, (code) => {
    exitCode = code;
  });
  // Commands copy the output configuration above when they are made; each error names its own.
  for (const command of [program, ...program.commands]) {
    const path = command === program ? 'egress' : `egress ${command.name()}`;
    command.configureOutput({
      outputError: (message) => process.stderr.write(usageErrorLine(message, path)),
    });
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; every other commander error is a usage error.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    return reportFatal(error);
  }
  return exitCode;
}

// `egress simulate … | head`: a closed pipe ends the command quietly, like other CLIs.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const code = await runCli(process.argv.slice(2));
process.exitCode = code;
// The benchmark (bench/cli-simulate.ts) measures peak memory of the real process.
if (process.env.EGRESS_REPORT_RSS) {
  process.on('exit', () => {
    // Every thread's CPU time: what the machine's load hardly changes, unlike the wall time.
    const usage = process.resourceUsage();
    const cpu = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
    process.stderr.write(`maxRSS=${usage.maxRSS}kB cpu=${cpu.toFixed(3)}s\n`);
  });
}
