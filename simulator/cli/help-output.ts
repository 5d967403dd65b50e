/**
 * How commander's own output looks (docs/cli.md "Messages and help"): usage errors are one
 * line that starts `egress:` like every other error, and help fits 80 columns, including the
 * free text commands add after their options.
 */
import { Help } from 'commander';

export const HELP_WIDTH = 80;

/** `error: missing required argument 'project'` → `egress: missing required argument 'project'; …`. */
export function usageErrorLine(commanderMessage: string, commandPath: string): string {
  const message = commanderMessage
    .trim()
    .replace(/^error:\s*/, '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\.$/, '');
  return `egress: ${message}; run \`${commandPath} --help\` for usage\n`;
}

/** A "term  description" line of a list, such as a target and what it writes. */
const ITEM = /^(\s*\S+\s{2,})\S/;

/**
 * Wraps help text at `width`. Item lines wrap under their description; a prose line that is
 * too long is joined with the lines that continue it and the paragraph is wrapped again, so a
 * text written for a wider screen reads as prose rather than as alternating long and short lines.
 */
export function wrapHelpText(text: string, width = HELP_WIDTH): string {
  const help = new Help();
  const out: string[] = [];
  let paragraph: string | null = null;
  let indent = '';
  let previousTooLong = false;
  const flush = (): void => {
    if (paragraph === null) return;
    const wrapped = help.boxWrap(paragraph, width - indent.length);
    out.push(...wrapped.split('\n').map((line) => indent + line));
    paragraph = null;
  };
  for (const line of text.split('\n')) {
    const lead = /^\s*/.exec(line)![0];
    const item = ITEM.exec(line);
    if (line.trim() === '' || item) {
      flush();
      if (item && line.length > width) {
        const hang = item[1]!.length;
        const body = help.boxWrap(line.slice(hang), width - hang);
        out.push(line.slice(0, hang) + body.replace(/\n/g, '\n' + ' '.repeat(hang)));
      } else {
        out.push(line);
      }
    } else if (paragraph !== null && previousTooLong && lead === indent) {
      paragraph += ' ' + line.trim();
    } else {
      flush();
      paragraph = line.trim();
      indent = lead;
    }
    previousTooLong = line.length > width;
  }
  flush();
  return out.join('\n');
}
