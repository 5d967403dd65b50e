/**
 * CiliumNetworkPolicy (cilium.io/v2): one policy per role, like the NetworkPolicy export,
 * plus what Cilium adds: names (`toFQDNs`), ports with ranges, and `egressDeny`.
 *
 * Addresses follow the same plan as NetworkPolicy (first match computed per role, denies
 * cut out with `except`). Cilium's CIDR rules never match pods it manages, so in-cluster
 * destinations are selected by role label (`toEndpoints`) where every pod of a role is
 * allowed. Names become `toFQDNs` rules, which Cilium enforces on the addresses its DNS
 * proxy saw for them; that needs the DNS rule to kube-dns written here too.
 *
 * `egressDeny` wins over every allow in Cilium, whatever the order. It is used only to stop
 * names from reaching addresses the policy denies: it holds the addresses explicit deny
 * rules decide, which the address plan never allows, so it cannot cut into an allow of the
 * plan — but it does refuse a name that resolves into a deny written after the name's rule.
 *
 * Wildcards: `*.example.com` in the policy matches names at any depth. Cilium's `*` does
 * not cross a dot, and `**.` (any depth) arrived in Cilium 1.19; the schema this export is
 * validated against predates it, where `**.` reads like `*.`. The export writes `**.` and
 * says the rule is narrowed on older Cilium.
 */
import { exportWithoutDeadRules } from './model/never-matches.js';
import { runtimeInternalNote } from './model/name-addresses.js';
import type { Rule } from '../core/model.js';
import { formatCidr } from '../net/ip.js';
import { addressEntries, allowEntries } from './allow-entries.js';
import type { AddressEntry } from './allow-entries.js';
import { projectGroup, reportRuleShape } from './address-projection.js';
import type { TargetWording } from './address-projection.js';
import {
  EMPTY_SET,
  intersect,
  isEmpty,
  isFull,
  subtract,
  toBlocks,
  toCidrTexts,
  unionAll,
} from './model/ip-set.js';
import type { IpSet } from './model/ip-set.js';
import { FidelityBook } from './model/fidelity.js';
import { withHeader } from './header.js';
import {
  MANAGED_BY,
  ROLE_LABEL,
  groupSelector,
  ruleAnnotations,
  ruleComments,
  ruleCaption,
} from './k8s-names.js';
import { groupMetadata, podGroups, podPolicyStream } from './pod-policies.js';
import type { GroupDocument } from './pod-policies.js';
import { coveredGroups, podAddresses, reachedPodAddresses } from './pod-destinations.js';
import { planContext, planGroup, verifyPlan } from './role-plan.js';
import type { PlanContext } from './role-plan.js';
import { PORT_MAX, PORT_MIN, mergeCells } from './model/service-cells.js';
import type { Cell } from './model/service-cells.js';
import { groupApplicability, groupLabel } from './source-groups.js';
import type { SourceGroup } from './source-groups.js';
import type { ExportInput, ExportResult, Exporter } from './types.js';
import { commented } from './yaml-out.js';
import type { YamlObject, YamlValue } from './yaml-out.js';

export const CILIUM_TARGET = 'cilium';
const FILE = 'cilium-network-policy.yaml';
/** Cilium accepts at most this many ports in one `toPorts` entry. */
const MAX_PORTS = 40;

const WORDING: TargetWording = {
  target: 'Cilium',
  sources: 'pods',
  selection: 'internal nodes with a role, by their role label',
  namesInstead: 'use the squid target',
};

const ICMP_NOTE =
  'Cilium selects ICMP by message type only, so ICMP is allowed only to addresses where every protocol is';
const POD_NOTE =
  "Cilium's CIDR rules never match pods it manages, and pods are selected by role label only where every pod of the role is allowed";
const DEPTH_NOTE =
  'written as matchPattern "**.<suffix>", which matches any depth on Cilium 1.19 and later; older Cilium (the schema this export targets) reads it as one label, so deeper names are refused';
const SHARING_NOTE =
  'Cilium allows the addresses these names resolved to, so other names served from the same addresses (CDNs, shared hosting) pass too';

