/**
 * Istio egress (networking.istio.io/v1): per role, a Sidecar with
 * `outboundTrafficPolicy: REGISTRY_ONLY` on the role's pods, and ServiceEntries for what
 * the role may reach. A sidecar in REGISTRY_ONLY mode forwards only to registered hosts, so
 * the export is an allow list; per-role visibility comes from each Sidecar's
 * `egress.hosts` (`./host`), the entries being exported to their own namespace only.
 *
 * - Names: one ServiceEntry per name (shared by the roles that may reach it, with the
 *   union of their ports), matched by TLS SNI (port 443 and others) or HTTP Host (port 80);
 *   wildcards use resolution NONE, exact names DNS. Istio's `*.example.com` matches any
 *   depth and not the apex, like the policy.
 * - Addresses: the per-role plan of role-plan.ts (first match, denies subtracted) as
 *   ServiceEntries with `addresses`, plain TCP, one per set of ports.
 * - Sidecars intercept TCP only: UDP and ICMP pass unchecked, which the fidelity says.
 * - ServiceEntry ports are single numbers: ranges wider than MAX_RANGE are left out.
 */
import { exportWithoutDeadRules } from './model/never-matches.js';
import type { Rule } from '../core/model.js';
import type { NamePattern } from './model/name-addresses.js';
import { projectGroup, reportRuleShape } from './address-projection.js';
import { allowEntries } from './allow-entries.js';
import type { AddressEntry } from './allow-entries.js';
import { FULL_SET, isEmpty, toCidrTexts, unionAll } from './model/ip-set.js';
import type { IpSet } from './model/ip-set.js';
import { FidelityBook } from './model/fidelity.js';
import { withHeader } from './header.js';
import {
  MANAGED_BY,
  ROLE_LABEL,
  dnsLabel,
  distinctNames,
  groupObjectName,
  isLabelValue,
  ruleCaption,
} from './k8s-names.js';
import { planContext, planGroup, verifyPlan } from './role-plan.js';
import type { GroupPlan, PlanContext } from './role-plan.js';
import { groupApplicability, groupLabel, sourceGroups } from './source-groups.js';
import type { SourceGroup } from './source-groups.js';
import type { ExportInput, ExportResult, Exporter } from './types.js';
import { commented, YamlStreamWriter } from './yaml-out.js';

export const ISTIO_TARGET = 'istio';
const FILE = 'istio-egress.yaml';
/** The widest port range written out port by port. */
export const MAX_RANGE = 32;
const ADDRESS_DOMAIN = 'addresses.egress-studio.internal';

const WORDING = {
  target: 'Istio',
  sources: 'pods',
  selection: 'internal nodes with a role, by their role label',
  namesInstead: 'use the squid target',
};

const UNINTERCEPTED =
  'Istio sidecars intercept TCP only: UDP and ICMP pass unchecked; pair this export with the kubernetes or cilium target';
const RANGE_NOTE = `ServiceEntry ports are single numbers: TCP ranges wider than ${MAX_RANGE} ports (or every port) are left out`;

const portsByRule = new WeakMap<Rule, { ports: number[]; tooWide: string[] }>();

/** The TCP ports of a rule a ServiceEntry can list, and what could not be listed. */
export function tcpPorts(rule: Rule): { ports: number[]; tooWide: string[] } {
  let known = portsByRule.get(rule);
  if (known === undefined) {
    known = listablePorts(rule);
    portsByRule.set(rule, known);
  }
  return known;
}

function listablePorts(rule: Rule): { ports: number[]; tooWide: string[] } {
  const ports = new Set<number>();
  const tooWide: string[] = [];
  for (const s of rule.services ?? [{ kind: 'any' as const, via: [] }]) {
    if (s.kind === 'any' || (s.proto === 'tcp' && s.ports === undefined)) {
      tooWide.push(s.kind === 'any' ? 'any' : 'tcp');
      continue;
    }
    if (s.proto !== 'tcp' || s.ports === undefined) continue;
    if (s.ports.hi - s.ports.lo + 1 > MAX_RANGE) {
      tooWide.push(`tcp/${s.ports.lo}-${s.ports.hi}`);
      continue;
    }
    for (let p = s.ports.lo; p <= s.ports.hi; p++) ports.add(p);
  }
  return { ports: [...ports].sort((a, b) => a - b), tooWide };
}

function coversNonTcp(rule: Rule): boolean {
  return rule.services === null || rule.services.some((s) => s.kind === 'any' || s.proto !== 'tcp');
}

/** `TLS` by SNI, except port 80 (`HTTP` by Host). */
export function portProtocol(port: number): 'HTTP' | 'TLS' {
  return port === 80 ? 'HTTP' : 'TLS';
}

