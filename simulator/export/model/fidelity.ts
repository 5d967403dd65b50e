/**
 * How exact a rule is in a target (docs/exporters.md "Fidelity"), decided in one place for
 * every exporter.
 *
 * An exporter records what it noticed about a rule as findings, each with a grade:
 *
 *   widened      the target lets through traffic the policy refuses
 *   unsupported  nothing of the rule is in the target (the reason says what to use instead)
 *   narrowed     the target refuses traffic the policy lets through (fails closed)
 *   delegated    another component enforces part of the rule (a proxy, a name check)
 *
 * A rule with no finding is `exact`. A rule with several takes the first grade of that list
 * (PRECEDENCE): "widened" comes first, because a target that lets through more than the policy
 * is the finding a reviewer must never miss behind a milder one, even when the rest of the
 * rule could not be expressed. The reason keeps every finding, the deciding grade's first.
 *
 * Firewall and proxy exporters note effects rather than grades (`FidelityNote`): the same
 * omission narrows an allow and widens a deny, and a part that cannot be expressed in a
 * rule that is otherwise in the target is simply missing (`fidelityEntry`).
 */
import type { Action, PolicyModel } from '../../core/model.js';
import type { Fidelity, FidelityEntry } from '../types.js';

export type Finding = Exclude<Fidelity, 'exact'>;

/** The grades, most important first: a rule takes the first one any of its findings has. */
export const PRECEDENCE: readonly Finding[] = ['widened', 'unsupported', 'narrowed', 'delegated'];

/** The grade of a rule from its findings' grades (`exact` for none). */
export function gradeOf(findings: Iterable<Finding>): Fidelity {
  const present = new Set(findings);
  return PRECEDENCE.find((f) => present.has(f)) ?? 'exact';
}

const MAX_REASONS = 4;

interface Cause {
  kind: Finding;
  text: string;
  example: string | undefined;
}

/**
 * Collects findings while an exporter works and turns them into one entry per rule and one
 * for the default. Each distinct cause is kept once, with the first example that showed it.
 */
export class FidelityBook {
  private readonly causes = new Map<string, Cause[]>();
  /** Per rule, `kind text` of every cause it has: large exports add many per rule. */
  private readonly seen = new Map<string, Set<string>>();

  add(rule: string, kind: Finding, cause: string, example?: string): void {
    let list = this.causes.get(rule);
    let seen = this.seen.get(rule);
    if (list === undefined || seen === undefined) {
      list = [];
      seen = new Set();
      this.causes.set(rule, list);
      this.seen.set(rule, seen);
    }
    const key = `${kind} ${cause}`;
    if (seen.has(key)) return;
    seen.add(key);
    list.push({ kind, text: cause, example });
  }

  has(rule: string): boolean {
    return (this.causes.get(rule) ?? []).length > 0;
  }

  entry(rule: string): FidelityEntry {
    const list = this.causes.get(rule) ?? [];
    const fidelity = gradeOf(list.map((c) => c.kind));
    if (fidelity === 'exact') return { rule, fidelity };
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

/**
 * A rule's entry from its notes. `emitted`: whether any of the rule is in the target; when
 * none is, what is not delegated or widening is `unsupported`. The reason lists every note.
 */
export function fidelityEntry(
  rule: string,
  action: Action,
  notes: readonly FidelityNote[],
  emitted: boolean,
): FidelityEntry {
  const findings = notes.map((n): Finding => {
    if (n.effect === 'delegates') return 'delegated';
    if (n.effect === 'widens') return 'widened';
    if (!emitted) return 'unsupported';
    // Once part of the rule is in the target, a part that is not is simply missing.
    const effect = n.effect === 'unsupported' ? omissionEffect(action) : n.effect;
    return effect === 'widens' ? 'widened' : 'narrowed';
  });
  const fidelity = gradeOf(findings);
  if (fidelity === 'exact') return { rule, fidelity };
  return { rule, fidelity, reason: [...new Set(notes.map((n) => n.text))].join('; ') };
}