export const KUBE_DNS_SELECTOR = {
  matchLabels: {
    'k8s:io.kubernetes.pod.namespace': 'kube-system',
    'k8s:k8s-app': 'kube-dns',
  },
};

/** Cilium `ports` entries (port numbers are strings; `0` is every port). */
export function ciliumPorts(cells: readonly Cell[]): YamlObject[] {
  return cells
    .filter((c) => c.proto !== 'icmp')
    .map((c) => {
      const protocol = c.proto.toUpperCase();
      if (c.lo === PORT_MIN && c.hi === PORT_MAX) return { port: '0', protocol };
      return c.lo === c.hi
        ? { port: String(c.lo), protocol }
        : { port: String(c.lo), endPort: c.hi, protocol };
    });
}

/** `toPorts` for cells, chunked to Cilium's limit; undefined means every protocol and port. */
function toPorts(cells: readonly Cell[] | null): YamlObject[] | undefined {
  if (cells === null) return undefined;
  const ports = ciliumPorts(cells);
  const out: YamlObject[] = [];
  for (let i = 0; i < ports.length; i += MAX_PORTS)
    out.push({ ports: ports.slice(i, i + MAX_PORTS) });
  return out;
}

function cidrSet(ips: IpSet): YamlObject[] {
  return toBlocks(ips).map((b) => ({
    cidr: formatCidr(b.cidr),
    except: b.except.length > 0 ? b.except.map(formatCidr) : undefined,
  }));
}

interface GroupOutput extends GroupDocument {
  allow: AddressEntry[];
  deny: AddressEntry[];
  fqdn: Rule[];
  fqdnSet: ReadonlySet<Rule>;
  /** Per cell, 1 when some rule of `fqdn` covers it. */
  fqdnCells: Uint8Array;
}

/** The cells a rule's `on` clause covers, merged into port intervals. */
function ruleCells(ctx: PlanContext, rule: Rule): Cell[] {
  return mergeCells(ctx.space.cells.filter((_, c) => ctx.space.coverage[rule.index]![c] === 1));
}

function namePatterns(ctx: PlanContext, rule: Rule): YamlObject[] {
  const seen = new Set<string>();
  const out: YamlObject[] = [];
  for (const item of rule.to) {
    for (const name of ctx.book.resolveDestination(item).names) {
      const entry = name.wildcard ? { matchPattern: `**.${name.name}` } : { matchName: name.name };
      const key = JSON.stringify(entry);
      if (!seen.has(key)) out.push(entry);
      seen.add(key);
    }
  }
  return out;
}

const namedMemo = new WeakMap<PlanContext, boolean[]>();

/** Does the rule name hosts? (Asked per rule and group: read once per rule.) */
function hasNames(ctx: PlanContext, rule: Rule): boolean {
  let named = namedMemo.get(ctx);
  if (named === undefined) {
    named = ctx.policy.rules.map((r) =>
      r.to.some((item) => ctx.book.resolveDestination(item).names.length > 0),
    );
    namedMemo.set(ctx, named);
  }
  return named[rule.index]!;
}

/** Entries naming pods by role (`toEndpoints`) and addresses (`toCIDRSet`), never both in one. */
function addressRules(
  ctx: PlanContext,
  groups: readonly SourceGroup[],
  entries: readonly AddressEntry[],
  withPods: boolean,
): YamlValue[] {
  const out: YamlValue[] = [];
  for (const entry of entries) {
    const ports = toPorts(entry.cells);
    const comment = ruleComments(ctx.policy, entry.rules);
    // Everything: a CIDR rule would miss pods, so say "all" with the entity.
    if (isFull(entry.ips) && withPods) {
      out.push(commented(comment, { toEntities: ['all'], toPorts: ports }));
      continue;
    }
    out.push(commented(comment, { toCIDRSet: cidrSet(entry.ips), toPorts: ports }));
    const pods = withPods ? coveredGroups(ctx, groups, entry.ips) : [];
    if (pods.length > 0) {
      out.push(
        commented([...comment, '(the same, for pods inside the cluster)'], {
          toEndpoints: pods.map(groupSelector),
          toPorts: ports,
        }),
      );
    }
  }
  return out;
}

