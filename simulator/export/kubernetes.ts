/**
 * Kubernetes NetworkPolicy (networking.k8s.io/v1): one policy per role selecting pods
 * labelled `egress-studio/role: R`, one for pods without a role, and a namespace-wide
 * default deny of ingress and egress.
 *
 * NetworkPolicy is an allow-only union, so first match is computed here (role-plan.ts):
 * each role's policy lists exactly the addresses and ports its rules end up allowing,
 * earlier denies already cut out as `ipBlock.except` (or by splitting CIDRs where that is
 * shorter). Names are invisible to NetworkPolicy; HTTP methods and paths too.
 *
 * Ingress: selected pods admit connections only from pods of the same namespace, and only
 * when some role may connect to them. Every pod of the namespace is selected by these
 * policies, so such a connection has already passed its sender's egress rules: this is
 * the outbound-only guard, not a way in. Without it pod-to-pod rules could never work.
 */
import { formatCidr } from '../net/ip.js';
import { allowEntries } from './allow-entries.js';
import type { AddressEntry } from './allow-entries.js';
import { projectGroup, reportRuleShape } from './address-projection.js';
import type { TargetWording } from './address-projection.js';
import { isFull, overlaps, toBlocks } from './cidr-math.js';
import type { IpSet } from './cidr-math.js';
import { FidelityBook } from './fidelity-book.js';
import { withHeader } from './header.js';
import {
  MANAGED_BY,
  distinctNames,
  groupObjectKey,
  groupObjectName,
  groupSelector,
  isLabelValue,
  ruleAnnotations,
  ruleComments,
} from './k8s-names.js';
import { coveredGroups } from './pod-destinations.js';
import { planContext, planGroup, verifyPlan } from './role-plan.js';
import type { GroupPlan, PlanContext } from './role-plan.js';
import { PORT_MAX, PORT_MIN } from './service-cells.js';
import type { Cell } from './service-cells.js';
import { groupLabel, sourceGroups } from './source-groups.js';
import type { SourceGroup } from './source-groups.js';
import type { ExportInput, ExportResult, Exporter } from './types.js';
import { commented, yamlStream } from './yaml-out.js';
import type { YamlObject, YamlValue } from './yaml-out.js';

export const KUBERNETES_TARGET = 'kubernetes';
const FILE = 'networkpolicy.yaml';

const WORDING: TargetWording = {
  target: 'NetworkPolicy',
  sources: 'pods',
  selection: 'internal nodes with a role, by their role label',
  namesInstead: 'use the cilium target (toFQDNs) or the squid target for names',
};

const ICMP_NOTE =
  'NetworkPolicy ports name TCP, UDP or SCTP only, so ICMP is allowed only to addresses where every protocol is';

/** NetworkPolicy `ports` entries of an entry's cells. */
export function networkPolicyPorts(cells: readonly Cell[]): YamlObject[] {
  return cells
    .filter((c) => c.proto !== 'icmp')
    .map((c) => {
      const protocol = c.proto.toUpperCase();
      if (c.lo === PORT_MIN && c.hi === PORT_MAX) return { protocol };
      return c.lo === c.hi ? { protocol, port: c.lo } : { protocol, port: c.lo, endPort: c.hi };
    });
}

function ipBlocks(ips: IpSet): YamlObject[] {
  return toBlocks(ips).map((b) => ({
    ipBlock: {
      cidr: formatCidr(b.cidr),
      except: b.except.length > 0 ? b.except.map(formatCidr) : undefined,
    },
  }));
}

function egressRule(
  ctx: PlanContext,
  groups: readonly SourceGroup[],
  entry: AddressEntry,
): YamlValue {
  const to = isFull(entry.ips)
    ? undefined
    : [
        ...ipBlocks(entry.ips),
        ...coveredGroups(ctx, groups, entry.ips).map((g) => ({ podSelector: groupSelector(g) })),
      ];
  const value: YamlObject = {
    to,
    ports: entry.cells === null ? undefined : networkPolicyPorts(entry.cells),
  };
  const comment = ruleComments(ctx.policy, entry.rules);
  return commented(comment, value);
}

