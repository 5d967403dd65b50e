/** The registry of CLI commands: each command file exports a `register…` function. */
import type { Command } from 'commander';

export type SetExitCode = (code: number) => void;

export function registerCommands(_program: Command, _setExit: SetExitCode): void {}
