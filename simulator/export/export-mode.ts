/**
 * Audit mode (docs/exporters.md "Audit mode"): the nftables, iptables and squid targets can
 * export a policy that blocks nothing. Every packet or request the policy would deny is
 * logged with the deciding rule and let through, so that a policy can run beside real
 * traffic before it is enforced. The exported file says so in its first line, and the
 * fidelity of every rule that would deny says "audit mode: nothing is blocked".
 */
import type { PolicyModel } from '../core/model.js';
import type { ExporterOption, FidelityEntry } from './types.js';
import { NEVER_MATCHES } from './model/never-matches.js';

export type ExportMode = 'enforce' | 'audit';

export const MODE_OPTION: ExporterOption<ExportMode> = {
  name: 'mode',
  values: [
    { value: 'enforce', label: 'Enforce' },
    { value: 'audit', label: 'Audit (log, block nothing)' },
  ],
  default: 'enforce',
  description:
    'enforce (deny what the policy denies) or audit (log what it would deny, with the rule, and let it through)',
};

/** The kernel log prefix / access-log tag of a would-be denial: `egress-audit:<rule> `. */
export const AUDIT_LOG_TAG = 'egress-audit';

export const AUDIT_FIDELITY_TEXT = 'audit mode: nothing is blocked';

/** The loud first line of an audit-mode file, before the generated-file header. */
export function auditBanner(comment: string, policyName: string, how: string): string {
  return `${comment} AUDIT MODE: NOTHING IS BLOCKED. Policy "${policyName}" only logs what it would deny (${how}).\n`;
}

/**
 * Fidelity in audit mode: a rule (or default, or guard) that would deny is widened — the
 * target lets its traffic through and logs it; allow rules keep their grade.
 */
export function auditFidelity(
  entries: readonly FidelityEntry[],
  policy: PolicyModel,
): FidelityEntry[] {
  const denies = new Set(policy.rules.filter((r) => r.action === 'deny').map((r) => r.id));
  if (policy.default.action === 'deny') denies.add('default');
  return entries.map((e) => {
    // A deny that never matches logs nothing either: it stays what it was.
    if (!denies.has(e.rule) || e.reason?.startsWith(NEVER_MATCHES)) return e;
    const logged = `${AUDIT_FIDELITY_TEXT}: its traffic is logged as ${AUDIT_LOG_TAG}:${e.rule} and let through`;
    return {
      rule: e.rule,
      fidelity: 'widened',
      reason: e.reason === undefined ? logged : `${logged}; ${e.reason}`,
    };
  });
}
