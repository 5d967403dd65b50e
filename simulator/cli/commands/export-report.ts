/**
 * What `egress export` prints: one line per target (where, which files, how many rules of
 * each fidelity grade), the non-exact rules one per line with `--verbose`, and a total.
 * Folders are printed as the user wrote them.
 */
import type { ExportResult, Fidelity } from '../../export/types.js';
import { painter, plural } from '../terminal.js';

/** Worst first, as a reviewer reads them (the fidelity precedence, then the fine grades). */
const ORDER: readonly Fidelity[] = ['widened', 'unsupported', 'narrowed', 'delegated', 'exact'];

/** `base` + `parts` joined with `/`, keeping `base` exactly as written. */
export function displayPath(base: string, ...parts: string[]): string {
  if (parts.length === 0) return base;
  return `${base.endsWith('/') ? base : `${base}/`}${parts.join('/')}`;
}

function counts(entries: readonly { fidelity: Fidelity }[]): Map<Fidelity, number> {
  const out = new Map<Fidelity, number>();
  for (const e of entries) out.set(e.fidelity, (out.get(e.fidelity) ?? 0) + 1);
  return out;
}

function countText(entries: readonly { fidelity: Fidelity }[]): string {
  const c = counts(entries);
  return ORDER.filter((f) => c.has(f))
    .map((f) => `${c.get(f)} ${f}`)
    .join(', ');
}

/** `nftables → out/nftables/ (egress.nft): 7 exact, 2 widened` and, verbose, the rules. */
export function targetReport(result: ExportResult, where: string, verbose: boolean): string {
  const p = painter();
  const folder = where.endsWith('/') ? where : `${where}/`;
  const lines = [
    `${p.bold(result.target)} → ${folder} (${result.files.map((f) => f.path).join(', ')}): ${countText(result.fidelity)}`,
  ];
  if (verbose) {
    for (const f of result.fidelity) {
      if (f.fidelity === 'exact') continue;
      const colour =
        f.fidelity === 'delegated' ? p.cyan : f.fidelity === 'unsupported' ? p.red : p.yellow;
      lines.push(`  ${colour(f.fidelity.padEnd(12))}${f.rule}: ${f.reason ?? ''}`);
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * The total over every target: each rule (and the default) counted once per target. With
 * one target the target's line says it all.
 */
export function totalReport(results: readonly ExportResult[], verbose: boolean): string {
  const entries = results.flatMap((r) => r.fidelity);
  const files = results.reduce((n, r) => n + r.files.length, 0);
  const rules = results[0] ? results[0].fidelity.length : 0;
  const lines: string[] = [];
  if (results.length > 1) {
    lines.push(
      `${plural(results.length, 'target')}, ${plural(files, 'file')}; ${plural(rules, 'rule')} (with the default) per target: ${countText(entries)}`,
    );
  }
  if (!verbose && entries.some((e) => e.fidelity !== 'exact')) {
    lines.push('--verbose lists every rule that is not exact, with the reason');
  }
  return lines.map((l) => `${l}\n`).join('');
}
