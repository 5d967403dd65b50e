/** The colour a fidelity grade is shown in (a `pill-<tone>`), in the export dialog and the live pane. */
import type { ExportResult, Fidelity } from '../../simulator/index.js';

export const FIDELITY_TONE: Record<Fidelity, string> = {
  exact: 'allow',
  delegated: 'info',
  widened: 'warn',
  narrowed: 'warn',
  unsupported: 'deny',
};

/** `5 exact · 2 widened`: how many rules of a result have each grade. */
export function fidelitySummary(result: ExportResult): string {
  const counts = new Map<Fidelity, number>();
  for (const f of result.fidelity) counts.set(f.fidelity, (counts.get(f.fidelity) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}`).join(' · ');
}
