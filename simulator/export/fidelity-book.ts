/**
 * Collects fidelity findings while an exporter works and turns them into one entry per
 * rule and one for the default (docs/exporters.md). A rule with no finding is `exact`.
 *
 * Combining: `unsupported` wins (an exporter only says so when nothing of the rule is
 * expressed); then `widened`, because a target that lets through more than the policy is
 * the finding a reviewer must not miss; then `narrowed`, then `delegated`. Each distinct
 * cause is kept once, with the first example that showed it.
 */
import type { PolicyModel } from '../core/model.js';
import type { Fidelity, FidelityEntry } from './types.js';

type Finding = Exclude<Fidelity, 'exact'>;

const RANK: Record<Finding, number> = { unsupported: 4, widened: 3, narrowed: 2, delegated: 1 };
const MAX_REASONS = 4;

interface Cause {
  kind: Finding;
  text: string;
  example: string | undefined;
}

export class FidelityBook {
  private readonly causes = new Map<string, Cause[]>();

  add(rule: string, kind: Finding, cause: string, example?: string): void {
    const list = this.causes.get(rule) ?? [];
    if (!list.some((c) => c.kind === kind && c.text === cause)) {
      list.push({ kind, text: cause, example });
    }
    this.causes.set(rule, list);
  }

  has(rule: string): boolean {
    return (this.causes.get(rule) ?? []).length > 0;
  }

  entry(rule: string): FidelityEntry {
    const list = this.causes.get(rule) ?? [];
    if (list.length === 0) return { rule, fidelity: 'exact' };
    const fidelity = list.reduce<Finding>(
      (best, c) => (RANK[c.kind] > RANK[best] ? c.kind : best),
      'delegated',
    );
    const mixed = new Set(list.map((c) => c.kind)).size > 1;
    // The deciding kind's causes first, so the reason starts with why it is what it says.
    const ordered = [
      ...list.filter((c) => c.kind === fidelity),
      ...list.filter((c) => c.kind !== fidelity),
    ];
    const texts = ordered.map((c) => {
      const text = c.example === undefined ? c.text : `${c.text} (e.g. ${c.example})`;
      return mixed ? `${c.kind}: ${text}` : text;
    });
    const shown = texts.slice(0, MAX_REASONS);
    const more = texts.length - shown.length;
    const reason = shown.join('; ') + (more > 0 ? `; and ${more} more` : '');
    return { rule, fidelity, reason };
  }

  /** One entry per rule in file order, then the default. */
  entries(policy: PolicyModel): FidelityEntry[] {
    return [...policy.rules.map((r) => this.entry(r.id)), this.entry('default')];
  }
}