const patternsByContext = new WeakMap<PlanContext, Map<Rule, NamePattern[]>>();

/** The names a rule's `to` lists (each rule resolved once: per-group loops ask often). */
function namePatterns(ctx: PlanContext, rule: Rule): NamePattern[] {
  let byRule = patternsByContext.get(ctx);
  if (byRule === undefined) {
    byRule = new Map();
    patternsByContext.set(ctx, byRule);
  }
  let patterns = byRule.get(rule);
  if (patterns === undefined) {
    patterns = rule.to.flatMap((i) => ctx.book.resolveDestination(i).names);
    byRule.set(rule, patterns);
  }
  return patterns;
}

function patternText(p: NamePattern): string {
  return p.wildcard ? `*.${p.name}` : p.name;
}

function patternsOverlap(a: NamePattern, b: NamePattern): boolean {
  if (!a.wildcard && !b.wildcard) return a.name === b.name;
  if (a.wildcard && b.wildcard)
    return a.name === b.name || a.name.endsWith(`.${b.name}`) || b.name.endsWith(`.${a.name}`);
  const [w, d] = a.wildcard ? [a, b] : [b, a];
  return d.name.endsWith(`.${w.name}`);
}

interface GroupOutput {
  plan: GroupPlan;
  /** Name allow rules exported for the group. */
  nameRules: Rule[];
  /** Address entries with their listable TCP ports. */
  addressEntries: { entry: AddressEntry; ports: number[] }[];
}

/** An address entry's TCP ports as single numbers (wide ranges left out). */
function entryPorts(entry: AddressEntry): number[] {
  if (entry.cells === null) return [];
  const out: number[] = [];
  for (const c of entry.cells) {
    if (c.proto !== 'tcp' || c.hi - c.lo + 1 > MAX_RANGE) continue;
    for (let p = c.lo; p <= c.hi; p++) out.push(p);
  }
  return out;
}

function achievedCells(
  ctx: PlanContext,
  entries: readonly { entry: AddressEntry; ports: number[] }[],
): IpSet[] {
  return ctx.space.cells.map((cell) => {
    if (cell.proto !== 'tcp') return FULL_SET;
    return unionAll(
      entries
        .filter(({ ports }) => rangeListed(ports, cell.lo, cell.hi))
        .map(({ entry }) => entry.ips),
    );
  });
}

function rangeListed(ports: readonly number[], lo: number, hi: number): boolean {
  if (hi - lo + 1 > ports.length) return false;
  for (let p = lo; p <= hi; p++) if (!ports.includes(p)) return false;
  return true;
}

export function exportIstio(input: ExportInput): ExportResult {
  const policy = input.policy;
  const ctx = planContext(policy, input.topology);
  const fidelity = new FidelityBook();
  const groups = sourceGroups(policy, ctx.book, { roleless: false }).filter(
    (g) => g.role !== null && isLabelValue(g.role),
  );
  reportRuleShape(ctx, groups, WORDING, fidelity, { names: 'handled' });
  // Allows by name on listable TCP ports: the only candidates for a group's name rules.
  const nameAllows = policy.rules.filter(
    (r) => r.action === 'allow' && namePatterns(ctx, r).length > 0 && tcpPorts(r).ports.length > 0,
  );

  const outputs: GroupOutput[] = groups.map((group) => {
    const plan = planGroup(ctx, group, projectGroup(ctx, group, WORDING));
    const addressEntries = allowEntries(ctx, plan, true)
      .entries.map((entry) => ({ entry, ports: entryPorts(entry) }))
      .filter((e) => e.ports.length > 0);
    const achieved = achievedCells(ctx, addressEntries);
    verifyPlan(
      ctx,
      plan,
      () => ({
        allowed: achieved,
        emissionNote: (cell) => (cell.proto === 'tcp' ? RANGE_NOTE : UNINTERCEPTED),
      }),
      fidelity,
    );
    const nameRules = nameAllows.filter(
      (r) => plan.projections[r.index]!.include && groupApplicability(r, group, ctx.book) === 'all',
    );
    return { plan, addressEntries, nameRules };
  });

  reportNames(ctx, groups, outputs, fidelity);
  const body = render(ctx, outputs);
  return {
    target: ISTIO_TARGET,
    files: [{ path: FILE, content: withHeader(body, input, ISTIO_TARGET, '#') }],
    fidelity: fidelity.entries(policy),
  };
}

type NamePorts = Map<string, { pattern: NamePattern; ports: Set<number>; rules: Set<Rule> }>;

const namePortsMemo = new WeakMap<readonly GroupOutput[], NamePorts>();

