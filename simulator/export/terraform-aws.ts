/**
 * Terraform for AWS: one security group per role (and one for instances without a role),
 * egress only, plus a Network Firewall domain list per role for the names the policy
 * allows.
 *
 * Security groups are allow-only unions with neither deny nor `except`: the per-role plan
 * (role-plan.ts) computes first match and the result is written as exact CIDR lists
 * (differences split into CIDRs). An instance carries the groups of all its roles, so it is
 * allowed the union of their rules; the verification checks exactly that union.
 *
 * Names (docs/exporters.md, "Domain rules on L3/L4 targets"): a name the topology gives static
 * addresses for is compiled to those addresses ("resolved at export time"); a name without
 * one is delegated to the topology's proxy node, which every group may then reach; else it
 * cannot be expressed. The domain list (HTTP Host, TLS SNI, ALLOWLIST) narrows what the
 * groups let out to the listed names for HTTP and TLS traffic routed through the firewall;
 * its `.example.com` form also matches `example.com` itself.
 *
 * Ingress: a group whose instances some role may connect to admits the platform's own
 * groups (whose egress rules decided already) and nothing else: the outbound-only guard.
 */
import { exportWithoutDeadRules } from './model/never-matches.js';
import type { Rule } from '../core/model.js';
import { projectGroup, reportRuleShape } from './address-projection.js';
import { addressEntries } from './allow-entries.js';
import type { AddressEntry } from './allow-entries.js';
import {
  EMPTY_SET,
  cidrTextSet,
  subtract,
  familySet,
  intersect,
  isEmpty,
  overlaps,
  toCidrTexts,
  union,
  unionAll,
} from './model/ip-set.js';
import type { IpSet } from './model/ip-set.js';
import { FidelityBook } from './model/fidelity.js';
import { withHeader } from './header.js';
import { BLANK, HclMap, HclRaw, attr, block, comment, hclFile } from './hcl-out.js';
import type { HclItem } from './hcl-out.js';
import { dnsLabel, ruleComments } from './k8s-names.js';
import { patternText, resolveNames, type NamePattern } from './model/name-addresses.js';
import { findProxyNode } from './model/proxy-node.js';
import { planContext, planGroup, verifyPlan } from './role-plan.js';
import type { GroupPlan, PlanContext } from './role-plan.js';
import { PORT_MAX, PORT_MIN } from './model/service-cells.js';
import type { Cell } from './model/service-cells.js';
import { groupApplicability, groupLabel, sourceGroups } from './source-groups.js';
import type { GroupMember, SourceGroup } from './source-groups.js';
import type { ExportInput, ExportResult, Exporter } from './types.js';

export const TERRAFORM_AWS_TARGET = 'terraform-aws';
const FILE = 'main.tf';
/** The default quota of rules per security group and direction. */
const SG_RULE_QUOTA = 60;

const WORDING = {
  target: 'a security group',
  sources: 'instances',
  selection: 'instances carry the security group of each of their roles',
  namesInstead: 'enforce names with the squid target (a proxy) or the cilium target (toFQDNs)',
};

interface NamePlan {
  /** Addresses the topology gives for the rule's names. */
  resolved: IpSet;
  resolvedNames: string[];
  /** Names without a static address (every wildcard has some). */
  unresolved: string[];
  /** Domain list entries (`pypi.org`, `.huggingface.co`) for resolved names. */
  listed: string[];
  /** Why addresses were left out of an allow (internal zones), or null. */
  internalNote: string | null;
}

function namePlan(ctx: PlanContext, rule: Rule): NamePlan {
  const patterns: NamePattern[] = rule.to.flatMap((i) => ctx.book.resolveDestination(i).names);
  const names = resolveNames(ctx.regions, patterns, rule.action);
  return {
    resolved: names.set,
    resolvedNames: names.patterns.map(patternText),
    unresolved: names.unresolved,
    listed: names.patterns.map((p) => (p.wildcard ? `.${p.name}` : p.name)),
    internalNote: names.internalNote,
  };
}

