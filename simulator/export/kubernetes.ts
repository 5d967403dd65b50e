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
import { exportWithoutDeadRules } from './model/never-matches.js';
import { formatCidr } from '../net/ip.js';
import { allowEntries } from './allow-entries.js';
import type { AddressEntry } from './allow-entries.js';
import { projectGroup, reportRuleShape } from './address-projection.js';
import type { TargetWording } from './address-projection.js';
import { isFull, toBlocks } from './model/ip-set.js';
import type { IpSet } from './model/ip-set.js';
import { FidelityBook } from './model/fidelity.js';
import { withHeader } from './header.js';
import { MANAGED_BY, groupSelector, ruleComments } from './k8s-names.js';
import { groupMetadata, podGroups, podPolicyStream } from './pod-policies.js';
import type { GroupDocument } from './pod-policies.js';
import { coveredGroups } from './pod-destinations.js';
import { planContext, planGroup, verifyPlan } from './role-plan.js';
import type { PlanContext } from './role-plan.js';
import { PORT_MAX, PORT_MIN } from './model/service-cells.js';
import type { Cell } from './model/service-cells.js';
import { groupLabel } from './source-groups.js';
import type { SourceGroup } from './source-groups.js';
import type { ExportInput, ExportResult, Exporter } from './types.js';
import { commented } from './yaml-out.js';
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

interface GroupOutput extends GroupDocument {
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
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: groupMetadata(ctx.policy, plan, name),
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
  const groups = podGroups(ctx, fidelity);
  reportRuleShape(ctx, groups, WORDING, fidelity, { names: 'unsupported' });

  const outputs: GroupOutput[] = groups.map((group) => {
    const plan = planGroup(ctx, group, projectGroup(ctx, group, WORDING));
    const { entries, achieved } = allowEntries(ctx, plan, false);
    verifyPlan(ctx, plan, () => ({ allowed: achieved, emissionNote: () => ICMP_NOTE }), fidelity);
    return { plan, entries, allowed: entries.map((e) => e.ips) };
  });

  const body = podPolicyStream(ctx, outputs, {
    defaultDeny: defaultDeny(ctx),
    policy: (output, name, admitsPods) => groupPolicy(ctx, groups, output, name, admitsPods),
    comment: (group) => `${groupLabel(group)} (${membersText(group)})`,
  });
  return {
    target: KUBERNETES_TARGET,
    files: [{ path: FILE, content: withHeader(body, input, KUBERNETES_TARGET, '#') }],
    fidelity: fidelity.entries(input.policy),
  };
}

export const kubernetesExporter: Exporter = {
  target: KUBERNETES_TARGET,
  description: 'Kubernetes NetworkPolicy per role, default deny (networkpolicy.yaml)',
  options: [],
  run: (input) => exportWithoutDeadRules(input, exportKubernetes),
};
