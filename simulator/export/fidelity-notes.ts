/**
 * Turns what an exporter noticed about one rule into its fidelity entry (docs/exporters.md).
 *
 * A rule can be inexact in several ways at once (a domain resolved to static addresses, a
 * node without addresses, HTTP paths the target cannot see). Each observation is a note
 * with its effect on the rule; the entry takes the most important effect, for a reviewer who
 * must know first whether the target allows more than the policy:
 *
 *   nothing in the target: all delegated → delegated, else → unsupported
 *   something widens                     → widened
 *   something narrows                    → narrowed
 *   something delegated                  → delegated
 *   no notes                             → exact
 *
 * (A part that cannot be expressed, in a rule that is otherwise in the target, is a missing
 * part: it narrows an allow and widens a deny.)
 *
 * and the reason lists every note, so nothing is hidden behind the headline.
 */
import type { Action } from '../core/model.js';
import type { FidelityEntry } from './types.js';

export type NoteEffect = 'widens' | 'narrows' | 'delegates' | 'unsupported';

export interface FidelityNote {
  effect: NoteEffect;
  text: string;
}

/**
 * The effect of leaving part of a rule out of the target: a missing allow lets less through,
 * a missing deny lets more through.
 */
export function omissionEffect(action: Action): NoteEffect {
  return action === 'allow' ? 'narrows' : 'widens';
}

/**
 * The effect of dropping a condition the target cannot see (HTTP methods, paths) so that the
 * rule applies to all traffic it would otherwise cover: an allow then lets more through, a
 * deny lets less through (fails closed).
 */
export function broadeningEffect(action: Action): NoteEffect {
  return action === 'allow' ? 'widens' : 'narrows';
}

export function fidelityEntry(
  rule: string,
  action: Action,
  notes: readonly FidelityNote[],
  emitted: boolean,
): FidelityEntry {
  if (notes.length === 0) return { rule, fidelity: 'exact' };
  const reason = [...new Set(notes.map((n) => n.text))].join('; ');
  if (!emitted) {
    const delegated = notes.every((n) => n.effect === 'delegates');
    return { rule, fidelity: delegated ? 'delegated' : 'unsupported', reason };
  }
  // Once part of the rule is in the target, a part that is not is simply missing.
  const effects = notes.map((n) =>
    n.effect === 'unsupported' ? omissionEffect(action) : n.effect,
  );
  if (effects.includes('widens')) return { rule, fidelity: 'widened', reason };
  if (effects.includes('narrows')) return { rule, fidelity: 'narrowed', reason };
  return { rule, fidelity: 'delegated', reason };
}