function dnsRule(): YamlValue {
  return commented(
    ['DNS through the Cilium DNS proxy, which toFQDNs rules need to learn addresses'],
    {
      toEndpoints: [KUBE_DNS_SELECTOR],
      toPorts: [
        { ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } },
      ],
    },
  );
}

/** The ports of a name rule: null for every protocol, empty when only ICMP is left. */
function fqdnCells(ctx: PlanContext, rule: Rule): Cell[] | null {
  if (rule.services === null || rule.services.some((s) => s.kind === 'any')) return null;
  return ruleCells(ctx, rule).filter((c) => c.proto !== 'icmp');
}

function fqdnRule(ctx: PlanContext, rule: Rule): YamlValue {
  return commented([ruleCaption(rule)], {
    toFQDNs: namePatterns(ctx, rule),
    toPorts: toPorts(fqdnCells(ctx, rule)),
  });
}

/** Addresses each cell's entries really reach in Cilium (CIDRs miss pods; ICMP only in "all"). */
function achievedCells(
  ctx: PlanContext,
  groups: readonly SourceGroup[],
  entries: readonly AddressEntry[],
): IpSet[] {
  const pods = podAddresses(ctx, groups);
  return ctx.space.cells.map((cell) => {
    const reached: IpSet[] = [];
    for (const e of entries) {
      const covers =
        e.cells === null ||
        (cell.proto !== 'icmp' &&
          e.cells.some((x) => x.proto === cell.proto && x.lo <= cell.lo && cell.hi <= x.hi));
      if (!covers) continue;
      if (isFull(e.ips)) {
        reached.push(e.ips);
        continue;
      }
      const selected = coveredGroups(ctx, groups, e.ips);
      reached.push(
        subtract(e.ips, pods),
        intersect(e.ips, reachedPodAddresses(ctx, groups, selected)),
      );
    }
    return unionAll(reached);
  });
}

function reportNames(
  ctx: PlanContext,
  groups: readonly SourceGroup[],
  outputs: GroupOutput[],
  fidelity: FidelityBook,
): void {
  // The outputs writing each rule as toFQDNs, in group order.
  const usersOf = new Map<Rule, GroupOutput[]>();
  for (const o of outputs) {
    for (const r of o.fqdnSet) {
      let list = usersOf.get(r);
      if (list === undefined) usersOf.set(r, (list = []));
      list.push(o);
    }
  }
  for (const rule of ctx.policy.rules) {
    if (!hasNames(ctx, rule)) continue;
    const names = rule.to.flatMap((item) => ctx.book.resolveDestination(item).names);
    if (rule.action === 'deny') {
      // Cilium cannot deny a name; the deny holds only where nothing is allowed anyway.
      const leaks = outputs.some((o) => {
        if (groupApplicability(rule, o.plan.group, ctx.book) === 'none') return false;
        const cells = ctx.space.coverage[rule.index]!;
        const addressAllowed = o.plan.decisions.some(
          (d, c) => cells[c] === 1 && !isEmpty(d.allowed),
        );
        const namesAllowed = cells.some((v, c) => v === 1 && o.fqdnCells[c] === 1);
        return addressAllowed || namesAllowed;
      });
      if (leaks) {
        const addressPart = !isEmpty(ctx.addressDest[rule.index]!);
        fidelity.add(
          rule.id,
          addressPart ? 'widened' : 'unsupported',
          'Cilium cannot deny by name (toFQDNs only allows): other rules of the role let these names through; use the squid target',
        );
      }
      continue;
    }
    const users = usersOf.get(rule) ?? [];
    const partial = groups.filter((g) => groupApplicability(rule, g, ctx.book) === 'some');
    for (const g of partial) {
      fidelity.add(
        rule.id,
        'narrowed',
        `its sources cover only part of ${groupLabel(g)}, and Cilium selects whole roles, so its names are left out there`,
      );
    }
    if (fqdnCells(ctx, rule)?.length === 0) {
      fidelity.add(
        rule.id,
        'unsupported',
        'Cilium cannot combine toFQDNs with ICMP; use the squid target for names',
      );
    }
    if (users.length === 0) continue;
    fidelity.add(rule.id, 'widened', SHARING_NOTE);
    const internal = runtimeInternalNote(ctx.regions, rule, 'Cilium');
    if (internal !== null) fidelity.add(rule.id, 'widened', internal);
    if (names.some((n) => n.wildcard)) fidelity.add(rule.id, 'narrowed', DEPTH_NOTE);
    if (
      ruleCells(ctx, rule).some((c) => c.proto === 'icmp') &&
      rule.services !== null &&
      !rule.services.some((s) => s.kind === 'any')
    ) {
      fidelity.add(
        rule.id,
        'narrowed',
        'Cilium cannot combine toFQDNs with ICMP, so ICMP to these names is refused',
      );
    }
    // Later denies sit in egressDeny, which also refuses these names where they resolve into them.
    for (const o of users) {
      // The later denies that decide some address in a cell of this rule (denyRules holds
      // only included deny rules).
      const shared = new Set<number>();
      o.plan.decisions.forEach((d, c) => {
        if (ctx.space.coverage[rule.index]![c] !== 1) return;
        for (const r of d.denyRules) if (r > rule.index) shared.add(r);
      });
      for (const index of [...shared].sort((a, b) => a - b)) {
        const later = ctx.policy.rules[index]!;
        {
          fidelity.add(
            rule.id,
            'narrowed',
            `egressDeny wins over every allow in Cilium: names that resolve into ${toCidrTexts(o.plan.projections[later.index]!.dest).slice(0, 2).join(', ')} (denied by the later rule ${later.id}) are refused`,
          );
        }
      }
    }
  }
}