/** Ports of each name across the roles that may reach it (rules in order of first use). */
function namePorts(ctx: PlanContext, outputs: readonly GroupOutput[]): NamePorts {
  let out = namePortsMemo.get(outputs);
  if (out !== undefined) return out;
  out = new Map();
  // A zone-wide rule is in every role's list: adding it again would change nothing.
  const seen = new Set<Rule>();
  for (const o of outputs) {
    for (const rule of o.nameRules) {
      if (seen.has(rule)) continue;
      seen.add(rule);
      for (const p of namePatterns(ctx, rule)) {
        const key = patternText(p);
        const entry = out.get(key) ?? {
          pattern: p,
          ports: new Set<number>(),
          rules: new Set<Rule>(),
        };
        tcpPorts(rule).ports.forEach((port) => entry.ports.add(port));
        entry.rules.add(rule);
        out.set(key, entry);
      }
    }
  }
  namePortsMemo.set(outputs, out);
  return out;
}

function reportNames(
  ctx: PlanContext,
  groups: readonly SourceGroup[],
  outputs: readonly GroupOutput[],
  fidelity: FidelityBook,
): void {
  const shared = namePorts(ctx, outputs);
  for (const rule of ctx.policy.rules) {
    const patterns = namePatterns(ctx, rule);
    if (patterns.length === 0) continue;
    const { ports, tooWide } = tcpPorts(rule);
    const nothingElse = isEmpty(ctx.addressDest[rule.index]!);
    if (rule.action === 'allow') {
      if (tooWide.length > 0) {
        fidelity.add(
          rule.id,
          ports.length === 0 && nothingElse && !coversNonTcp(rule) ? 'unsupported' : 'narrowed',
          `ServiceEntry ports are single numbers: ${tooWide.join(', ')} cannot be listed for names`,
        );
      }
      const odd = ports.filter((p) => p !== 80 && p !== 443);
      if (odd.length > 0) {
        fidelity.add(
          rule.id,
          'narrowed',
          `names are matched by TLS SNI on port ${odd.slice(0, 3).join(', ')}${odd.length > 3 ? ' and more' : ''}, so plain TCP there is refused`,
        );
      }
      for (const g of groups) {
        if (groupApplicability(rule, g, ctx.book) === 'some') {
          fidelity.add(
            rule.id,
            'narrowed',
            `its sources cover only part of ${groupLabel(g)}, and a Sidecar selects whole roles, so its names are left out there`,
          );
        }
      }
      // A ServiceEntry is per name: every role that sees it gets all of its ports.
      for (const p of patterns) {
        const entry = shared.get(patternText(p));
        if (entry === undefined) continue;
        const extra = [...entry.ports].filter((port) => !ports.includes(port));
        if (extra.length > 0) {
          fidelity.add(
            rule.id,
            'widened',
            `${patternText(p)} is one ServiceEntry for all roles, so this rule's roles also reach it on port ${extra.slice(0, 3).join(', ')} (allowed to other roles)`,
          );
        }
      }
      continue;
    }
    // Deny of names: REGISTRY_ONLY refuses what no entry admits; it cannot refuse an
    // admitted name, and UDP/ICMP are not intercepted at all.
    const leaks: string[] = [];
    for (const o of outputs) {
      if (groupApplicability(rule, o.plan.group, ctx.book) === 'none') continue;
      for (const later of o.nameRules) {
        if (later.index < rule.index) continue;
        const overlap = namePatterns(ctx, later).some((a) =>
          patterns.some((b) => patternsOverlap(a, b)),
        );
        const portShared =
          tcpPorts(later).ports.some((p) => ports.includes(p)) || tooWide.length > 0;
        if (overlap && portShared) leaks.push(`the later rule ${later.id} admits these names`);
      }
      if (o.addressEntries.length > 0)
        leaks.push(
          `${groupLabel(o.plan.group)} has ServiceEntries by address, which match before names`,
        );
    }
    if (coversNonTcp(rule)) leaks.push(UNINTERCEPTED);
    if (leaks.length > 0) {
      fidelity.add(
        rule.id,
        nothingElse ? 'unsupported' : 'widened',
        `a Sidecar cannot refuse names it admits (${[...new Set(leaks)].join('; ')}); use the squid target`,
      );
    }
  }
  // An address deny before a name allow: the sidecar routes the name by SNI or Host,
  // whatever address the client connected to.
  for (const o of outputs) {
    for (const rule of ctx.policy.rules) {
      if (
        rule.action !== 'deny' ||
        isEmpty(ctx.addressDest[rule.index]!) ||
        !o.plan.projections[rule.index]!.include
      )
        continue;
      const later = o.nameRules.find(
        (r) =>
          r.index > rule.index &&
          tcpPorts(r).ports.some((p) =>
            ctx.space.cells.some(
              (c, i) =>
                c.proto === 'tcp' &&
                c.lo <= p &&
                p <= c.hi &&
                ctx.space.coverage[rule.index]![i] === 1,
            ),
          ),
      );
      if (later !== undefined) {
        fidelity.add(
          rule.id,
          'widened',
          `Istio routes the names of the later rule ${later.id} by SNI or Host, whatever address they resolve to, so those names are not refused inside ${toCidrTexts(ctx.addressDest[rule.index]!).slice(0, 2).join(', ')}`,
        );
      }
    }
  }
}

