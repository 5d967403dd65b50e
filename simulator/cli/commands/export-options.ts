/**
 * `egress export` flags built from the options the registered exporters declare
 * (docs/exporters.md "Exporter options"): one `--NAME <value>` per option name, its help
 * naming the targets that take it, its value checked against the declared values.
 */
import type { Command } from 'commander';
import { declaredOptions } from '../../export/registry.js';
import type { Exporter, ExporterOption, ExportOptions } from '../../export/types.js';
import { UserError } from '../errors.js';

function valueList(option: ExporterOption): string {
  return option.values.map((v) => v.value).join(', ');
}

/** Commander's key for `--some-name`. */
function optionKey(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function addExporterOptions(command: Command, exporters: readonly Exporter[]): Command {
  for (const { option, targets } of declaredOptions(exporters)) {
    command.option(
      option.switchValue === undefined
        ? `--${option.name} <${option.name}>`
        : `--${option.name} [${option.name}]`,
      `${targets.join(', ')}: ${option.description} (default ${option.default})`,
    );
  }
  return command;
}

/**
 * The option values for the chosen exporters, from the parsed flags. A value outside the
 * declared ones, or an option none of the chosen targets takes, is a usage error.
 */
export function readExporterOptions(
  flags: Readonly<Record<string, unknown>>,
  registered: readonly Exporter[],
  chosen: readonly Exporter[],
): ExportOptions {
  const out: Record<string, string> = {};
  for (const { option, targets } of declaredOptions(registered)) {
    const given = flags[optionKey(option.name)];
    if (given === undefined) continue;
    const value =
      given === true && option.switchValue !== undefined ? option.switchValue : String(given);
    if (!option.values.some((v) => v.value === value)) {
      throw new UserError(`--${option.name} ${value}: use one of ${valueList(option)}`);
    }
    if (!chosen.some((e) => e.options.some((o) => o.name === option.name))) {
      throw new UserError(
        `--${option.name}: only ${targets.join(', ')} take${targets.length === 1 ? 's' : ''} it; drop it or choose one of them with --target`,
      );
    }
    out[option.name] = value;
  }
  return out;
}