function sgPorts(cell: Cell): { protocol: string; from: number; to: number } {
  if (cell.proto === 'icmp') return { protocol: 'icmp', from: -1, to: -1 };
  const full = cell.lo === PORT_MIN && cell.hi === PORT_MAX;
  return { protocol: cell.proto, from: full ? 0 : cell.lo, to: full ? 65535 : cell.hi };
}

/** Security group descriptions allow a limited character set. */
function sgText(text: string): string {
  return text.replace(/[^a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]/g, ' ').slice(0, 255);
}

function egressBlocks(ctx: PlanContext, entry: AddressEntry): HclItem[] {
  const v4 = toCidrTexts(intersect(entry.ips, familySet(4)));
  const v6 = toCidrTexts(intersect(entry.ips, familySet(6)));
  const description = sgText(
    entry.rules
      .map((r) => (r < 0 ? `default ${ctx.policy.default.action}` : ctx.policy.rules[r]!.id))
      .join(', '),
  );
  const blocks: HclItem[] = [];
  const push = (protocol: string, from: number, to: number, cidrs4: string[], cidrs6: string[]) => {
    if (cidrs4.length === 0 && cidrs6.length === 0) return;
    const body: HclItem[] = [
      attr('description', description),
      attr('protocol', protocol),
      attr('from_port', from),
      attr('to_port', to),
    ];
    if (cidrs4.length > 0) body.push(attr('cidr_blocks', cidrs4));
    if (cidrs6.length > 0) body.push(attr('ipv6_cidr_blocks', cidrs6));
    blocks.push(block('egress', [], body));
  };
  if (entry.cells === null) {
    push('-1', 0, 0, v4, v6);
    return blocks;
  }
  for (const cell of entry.cells) {
    const p = sgPorts(cell);
    if (cell.proto === 'icmp') {
      push('icmp', -1, -1, v4, []);
      push('icmpv6', -1, -1, [], v6);
    } else {
      push(p.protocol, p.from, p.to, v4, v6);
    }
  }
  return blocks;
}

interface GroupOutput {
  plan: GroupPlan;
  entries: AddressEntry[];
  achieved: IpSet[];
  listed: string[];
}

function byGroupOutput(outputs: readonly GroupOutput[], group: SourceGroup): GroupOutput {
  return outputs.find((o) => o.plan.group === group)!;
}

function groupKey(group: SourceGroup): string {
  return group.role === null ? 'unlabelled' : `role_${group.role}`;
}