function serviceEntryName(key: string): string {
  return dnsLabel(`egress-studio-${key.replace(/^\*\./, 'wildcard.')}`, 253);
}

function render(ctx: PlanContext, outputs: readonly GroupOutput[]): string {
  const policy = ctx.policy;
  // Written document by document: the values of every document at once are the size of
  // the file again, several times over.
  const docs = new YamlStreamWriter();
  const shared = namePorts(ctx, outputs);
  const hostNames = distinctNames([...shared.keys()].sort(), serviceEntryName);
  for (const key of [...shared.keys()].sort()) {
    const { pattern, ports, rules } = shared.get(key)!;
    const sorted = [...ports].sort((a, b) => a - b);
    docs.add({
      comment: [...[...rules].sort((a, b) => a.index - b.index).map(ruleCaption)],
      value: {
        apiVersion: 'networking.istio.io/v1',
        kind: 'ServiceEntry',
        metadata: {
          name: hostNames.get(key)!,
          labels: { ...MANAGED_BY },
          annotations: {
            'egress-studio/policy': policy.name,
            'egress-studio/rules': [...rules].map((r) => r.id).join(', '),
          },
        },
        spec: {
          hosts: [key],
          exportTo: ['.'],
          location: 'MESH_EXTERNAL',
          resolution: pattern.wildcard ? 'NONE' : 'DNS',
          ports: sorted.map((n) => ({
            number: n,
            name: `${portProtocol(n).toLowerCase()}-${n}`,
            protocol: portProtocol(n),
          })),
        },
      },
    });
  }
  const sidecarNames = distinctNames(
    outputs.map((o) => o.plan.group.role!),
    (role) => groupObjectName('egress-studio', { role, members: [] }),
  );
  for (const output of outputs) {
    const role = output.plan.group.role!;
    const hosts = new Set<string>();
    for (const rule of output.nameRules)
      for (const p of namePatterns(ctx, rule)) hosts.add(`./${patternText(p)}`);
    output.addressEntries.forEach(({ entry, ports }, i) => {
      const host = `${dnsLabel(role)}-${i + 1}.${ADDRESS_DOMAIN}`;
      hosts.add(`./${host}`);
      docs.add({
        comment: entry.rules.map((r) =>
          r < 0 ? `default ${policy.default.action}` : ruleCaption(policy.rules[r]!),
        ),
        value: {
          apiVersion: 'networking.istio.io/v1',
          kind: 'ServiceEntry',
          metadata: {
            name: dnsLabel(`egress-studio-${role}-addresses-${i + 1}`, 253),
            labels: { ...MANAGED_BY },
            annotations: { 'egress-studio/policy': policy.name, 'egress-studio/role': role },
          },
          spec: {
            hosts: [host],
            addresses: toCidrTexts(entry.ips),
            exportTo: ['.'],
            location: 'MESH_EXTERNAL',
            resolution: 'NONE',
            ports: ports.map((n) => ({ number: n, name: `tcp-${n}`, protocol: 'TCP' })),
          },
        },
      });
    });
    docs.add({
      comment: [`${groupLabel(output.plan.group)}: only the entries listed here are reachable`],
      value: {
        apiVersion: 'networking.istio.io/v1',
        kind: 'Sidecar',
        metadata: {
          name: sidecarNames.get(role)!,
          labels: { ...MANAGED_BY },
          annotations: {
            'egress-studio/policy': policy.name,
            'egress-studio/default': policy.default.action,
          },
        },
        spec: {
          workloadSelector: { labels: { [ROLE_LABEL]: role } },
          outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
          // `~/*` imports nothing: a role with nothing to reach.
          egress: [commented([], { hosts: hosts.size > 0 ? [...hosts].sort() : ['~/*'] })],
        },
      },
    });
  }
  return docs.text();
}

export const istioExporter: Exporter = {
  target: ISTIO_TARGET,
  description: 'Istio Sidecar (REGISTRY_ONLY) per role and ServiceEntries (istio-egress.yaml)',
  options: [],
  run: (input) => exportWithoutDeadRules(input, exportIstio),
};
