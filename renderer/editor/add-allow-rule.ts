/**
 * "Add an allow rule" for a flow the policy denies but should allow (a failing `expect allow`
 * line or a failing edge): the rule is computed on the text as it is now, shown in a
 * confirmation with where it goes, and inserted only when the user agrees.
 */
import {
  allowRuleFix,
  checkPolicy,
  type AllowRuleFix,
  type AllowRuleFixResult,
  type Flow,
} from '../../simulator/index.js';
import type { ConfirmRequest } from '../shell/confirm.js';
import type { StudioStore } from '../store/studio-store.js';

/** The fix for `flow` against the current policy text and topology. */
export function proposeAllowRule(store: StudioStore, flow: Flow): AllowRuleFixResult {
  const { doc } = store.getState();
  const topology = doc.history.present;
  const checked = checkPolicy(doc.policyText, { topology });
  if (checked.diagnostics.some((d) => d.severity === 'error'))
    return { ok: false, reason: 'the policy has errors: fix them first' };
  return allowRuleFix(doc.policyText, checked.model, topology, flow);
}

/** The confirmation that shows the rule and where it goes before anything changes. */
export function allowRulePreview(fix: AllowRuleFix): ConfirmRequest {
  const where =
    fix.before === null
      ? `after the last rule (line ${fix.line}): the default decides this flow today.`
      : `at line ${fix.line}, above rule "${fix.before}", which denies this flow today; ` +
        'the first matching rule decides, so the new rule must come first.';
  return {
    title: 'Add an allow rule',
    message: `Insert this rule ${where}`,
    detail: fix.text.trimEnd(),
    actions: [
      { id: 'cancel', label: 'Cancel' },
      { id: 'insert', label: 'Insert rule', tone: 'primary' },
    ],
  };
}

/** Inserts the rule into the policy text (undoable in the editor like any outside edit). */
export function applyAllowRule(store: StudioStore, fix: AllowRuleFix): void {
  const { doc, setPolicyText } = store.getState();
  const text = doc.policyText;
  setPolicyText(text.slice(0, fix.offset) + fix.text + text.slice(fix.offset));
}

/**
 * Proposes, asks, applies. Resolves with what happened, for the caller to report when the
 * fix cannot be offered.
 */
export async function addAllowRule(
  store: StudioStore,
  confirm: (request: ConfirmRequest) => Promise<string>,
  flow: Flow,
): Promise<{ applied: boolean; reason?: string }> {
  const result = proposeAllowRule(store, flow);
  if (!result.ok) return { applied: false, reason: result.reason };
  if ((await confirm(allowRulePreview(result.fix))) !== 'insert') return { applied: false };
  applyAllowRule(store, result.fix);
  return { applied: true };
}
