/**
 * Names, labels and annotations shared by the Kubernetes-family exporters (NetworkPolicy,
 * Cilium, Istio): the role label that selects pods, object names that are valid DNS
 * labels, and the rule descriptions a reviewer reads in comments and annotations.
 */
import type { PolicyModel, Rule } from '../core/model.js';
import { ruleReviewText } from './model/rule-comments.js';
import type { YamlObject } from './yaml-out.js';
import type { SourceGroup } from './source-groups.js';

/** Pods of role R carry `egress-studio/role: R` (docs/exporters.md). */
export const ROLE_LABEL = 'egress-studio/role';
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'egress-studio' };

const LABEL_VALUE = /^(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Roles that cannot be label values (too long, or ending in `-` or `_`). */
export function isLabelValue(role: string): boolean {
  return role.length <= 63 && LABEL_VALUE.test(role);
}

/** Turns any id into a DNS label (`a_b` → `a-b`), at most `max` characters. */
export function dnsLabel(text: string, max = 63): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = cleaned.slice(0, max).replace(/-+$/, '');
  return cut === '' ? 'x' : cut;
}

/** Assigns each key a distinct name (suffixes `-2`, `-3` on collisions), in order. */
export function distinctNames(
  keys: readonly string[],
  nameOf: (key: string) => string,
): Map<string, string> {
  const used = new Set<string>();
  const out = new Map<string, string>();
  for (const key of keys) {
    const base = nameOf(key);
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    out.set(key, name);
  }
  return out;
}

/** The pod selector of a group: its role label, or "no role label" for the role-less group. */
export function groupSelector(group: SourceGroup): YamlObject {
  return group.role === null
    ? { matchExpressions: [{ key: ROLE_LABEL, operator: 'DoesNotExist' }] }
    : { matchLabels: { [ROLE_LABEL]: group.role } };
}

export function groupObjectKey(group: SourceGroup): string {
  return group.role === null ? '' : group.role;
}

export function groupObjectName(prefix: string, group: SourceGroup): string {
  return group.role === null ? `${prefix}-unlabelled` : dnsLabel(`${prefix}-role-${group.role}`);
}

/**
 * `train-deps — Training jobs install packages. (owner: ml-platform, review-by: 2027-03-31)`:
 * the id, the description's first sentence and the review fields. A description is a wrapped comment block, so its lines are joined first; its
 * first line alone would stop mid-sentence.
 */
export function ruleCaption(rule: Rule): string {
  const text = descriptionText(rule);
  const review = ruleReviewText(rule);
  const reviewed = review === null ? '' : ` (${review})`;
  if (text === null) return `${rule.id}${reviewed}`;
  const sentence = /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;
  return `${rule.id} — ${sentence}${reviewed}`;
}

/** The whole description as one line (for single-line fields such as GCP descriptions). */
export function descriptionText(rule: Rule): string | null {
  const text = (rule.description ?? '')
    .split(/\s+/)
    .filter((w) => w !== '')
    .join(' ');
  return text === '' ? null : text;
}

/** Comment lines naming the rules an entry carries (`-1` is the default). */
export function ruleComments(policy: PolicyModel, rules: readonly number[]): string[] {
  return rules.map((r) =>
    r < 0 ? `default ${policy.default.action}` : ruleCaption(policy.rules[r]!),
  );
}

/**
 * Annotations on a generated object: the policy, the rules it carries, and each rule's
 * description and review fields under `egress-studio/rule.<id>` (skipped when the key would be too long).
 */
export function ruleAnnotations(
  policy: PolicyModel,
  rules: readonly Rule[],
): Record<string, string> {
  const out: Record<string, string> = {
    'egress-studio/policy': policy.name,
    'egress-studio/rules': rules.length === 0 ? '(none)' : rules.map((r) => r.id).join(', '),
  };
  for (const rule of rules) {
    const key = `rule.${rule.id}`;
    const text = [rule.description, ruleReviewText(rule)].filter((t) => t !== null).join('\n');
    if (text !== '' && key.length <= 63 && /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/.test(key)) {
      out[`egress-studio/${key}`] = text;
    }
  }
  return out;
}