/**
 * The name allows every group carries, written once in a policy selecting all their pods
 * (Cilium allows the union of the policies selecting a pod, whatever their order, and each
 * group's egressDeny still applies to it). Only when every group is a role: a selector
 * cannot also pick the pods without a role label.
 */
function sharedFqdn(groups: readonly SourceGroup[], outputs: readonly GroupOutput[]): Rule[] {
  if (outputs.length < 2 || groups.some((g) => g.role === null)) return [];
  const [first, ...rest] = outputs;
  return first!.fqdn.filter((r) => rest.every((o) => o.fqdnSet.has(r)));
}

/** The shared policy's name: group policies are named `egress-studio-role-…` (k8s-names.ts). */
const SHARED_NAME = 'egress-studio-all-roles';

function sharedPolicy(
  ctx: PlanContext,
  groups: readonly SourceGroup[],
  rules: readonly Rule[],
): { value: YamlObject; comment: string[] } | null {
  if (rules.length === 0) return null;
  const roles = groups.map((g) => g.role!);
  return {
    comment: ['Names every role may reach, written once for all of them.'],
    value: {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: {
        name: SHARED_NAME,
        labels: { ...MANAGED_BY },
        annotations: { ...ruleAnnotations(ctx.policy, rules) },
      },
      spec: {
        description: `Egress by name of every role (policy ${ctx.policy.name})`,
        endpointSelector: {
          matchExpressions: [{ key: ROLE_LABEL, operator: 'In', values: roles }],
        },
        enableDefaultDeny: { egress: true, ingress: true },
        egress: [...rules.map((r) => fqdnRule(ctx, r)), dnsRule()],
      },
    },
  };
}