interface GroupOutput {
  plan: GroupPlan;
  entries: AddressEntry[];
}

function groupPolicy(
  ctx: PlanContext,
  groups: readonly SourceGroup[],
  output: GroupOutput,
  name: string,
  admitsPods: boolean,
): YamlObject {
  const { plan, entries } = output;
  const carried = ctx.policy.rules.filter((r) => plan.projections[r.index]!.include);
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name,
      labels: { ...MANAGED_BY },
      annotations: {
        ...ruleAnnotations(ctx.policy, carried),
        'egress-studio/default': ctx.policy.default.action,
      },
    },
    spec: {
      podSelector: groupSelector(plan.group),
      policyTypes: ['Ingress', 'Egress'],
      ingress: admitsPods
        ? [
            commented(
              ['pods of this namespace, whose own egress rules decide (outbound-only guard)'],
              { from: [{ podSelector: {} }] },
            ),
          ]
        : [],
      egress: entries.map((e) => egressRule(ctx, groups, e)),
    },
  };
}

function defaultDeny(ctx: PlanContext): YamlObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: 'egress-studio-default-deny',
      labels: { ...MANAGED_BY },
      annotations: { 'egress-studio/policy': ctx.policy.name },
    },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  };
}

function membersText(group: SourceGroup): string {
  return group.members.length === 0
    ? 'no topology node has it'
    : `nodes ${group.members.map((n) => n.id).join(', ')}`;
}

export function exportKubernetes(input: ExportInput): ExportResult {
  const ctx = planContext(input.policy, input.topology);
  const fidelity = new FidelityBook();
  const all = sourceGroups(input.policy, ctx.book, { roleless: false });
  const groups = all.filter((g) => g.role === null || isLabelValue(g.role));
  for (const g of all) {
    if (groups.includes(g)) continue;
    for (const rule of input.policy.rules) {
      if (rule.from.some((i) => i.kind === 'role' && i.name === g.role)) {
        fidelity.add(
          rule.id,
          'narrowed',
          `role "${g.role}" is not a valid label value, so no policy selects its pods`,
        );
      }
    }
  }
  reportRuleShape(ctx, groups, WORDING, fidelity, { names: 'unsupported' });

  const outputs: GroupOutput[] = groups.map((group) => {
    const plan = planGroup(ctx, group, projectGroup(ctx, group, WORDING));
    const { entries, achieved } = allowEntries(ctx, plan, false);
    verifyPlan(ctx, plan, () => ({ allowed: achieved, emissionNote: () => ICMP_NOTE }), fidelity);
    return { plan, entries };
  });

  const names = distinctNames(groups.map(groupObjectKey), (key) =>
    groupObjectName(
      'egress-studio',
      groups.find((g) => groupObjectKey(g) === key)!,
    ),
  );
  const documents: { value: YamlObject; comment?: string[] }[] = [
    {
      value: defaultDeny(ctx),
      comment: [
        'Every pod of the namespace: no ingress, no egress unless a policy below allows it.',
      ],
    },
  ];
  for (const output of outputs) {
    const group = output.plan.group;
    const pods = ctx.book.ownedBy(group.members);
    const admitsPods = outputs.some((o) => o.entries.some((e) => overlaps(e.ips, pods)));
    documents.push({
      value: groupPolicy(ctx, groups, output, names.get(groupObjectKey(group))!, admitsPods),
      comment: [`${groupLabel(group)} (${membersText(group)})`],
    });
  }
  const body = yamlStream(documents);
  return {
    target: KUBERNETES_TARGET,
    files: [{ path: FILE, content: withHeader(body, input, KUBERNETES_TARGET, '#') }],
    fidelity: fidelity.entries(input.policy),
  };
}

export const kubernetesExporter: Exporter = {
  target: KUBERNETES_TARGET,
  description: 'Kubernetes NetworkPolicy per role, default deny (networkpolicy.yaml)',
  run: (input) => exportKubernetes(input),
};