export function exportTerraformAws(input: ExportInput): ExportResult {
  const policy = input.policy;
  const proxy = findProxyNode(input.topology);
  const ctx = planContext(policy, input.topology, proxy?.ports ?? []);
  const fidelity = new FidelityBook();
  const groups = sourceGroups(policy, ctx.book, { roleless: true });
  reportRuleShape(ctx, groups, WORDING, fidelity, { names: 'handled' });

  const proxyAddresses = proxy === null ? EMPTY_SET : ctx.book.owned(proxy.node.id);
  const proxyUsable = proxy !== null && !isEmpty(proxyAddresses);
  const names = policy.rules.map((r) => namePlan(ctx, r));
  let delegates = false;

  for (const rule of policy.rules) {
    const n = names[rule.index]!;
    const nothingElse = isEmpty(ctx.addressDest[rule.index]!) && isEmpty(n.resolved);
    if (n.internalNote !== null) fidelity.add(rule.id, 'narrowed', n.internalNote);
    if (n.resolvedNames.length > 0) {
      fidelity.add(
        rule.id,
        rule.action === 'allow' ? 'widened' : 'narrowed',
        `resolved at export time: ${n.resolvedNames.join(', ')} → ${toCidrTexts(n.resolved).slice(0, 3).join(', ')} from the topology (the security group ${rule.action === 'allow' ? 'admits' : 'refuses'} these addresses whatever the name; the Network Firewall domain list checks the name of HTTP and TLS traffic only)`,
      );
      for (const entry of rule.action === 'allow' ? n.listed : []) {
        if (!entry.startsWith('.')) continue;
        fidelity.add(
          rule.id,
          'widened',
          `the Network Firewall domain list entry "${entry}" also matches ${entry.slice(1)} itself`,
        );
      }
    }
    if (n.unresolved.length === 0) continue;
    if (proxyUsable && rule.action === 'allow') {
      delegates = true;
      fidelity.add(
        rule.id,
        'delegated',
        `${n.unresolved.join(', ')}: no static address in the topology; enforced by the proxy ${proxy!.node.id} (squid target), which every security group may reach`,
      );
    } else {
      fidelity.add(
        rule.id,
        nothingElse ? 'unsupported' : rule.action === 'allow' ? 'narrowed' : 'widened',
        `${n.unresolved.join(', ')}: a security group sees addresses, not names, and ${proxy === null ? 'the topology has neither a static address for them nor a proxy node' : `the proxy node ${proxy.node.id} ${proxyUsable ? 'cannot refuse names for a deny' : 'has no addresses'}`}; ${WORDING.namesInstead}`,
      );
    }
  }
  // Every group may reach the proxy on its ports, ahead of the policy.
  const proxyCells = delegates
    ? ctx.space.cells.map((c) =>
        c.proto === 'tcp' && proxy!.ports.some((p) => p.lo <= c.lo && c.hi <= p.hi)
          ? proxyAddresses
          : EMPTY_SET,
      )
    : ctx.space.cells.map(() => EMPTY_SET);

  const outputs: GroupOutput[] = groups.map((group) => {
    const projections = projectGroup(ctx, group, WORDING, (rule) => {
      const n = names[rule.index]!;
      if (isEmpty(n.resolved)) return { dest: ctx.addressDest[rule.index]!, note: null };
      return {
        dest: union(ctx.addressDest[rule.index]!, n.resolved),
        note: `the security group admits the addresses ${rule.id}'s names resolve to (${n.resolvedNames.join(', ')}) for any connection, named or not`,
      };
    });
    const plan = planGroup(ctx, group, projections);
    const planned = addressEntries(
      ctx,
      plan.decisions.map((d, c) => union(d.allowed, proxyCells[c]!)),
      (c) => plan.decisions[c]!.allowRules,
      (r) => plan.projections[r]?.dest ?? EMPTY_SET,
      true,
    );
    // A rule group without HOME_NET would filter the whole VPC: none for groups without addresses.
    const home = ctx.book.ownedBy(group.members);
    const listed = isEmpty(home)
      ? []
      : [
          ...new Set(
            policy.rules.flatMap((r) =>
              r.action === 'allow' &&
              plan.projections[r.index]!.include &&
              groupApplicability(r, group, ctx.book) === 'all'
                ? names[r.index]!.listed
                : [],
            ),
          ),
        ].sort();
    return { plan, entries: planned.entries, achieved: planned.achieved, listed };
  });

  // An instance carries the groups of all its roles: it is allowed their union.
  const byGroup = new Map(outputs.map((o) => [o.plan.group, o]));
  for (const output of outputs) {
    verifyPlan(
      ctx,
      output.plan,
      (member: GroupMember) => {
        const others =
          member.node === null
            ? []
            : groups.filter((g) => g !== output.plan.group && g.members.includes(member.node!));
        const allowed = output.achieved.map((set, c) =>
          unionAll([set, ...others.map((g) => byGroup.get(g)!.achieved[c]!)]),
        );
        return {
          allowed,
          emissionNote: (_cell, kind) =>
            kind === 'widened'
              ? others.length > 0
                ? `${member.label} also carries the security group of ${others.map(groupLabel).join(', ')}, and security groups add up`
                : `every security group admits the proxy ${proxy?.node.id ?? ''}, which enforces the delegated names`
              : 'security groups cannot express this part',
        };
      },
      fidelity,
    );
  }

  // Domain lists drop HTTP and TLS to unlisted names, including what rules allow by address.
  const internalSpace = unionAll(
    (input.topology?.zones ?? [])
      .filter((z) => z.kind === 'internal')
      .flatMap((z) => z.cidrs.map(cidrTextSet)),
  );
  for (const output of outputs) {
    if (output.listed.length === 0) continue;
    const label = groupLabel(output.plan.group);
    const tcpAllowed = (r: number) =>
      ctx.space.cells.some((c, i) => c.proto === 'tcp' && ctx.space.coverage[r]![i] === 1);
    for (const rule of policy.rules) {
      // The list filters every source in its HOME_NET, whichever group's rule let it out.
      const reaches = groupApplicability(rule, output.plan.group, ctx.book) !== 'none';
      if (rule.action !== 'allow' || !reaches) continue;
      // Only traffic leaving the internal zones passes the firewall; names this list holds
      // pass it (what they resolve to is reported as widened above).
      const n = names[rule.index]!;
      const unlisted = n.listed.some((l) => !output.listed.includes(l));
      const dest = unlisted
        ? union(ctx.addressDest[rule.index]!, n.resolved)
        : ctx.addressDest[rule.index]!;
      const leaving = subtract(dest, internalSpace);
      if (isEmpty(leaving) || !tcpAllowed(rule.index)) continue;
      fidelity.add(
        rule.id,
        'narrowed',
        `HTTP and TLS traffic of ${label} leaving through the Network Firewall must also name a domain its allow list holds`,
      );
    }
    if (policy.default.action === 'allow') {
      fidelity.add(
        'default',
        'narrowed',
        `HTTP and TLS traffic of ${label} leaving through the Network Firewall must name a domain its allow list holds`,
      );
    }
  }

  const body = hclFile(render(ctx, outputs));
  return {
    target: TERRAFORM_AWS_TARGET,
    files: [{ path: FILE, content: withHeader(body, input, TERRAFORM_AWS_TARGET, '#') }],
    fidelity: fidelity.entries(policy),
  };
}

