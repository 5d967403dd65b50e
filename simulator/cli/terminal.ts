/** Terminal helpers: colour only on a TTY (and never with NO_COLOR), plain text when piped. */

const useColor = (stream: NodeJS.WriteStream): boolean =>
  Boolean(stream.isTTY) && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb';

export interface Painter {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export function painter(stream: NodeJS.WriteStream = process.stdout): Painter {
  const on = useColor(stream);
  const wrap = (open: number, close: number) => (s: string) =>
    on ? `\u001b[${open}m${s}\u001b[${close}m` : s;
  return {
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
  };
}

/**
 * Progress for long work, on stderr and only when stderr is a terminal (docs/cli.md: quiet when
 * piped). Redraws at most every 200 ms.
 */
export function progressReporter(label: string): { update(done: number): void; done(): void } {
  const tty = Boolean(process.stderr.isTTY);
  let last = 0;
  let shown = false;
  return {
    update(done: number) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      process.stderr.write(`\r${label} ${done.toLocaleString('en-US')}…`);
    },
    done() {
      if (tty && shown) process.stderr.write('\r\u001b[2K');
    },
  };
}

/** `n.toLocaleString('en-US')` (1,234,567), from one formatter: a summary has a count per rule. */
export const formatCount: (n: number) => string = (
  (format) => (n: number) =>
    format.format(n)
)(new Intl.NumberFormat('en-US'));

export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : pluralWord}`;
}