function groupPolicy(
  ctx: PlanContext,
  groups: readonly SourceGroup[],
  output: GroupOutput,
  shared: ReadonlySet<Rule>,
  name: string,
  admitsPods: boolean,
): YamlObject {
  const { plan } = output;
  const own = output.fqdn.filter((r) => !shared.has(r));
  const egress: YamlValue[] = [
    ...addressRules(ctx, groups, output.allow, true),
    ...own.map((r) => fqdnRule(ctx, r)),
  ];
  if (own.length > 0) egress.push(dnsRule());
  const egressDeny = output.fqdn.length > 0 ? addressRules(ctx, groups, output.deny, false) : [];
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: groupMetadata(ctx.policy, plan, name),
    spec: {
      description: `Egress of ${groupLabel(plan.group)} (policy ${ctx.policy.name})`,
      endpointSelector: groupSelector(plan.group),
      enableDefaultDeny: { egress: true, ingress: true },
      ingress: admitsPods
        ? [
            commented(
              ['pods of this namespace, whose own egress rules decide (outbound-only guard)'],
              { fromEndpoints: [{}] },
            ),
          ]
        : undefined,
      egress,
      egressDeny: egressDeny.length > 0 ? egressDeny : undefined,
    },
  };
}

function defaultDeny(ctx: PlanContext): YamlObject {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: {
      name: 'egress-studio-default-deny',
      labels: { ...MANAGED_BY },
      annotations: { 'egress-studio/policy': ctx.policy.name },
    },
    spec: {
      description: `Default deny of ingress and egress for every pod (policy ${ctx.policy.name})`,
      endpointSelector: {},
      enableDefaultDeny: { egress: true, ingress: true },
      egress: [],
    },
  };
}

export function exportCilium(input: ExportInput): ExportResult {
  const ctx = planContext(input.policy, input.topology);
  const fidelity = new FidelityBook();
  const groups = podGroups(ctx, fidelity);
  reportRuleShape(ctx, groups, WORDING, fidelity, { names: 'handled' });

  // Allow rules Cilium can write as toFQDNs; each group takes those applying to all of it.
  const nameAllows = ctx.policy.rules.filter(
    (r) => r.action === 'allow' && hasNames(ctx, r) && fqdnCells(ctx, r)?.length !== 0,
  );
  const outputs: GroupOutput[] = groups.map((group) => {
    const plan = planGroup(ctx, group, projectGroup(ctx, group, WORDING));
    const allow = allowEntries(ctx, plan, false).entries;
    const deny = addressEntries(
      ctx,
      plan.decisions.map((d) => d.denied),
      (c) => plan.decisions[c]!.denyRules,
      (r) => plan.projections[r]?.dest ?? EMPTY_SET,
      false,
    ).entries;
    const fqdn = nameAllows.filter(
      (r) => plan.projections[r.index]!.include && groupApplicability(r, group, ctx.book) === 'all',
    );
    const achieved = achievedCells(ctx, groups, allow);
    verifyPlan(
      ctx,
      plan,
      () => ({
        allowed: achieved,
        emissionNote: (cell) => (cell.proto === 'icmp' ? ICMP_NOTE : POD_NOTE),
      }),
      fidelity,
    );
    const namedCells = new Uint8Array(ctx.space.cells.length);
    for (const r of fqdn) ctx.space.coverage[r.index]!.forEach((v, c) => (namedCells[c]! |= v));
    return {
      plan,
      allow,
      deny,
      fqdn,
      fqdnSet: new Set(fqdn),
      fqdnCells: namedCells,
      allowed: allow.map((e) => e.ips),
    };
  });
  reportNames(ctx, groups, outputs, fidelity);

  const shared = sharedFqdn(groups, outputs);
  const sharedSet = new Set(shared);
  const body = podPolicyStream(ctx, outputs, {
    defaultDeny: defaultDeny(ctx),
    policy: (output, name, admitsPods) =>
      groupPolicy(ctx, groups, output, sharedSet, name, admitsPods),
    comment: (group) => groupLabel(group),
    shared: sharedPolicy(ctx, groups, shared),
  });
  return {
    target: CILIUM_TARGET,
    files: [{ path: FILE, content: withHeader(body, input, CILIUM_TARGET, '#') }],
    fidelity: fidelity.entries(input.policy),
  };
}

export const ciliumExporter: Exporter = {
  target: CILIUM_TARGET,
  description:
    'CiliumNetworkPolicy per role with toFQDNs, CIDR sets and egressDeny (cilium-network-policy.yaml)',
  options: [],
  run: (input) => exportWithoutDeadRules(input, exportCilium),
};