function render(ctx: PlanContext, outputs: readonly GroupOutput[]): HclItem[] {
  const policy = ctx.policy;
  const items: HclItem[] = [
    block(
      'terraform',
      [],
      [
        block(
          'required_providers',
          [],
          [
            attr(
              'aws',
              new HclMap([
                ['source', 'hashicorp/aws'],
                ['version', '>= 5.0'],
              ]),
            ),
          ],
        ),
      ],
    ),
    BLANK,
    block(
      'variable',
      ['vpc_id'],
      [
        attr('type', new HclRaw('string')),
        attr('description', 'VPC whose instances this policy governs.'),
      ],
    ),
  ];
  for (const output of outputs) {
    const group = output.plan.group;
    const key = groupKey(group);
    const egress: HclItem[] = [];
    let count = 0;
    for (const entry of output.entries) {
      const blocks = egressBlocks(ctx, entry);
      count += blocks.length;
      egress.push(comment(...ruleComments(policy, entry.rules)), ...blocks);
    }
    const cidrCount = output.entries.reduce(
      (n, e) => n + toCidrTexts(e.ips).length * (e.cells === null ? 1 : e.cells.length),
      0,
    );
    const members =
      group.members.length === 0
        ? 'no topology node'
        : `nodes ${group.members.map((n) => n.id).join(', ')}`;
    items.push(
      BLANK,
      comment(
        `${groupLabel(group)} (${members})`,
        ...(cidrCount > SG_RULE_QUOTA
          ? [
              `${cidrCount} egress rules (one per CIDR): above the default quota of ${SG_RULE_QUOTA} per security group; raise it or merge destinations`,
            ]
          : []),
      ),
      block(
        'resource',
        ['aws_security_group', key],
        [
          attr('name', dnsLabel(`egress-studio-${policy.name}-${key.replace('_', '-')}`, 255)),
          attr(
            'description',
            sgText(
              `Egress of ${groupLabel(group)} (policy ${policy.name}), generated by Egress Studio`,
            ),
          ),
          attr('vpc_id', new HclRaw('var.vpc_id')),
          // `egress = []` removes the default "allow all" rule AWS adds to every group.
          ...(count === 0 ? [attr('egress', [])] : egress),
          attr(
            'tags',
            new HclMap([
              ['Name', dnsLabel(`egress-studio-${key.replace('_', '-')}`)],
              ['egress-studio/policy', policy.name],
              ['egress-studio/role', group.role ?? '(none)'],
            ]),
          ),
        ],
      ),
    );
  }
  // Ingress from the platform's own groups into groups that are destinations.
  for (const output of outputs) {
    const group = output.plan.group;
    const addresses = ctx.book.ownedBy(group.members);
    if (
      isEmpty(addresses) ||
      !outputs.some((o) => o.entries.some((e) => overlaps(e.ips, addresses)))
    )
      continue;
    for (const source of outputs.map((o) => o.plan.group)) {
      const sender = byGroupOutput(outputs, source);
      if (!sender.entries.some((e) => overlaps(e.ips, addresses))) continue;
      items.push(
        BLANK,
        comment(
          `${groupLabel(group)} admits connections from ${groupLabel(source)}, whose egress rules decide (outbound-only guard)`,
        ),
        block(
          'resource',
          ['aws_vpc_security_group_ingress_rule', `${groupKey(group)}_from_${groupKey(source)}`],
          [
            attr('security_group_id', new HclRaw(`aws_security_group.${groupKey(group)}.id`)),
            attr(
              'referenced_security_group_id',
              new HclRaw(`aws_security_group.${groupKey(source)}.id`),
            ),
            attr('ip_protocol', '-1'),
            attr('description', 'Egress Studio platform source'),
          ],
        ),
      );
    }
  }
  for (const output of outputs) {
    if (output.listed.length === 0) continue;
    const group = output.plan.group;
    const home = toCidrTexts(ctx.book.ownedBy(group.members));
    const ruleVariables =
      home.length > 0
        ? [
            block(
              'rule_variables',
              [],
              [
                block(
                  'ip_sets',
                  [],
                  [attr('key', 'HOME_NET'), block('ip_set', [], [attr('definition', home)])],
                ),
              ],
            ),
          ]
        : [];
    const capacity = Math.max(100, Math.ceil((output.listed.length * 4) / 100) * 100);
    items.push(
      BLANK,
      comment(
        `Domain allow list of ${groupLabel(group)}: HTTP Host and TLS SNI.`,
        "Attach it to the firewall policy of the Network Firewall that routes this VPC's egress.",
      ),
      block(
        'resource',
        ['aws_networkfirewall_rule_group', `${groupKey(group)}_domains`],
        [
          attr(
            'name',
            dnsLabel(
              `egress-studio-${policy.name}-${groupKey(group).replace('_', '-')}-domains`,
              128,
            ),
          ),
          attr(
            'description',
            sgText(`Names ${groupLabel(group)} may reach (policy ${policy.name})`),
          ),
          attr('type', 'STATEFUL'),
          attr('capacity', capacity),
          block(
            'rule_group',
            [],
            [
              ...ruleVariables,
              block(
                'rules_source',
                [],
                [
                  block(
                    'rules_source_list',
                    [],
                    [
                      attr('generated_rules_type', 'ALLOWLIST'),
                      attr('target_types', ['HTTP_HOST', 'TLS_SNI']),
                      attr('targets', output.listed),
                    ],
                  ),
                ],
              ),
            ],
          ),
          attr(
            'tags',
            new HclMap([
              ['egress-studio/policy', policy.name],
              ['egress-studio/role', group.role ?? '(none)'],
            ]),
          ),
        ],
      ),
    );
  }
  return items;
}

export const terraformAwsExporter: Exporter = {
  target: TERRAFORM_AWS_TARGET,
  description: 'Terraform for AWS: security group per role, Network Firewall domain list (main.tf)',
  options: [],
  run: (input) => exportWithoutDeadRules(input, exportTerraformAws),
};
