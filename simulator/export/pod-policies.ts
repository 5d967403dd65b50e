/**
 * What the pod-based targets (kubernetes, cilium) share: which source groups can be
 * selected by a label at all, the metadata every per-group policy carries, and the YAML
 * stream of a namespace-wide default deny followed by one policy per group.
 */
import type { PolicyModel } from '../core/model.js';
import type { IpSet } from './model/ip-set.js';
import { overlaps } from './model/ip-set.js';
import type { FidelityBook } from './model/fidelity.js';
import {
  MANAGED_BY,
  distinctNames,
  groupObjectKey,
  groupObjectName,
  isLabelValue,
  ruleAnnotations,
} from './k8s-names.js';
import type { GroupPlan, PlanContext } from './role-plan.js';
import { sourceGroups } from './source-groups.js';
import type { SourceGroup } from './source-groups.js';
import { YamlStreamWriter } from './yaml-out.js';
import type { YamlObject } from './yaml-out.js';

/**
 * The role groups a pod label can select. A role that is not a valid label value selects
 * no pod, so the rules naming it are reported narrowed.
 */
export function podGroups(ctx: PlanContext, fidelity: FidelityBook): SourceGroup[] {
  const all = sourceGroups(ctx.policy, ctx.book, { roleless: false });
  const groups = all.filter((g) => g.role === null || isLabelValue(g.role));
  for (const g of all) {
    if (groups.includes(g)) continue;
    for (const rule of ctx.policy.rules) {
      if (rule.from.some((i) => i.kind === 'role' && i.name === g.role)) {
        fidelity.add(
          rule.id,
          'narrowed',
          `role "${g.role}" is not a valid label value, so no policy selects its pods`,
        );
      }
    }
  }
  return groups;
}

/** Metadata of a group's policy: its name, the rules it carries and their descriptions. */
export function groupMetadata(policy: PolicyModel, plan: GroupPlan, name: string): YamlObject {
  const carried = policy.rules.filter((r) => plan.projections[r.index]!.include);
  return {
    name,
    labels: { ...MANAGED_BY },
    annotations: {
      ...ruleAnnotations(policy, carried),
      'egress-studio/default': policy.default.action,
    },
  };
}

export interface GroupDocument {
  plan: GroupPlan;
  /** The addresses the group's policy allows (to tell which pods others may reach). */
  allowed: readonly IpSet[];
}

/**
 * The default deny, then each group's policy in group order. `policy` gets the object
 * name and whether pods of the namespace may connect to the group's pods (some group's
 * allowed addresses reach them; the ingress rule that admits them is the outbound-only
 * guard of the sender's side, not a way in).
 */
export function podPolicyStream<D extends GroupDocument>(
  ctx: PlanContext,
  documents: readonly D[],
  parts: {
    defaultDeny: YamlObject;
    policy: (document: D, name: string, admitsPods: boolean) => YamlObject;
    comment: (group: SourceGroup) => string;
    /** A policy for all groups at once (what every group would repeat), written first. */
    shared?: { value: YamlObject; comment: string[] } | null;
  },
): string {
  const groups = documents.map((d) => d.plan.group);
  const names = distinctNames(groups.map(groupObjectKey), (key) =>
    groupObjectName(
      'egress-studio',
      groups.find((g) => groupObjectKey(g) === key)!,
    ),
  );
  // Written document by document, so that a large stream never exists as one tree of values.
  const stream = new YamlStreamWriter();
  stream.add({
    value: parts.defaultDeny,
    comment: ['Every pod of the namespace: no ingress, no egress unless a policy below allows it.'],
  });
  if (parts.shared) stream.add(parts.shared);
  for (const document of documents) {
    const group = document.plan.group;
    const pods = ctx.book.ownedBy(group.members);
    const admitsPods = documents.some((d) => d.allowed.some((ips) => overlaps(ips, pods)));
    stream.add({
      value: parts.policy(document, names.get(groupObjectKey(group))!, admitsPods),
      comment: [parts.comment(group)],
    });
  }
  return stream.text();
}
