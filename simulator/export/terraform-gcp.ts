/**
 * Terraform for Google Cloud: VPC firewall rules (`google_compute_firewall`, EGRESS) in
 * rule order — GCP evaluates them by priority, so first match carries over directly:
 * priority = 1000 + index × 10 (lower is first), allow and deny alike. Sources become
 * network tags named after roles; a rule from `any` has no tag and applies to every
 * instance. The implied "allow all egress" of a VPC is overridden by a deny-all rule at
 * priority 65534 when the policy's default is deny.
 *
 * Names go to a network firewall policy (`dest_fqdns`, targeted by secure tags per role),
 * which GCP evaluates after the VPC firewall rules (the network's default enforcement
 * order). Two consequences the fidelity reports: a later VPC rule decides before an earlier
 * name rule where both match, and the default deny moves into that policy, after the name
 * rules. GCP FQDN objects take no wildcards and are enforced on resolved addresses.
 */
import { exportWithoutDeadRules } from './model/never-matches.js';
import { runtimeInternalNote } from './model/name-addresses.js';
import type { Rule, ServiceItem } from '../core/model.js';
import { hasHttpClauses } from './address-projection.js';
import { EMPTY_SET, familySet, intersect, isEmpty, toCidrTexts } from './model/ip-set.js';
import { FidelityBook } from './model/fidelity.js';
import { withHeader } from './header.js';
import { BLANK, HclFileWriter, HclMap, HclRaw, attr, block, comment } from './hcl-out.js';
import type { HclItem } from './hcl-out.js';
import { descriptionText, dnsLabel, distinctNames } from './k8s-names.js';
import { planContext, planGroup, verifyPlan } from './role-plan.js';
import type { PlanContext, RuleProjection } from './role-plan.js';
import { groupMembers, memberApplicability, sourceGroups } from './source-groups.js';
import type { SourceGroup } from './source-groups.js';
import type { Applicability } from './model/node-coverage.js';
import {
  listedNames,
  laterWithAddresses,
  meet,
  names,
  reportAddressMatching,
  reportOverreach,
} from './terraform-gcp-names.js';
import { TargetIndex, targeting } from './terraform-gcp-targets.js';
import type { Targeting } from './terraform-gcp-targets.js';
import type { ExportInput, ExportResult, Exporter } from './types.js';

export const TERRAFORM_GCP_TARGET = 'terraform-gcp';
const FILE = 'main.tf';

export const PRIORITY_BASE = 1000;
const PRIORITY_STEP = 10;
/** The last priority before the VPC's implied rules (65535). */
export const DEFAULT_PRIORITY = 65534;
const POLICY_DEFAULT_PRIORITY = 2147483000;

/** The priority of the rule at `index`, or null when GCP has no priority left for it. */
export function rulePriority(index: number, count: number): number | null {
  const step = PRIORITY_BASE + PRIORITY_STEP * count < DEFAULT_PRIORITY ? PRIORITY_STEP : 1;
  const priority = PRIORITY_BASE + step * index;
  return priority < DEFAULT_PRIORITY ? priority : null;
}

/** The network tag of a role (`a_b` → `a-b`); GCP tags are DNS-label-like. */
export function roleTag(role: string): string {
  return dnsLabel(role);
}

/** GCP `allow`/`deny` blocks of a rule's services, for one address family. */
export function protocolBlocks(services: readonly ServiceItem[] | null, family: 4 | 6): HclMap[] {
  if (services === null || services.some((s) => s.kind === 'any'))
    return [new HclMap([['protocol', 'all']])];
  const out: HclMap[] = [];
  for (const proto of ['tcp', 'udp', 'icmp'] as const) {
    const items = services.filter((s) => s.kind === 'proto' && s.proto === proto);
    if (items.length === 0) continue;
    const name = proto === 'icmp' ? (family === 4 ? 'icmp' : '58') : proto;
    const anyPort = items.some((s) => s.kind === 'proto' && s.ports === undefined);
    if (proto === 'icmp' || anyPort) {
      out.push(new HclMap([['protocol', name]]));
      continue;
    }
    const ports = [
      ...new Set(
        items.map((s) => {
          const p = (s as { ports: { lo: number; hi: number } }).ports;
          return p.lo === p.hi ? String(p.lo) : `${p.lo}-${p.hi}`;
        }),
      ),
    ];
    out.push(
      new HclMap([
        ['protocol', name],
        ['ports', ports],
      ]),
    );
  }
  return out;
}

function actionBlocks(action: 'allow' | 'deny', maps: readonly HclMap[]): HclItem[] {
  return maps.map((m) =>
    block(
      action,
      [],
      m.entries.map(([k, v]) => attr(k, v)),
    ),
  );
}

/** Rule ids and roles (`[a-z][a-z0-9_-]*`) are valid Terraform names as they are. */
function resourceName(text: string): string {
  return text;
}

export function exportTerraformGcp(input: ExportInput): ExportResult {
  const policy = input.policy;
  const ctx = planContext(policy, input.topology);
  const fidelity = new FidelityBook();
  const groups = sourceGroups(policy, ctx.book, { roleless: true });
  const count = policy.rules.length;
  const targets = policy.rules.map((r) => targeting(ctx, r, groups));
  const priorities = policy.rules.map((r) => rulePriority(r.index, count));

  // Shape findings: names, HTTP clauses, priorities, sources without tags.
  const nameRules = policy.rules.filter((r) => names(ctx, r).length > 0);
  for (const rule of policy.rules) {
    if (priorities[rule.index] === null) {
      fidelity.add(
        rule.id,
        'unsupported',
        'GCP firewall priorities run out before this rule; split the policy',
      );
    }
    const unresolved = rule.to.flatMap((i) => ctx.book.resolveDestination(i).unresolved ?? []);
    if (unresolved.length > 0) {
      fidelity.add(
        rule.id,
        isEmpty(ctx.addressDest[rule.index]!) && names(ctx, rule).length === 0
          ? 'unsupported'
          : rule.action === 'allow'
            ? 'narrowed'
            : 'widened',
        `${unresolved.join(', ')} has no addresses for GCP; export with a topology`,
      );
    }
    // Tags select whole instances: a rule whose sources cover part of an instance's
    // addresses is left out there (allow) or applied to all of its traffic (deny).
    const partly = coversPartly(ctx.book.covered(rule.from));
    for (const group of groups) {
      if (group.members.length > 0 && !partly) continue;
      for (const member of groupMembers(group)) {
        if (memberApplicability(rule, member, group, ctx.book) !== 'some') continue;
        fidelity.add(
          rule.id,
          'narrowed',
          `its sources cover only part of ${member.node === null ? `the instances of ${member.label}` : `${member.label}'s addresses`}, and GCP targets whole instances by network tag, so ${rule.action === 'allow' ? 'it is left out there' : 'it refuses all of their traffic'}`,
        );
      }
    }
    if (hasHttpClauses(rule)) {
      fidelity.add(
        rule.id,
        rule.action === 'allow' ? 'widened' : 'narrowed',
        rule.action === 'allow'
          ? 'GCP firewall rules cannot see HTTP methods or paths: every request on an allowed connection passes'
          : 'GCP firewall rules cannot see HTTP methods or paths, so this deny refuses every request on its connections',
      );
    }
  }

  // Address rules, verified per instance (each member is checked against its own tags).
  // Projections are shared between instances: each starts from the rules left out and
  // takes in the rules its roles apply (time in those rules, not in the whole policy).
  const applying = new TargetIndex(targets);
  const leftOut: RuleProjection[] = policy.rules.map((rule) => ({
    include: false,
    dest: EMPTY_SET,
    note: targets[rule.index]!.note,
  }));
  const included: RuleProjection[] = policy.rules.map((rule) => {
    const notes = [
      targets[rule.index]!.note,
      hasHttpClauses(rule)
        ? `${rule.id} ${rule.action === 'allow' ? 'admits' : 'refuses'} every HTTP method and path`
        : null,
    ].filter((n): n is string => n !== null);
    return {
      include: true,
      dest: ctx.addressDest[rule.index]!,
      note: notes.length > 0 ? notes.join('; ') : null,
    };
  });
  const shared = leftOut.slice();
  for (const group of groups) {
    for (const member of groupMembers(group)) {
      const single: SourceGroup = {
        role: group.role,
        members: member.node === null ? [] : [member.node],
      };
      if (member.node !== null && group.role !== null && member.node.roles[0] !== group.role)
        continue;
      const roleless = member.node !== null && member.node.roles.length === 0;
      // One array for every instance with roles, restored after each: a fresh copy of a
      // policy-sized array per instance costs more in garbage collection than the plan.
      const projections = roleless
        ? policy.rules.map((rule) =>
            targets[rule.index]!.everyone
              ? leftOut[rule.index]!
              : {
                  include: false,
                  dest: EMPTY_SET,
                  note: `GCP targets instances by network tag, and ${member.label} has no role`,
                },
          )
        : shared;
      const roles = member.node?.roles ?? (group.role === null ? [] : [group.role]);
      const taken = applying.rulesOf(roles).filter((i) => priorities[i] !== null);
      for (const i of taken) projections[i] = included[i]!;
      const plan = planGroup(ctx, single, projections);
      const allowed = plan.decisions.map((d) => d.allowed);
      verifyPlan(
        ctx,
        plan,
        () => ({ allowed, emissionNote: () => 'GCP enforces the rules as written' }),
        fidelity,
      );
      if (!roleless) for (const i of taken) shared[i] = leftOut[i]!;
    }
  }

  // Name rules: resolved addresses, no wildcards, evaluated after every VPC rule.
  for (const rule of nameRules) {
    // Secure tags select whole roles, as network tags do; the VPC part is verified above.
    const note = targets[rule.index]!.note;
    if (note !== null && rule.action === 'allow') fidelity.add(rule.id, 'narrowed', note);
    if (note !== null && rule.action === 'deny') reportOverreach(ctx, rule, note, fidelity);
    // Connections without the listed methods or paths fall through in the policy, not here.
    if (hasHttpClauses(rule)) {
      reportOverreach(
        ctx,
        rule,
        `${rule.id} ${rule.action === 'allow' ? 'admits' : 'refuses'} every HTTP method and path of its names`,
        fidelity,
      );
    }
    const { fqdns, dropped, underWildcards } = listedNames(ctx, names(ctx, rule));
    if (dropped.length > 0) {
      const nothing = fqdns.length === 0 && isEmpty(ctx.addressDest[rule.index]!);
      fidelity.add(
        rule.id,
        nothing ? 'unsupported' : rule.action === 'allow' ? 'narrowed' : 'widened',
        underWildcards.length === 0
          ? `GCP FQDN objects take no wildcards (${dropped.join(', ')}) and the topology lists no names under them; use the squid target`
          : `GCP FQDN objects take no wildcards: ${dropped.join(', ')} is narrowed to the names the topology lists under it (${underWildcards.join(', ')})`,
      );
    }
    if (fqdns.length === 0) continue;
    if (rule.action === 'allow') {
      fidelity.add(
        rule.id,
        'widened',
        'GCP enforces FQDN objects on the addresses the names resolve to, so other names served from the same addresses pass too',
      );
    }
    reportAddressMatching(ctx, rule, fqdns, nameRules, groups, targets, fidelity);
    const internal = runtimeInternalNote(ctx.regions, rule, 'GCP');
    if (internal !== null) fidelity.add(rule.id, 'widened', internal);
    for (const later of laterWithAddresses(ctx, rule, rule.action === 'allow' ? 'deny' : 'allow')) {
      if (meet(ctx, groups, rule, later)) {
        fidelity.add(
          rule.id,
          rule.action === 'allow' ? 'narrowed' : 'widened',
          `GCP evaluates VPC firewall rules before the network firewall policy, so the later rule ${later.id} decides first where these names resolve into ${toCidrTexts(ctx.addressDest[later.index]!).slice(0, 2).join(', ')}`,
        );
      }
    }
  }

  const body = render(ctx, targets, priorities, nameRules);
  return {
    target: TERRAFORM_GCP_TARGET,
    files: [{ path: FILE, content: withHeader(body, input, TERRAFORM_GCP_TARGET, '#') }],
    fidelity: fidelity.entries(policy),
  };
}

const partlyMemo = new WeakMap<ReadonlyMap<string, Applicability>, boolean>();

/** True when a clause covers only part of some node's traffic (rules often share clauses). */
function coversPartly(covered: ReadonlyMap<string, Applicability>): boolean {
  let partly = partlyMemo.get(covered);
  if (partly === undefined) {
    partly = [...covered.values()].includes('some');
    partlyMemo.set(covered, partly);
  }
  return partly;
}

function render(
  ctx: PlanContext,
  targets: readonly Targeting[],
  priorities: readonly (number | null)[],
  nameRules: readonly Rule[],
): string {
  const policy = ctx.policy;
  // Written resource by resource: at 20,000 rules the tree of items alone took 290 MB.
  const out = new HclFileWriter();
  out.add(
    block(
      'terraform',
      [],
      [
        block(
          'required_providers',
          [],
          [
            attr(
              'google',
              new HclMap([
                ['source', 'hashicorp/google'],
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
      ['project_id'],
      [
        attr('type', new HclRaw('string')),
        attr('description', 'Project that owns the VPC network.'),
      ],
    ),
    BLANK,
    block(
      'variable',
      ['network'],
      [
        attr('type', new HclRaw('string')),
        attr('description', 'Name of the VPC network whose egress this policy governs.'),
      ],
    ),
  );
  const firewallNames = distinctNames(
    policy.rules.flatMap((r) => [`${r.id}#4`, `${r.id}#6`]),
    (key) => dnsLabel(`${policy.name}-${key.replace('#4', '-v4').replace('#6', '-v6')}`),
  );
  for (const rule of policy.rules) {
    const priority = priorities[rule.index];
    if (priority === null || priority === undefined) continue;
    const t = targets[rule.index]!;
    if (!t.everyone && t.roles.length === 0) continue;
    for (const family of [4, 6] as const) {
      const dest = intersect(ctx.addressDest[rule.index]!, familySet(family));
      if (isEmpty(dest)) continue;
      const body: HclItem[] = [
        attr('project', new HclRaw('var.project_id')),
        attr('name', firewallNames.get(`${rule.id}#${family}`)!),
        attr('network', new HclRaw('var.network')),
        attr('direction', 'EGRESS'),
        attr('priority', priority),
        attr('description', firewallDescription(rule)),
        attr('destination_ranges', toCidrTexts(dest)),
      ];
      if (!t.everyone) body.push(attr('target_tags', t.roles.map(roleTag)));
      body.push(...actionBlocks(rule.action, protocolBlocks(rule.services, family)));
      if (rule.log) body.push(block('log_config', [], [attr('metadata', 'INCLUDE_ALL_METADATA')]));
      out.add(
        BLANK,
        ...ruleComment(rule),
        block('resource', ['google_compute_firewall', resourceName(`${rule.id}_v${family}`)], body),
      );
    }
  }
  if (policy.default.action === 'deny' && nameRules.length === 0) {
    for (const family of [4, 6] as const) {
      out.add(
        BLANK,
        comment(
          `default deny${family === 4 ? '' : ' (IPv6)'}: replaces the VPC's implied "allow all egress"`,
        ),
        block(
          'resource',
          ['google_compute_firewall', `default_deny_v${family}`],
          [
            attr('project', new HclRaw('var.project_id')),
            attr('name', dnsLabel(`${policy.name}-default-deny-v${family}`)),
            attr('network', new HclRaw('var.network')),
            attr('direction', 'EGRESS'),
            attr('priority', DEFAULT_PRIORITY),
            attr('destination_ranges', [family === 4 ? '0.0.0.0/0' : '::/0']),
            block('deny', [], [attr('protocol', 'all')]),
            ...(policy.default.log
              ? [block('log_config', [], [attr('metadata', 'INCLUDE_ALL_METADATA')])]
              : []),
          ],
        ),
      );
    }
  }
  if (nameRules.length > 0) renderNamePolicy(ctx, targets, priorities, nameRules, out);
  return out.text();
}

/** `no-metadata: Instance metadata …`: GCP descriptions hold up to 2048 characters. */
function firewallDescription(rule: Rule): string {
  const text = descriptionText(rule);
  return (text === null ? rule.id : `${rule.id}: ${text}`).slice(0, 2048);
}

function ruleComment(rule: Rule): HclItem[] {
  const lines = [`${rule.action} ${rule.id}`, ...(rule.description?.split('\n') ?? [])];
  return [comment(...lines)];
}

function renderNamePolicy(
  ctx: PlanContext,
  targets: readonly Targeting[],
  priorities: readonly (number | null)[],
  nameRules: readonly Rule[],
  out: HclFileWriter,
): void {
  const policy = ctx.policy;
  const policyRef = new HclRaw('google_compute_network_firewall_policy.egress.name');
  const roles = [...new Set(nameRules.flatMap((r) => targets[r.index]!.roles))];
  out.add(
    BLANK,
    comment(
      'Names: a network firewall policy, evaluated after the VPC firewall rules above.',
      'Roles are secure tags here; bind each instance to the tag value of its role.',
    ),
    block(
      'resource',
      ['google_compute_network_firewall_policy', 'egress'],
      [
        attr('project', new HclRaw('var.project_id')),
        attr('name', dnsLabel(`egress-studio-${policy.name}`)),
        attr('description', `Name rules of policy ${policy.name}`),
      ],
    ),
    BLANK,
    block(
      'resource',
      ['google_compute_network_firewall_policy_association', 'egress'],
      [
        attr('project', new HclRaw('var.project_id')),
        attr('name', dnsLabel(`egress-studio-${policy.name}`)),
        attr('firewall_policy', policyRef),
        attr(
          'attachment_target',
          new HclRaw('"projects/${var.project_id}/global/networks/${var.network}"'),
        ),
      ],
    ),
  );
  if (roles.length > 0) {
    out.add(
      BLANK,
      block(
        'resource',
        ['google_tags_tag_key', 'role'],
        [
          attr('parent', new HclRaw('"projects/${var.project_id}"')),
          attr('short_name', 'egress-studio-role'),
          attr('description', 'Egress Studio role of an instance.'),
          attr('purpose', 'GCE_FIREWALL'),
          attr(
            'purpose_data',
            new HclMap([['network', new HclRaw('"${var.project_id}/${var.network}"')]]),
          ),
        ],
      ),
    );
    for (const role of roles) {
      out.add(
        BLANK,
        block(
          'resource',
          ['google_tags_tag_value', resourceName(`role_${role}`)],
          [attr('parent', new HclRaw('google_tags_tag_key.role.id')), attr('short_name', role)],
        ),
      );
    }
  }
  for (const rule of nameRules) {
    const priority = priorities[rule.index];
    const t = targets[rule.index]!;
    if (priority === null || priority === undefined || (!t.everyone && t.roles.length === 0))
      continue;
    const { fqdns } = listedNames(ctx, names(ctx, rule));
    if (fqdns.length === 0) continue;
    const layer4 = protocolBlocks(rule.services, 4).map((m) =>
      block(
        'layer4_configs',
        [],
        m.entries.map(([k, v]) => attr(k === 'protocol' ? 'ip_protocol' : k, v)),
      ),
    );
    const body: HclItem[] = [
      attr('project', new HclRaw('var.project_id')),
      attr('firewall_policy', policyRef),
      attr('rule_name', dnsLabel(`${rule.id}-names`)),
      attr('priority', priority),
      attr('direction', 'EGRESS'),
      attr('action', rule.action),
      attr('description', firewallDescription(rule)),
      attr('enable_logging', rule.log),
      block('match', [], [attr('dest_fqdns', fqdns), ...layer4]),
      ...t.roles.map((role) =>
        block(
          'target_secure_tags',
          [],
          [attr('name', new HclRaw(`google_tags_tag_value.${resourceName(`role_${role}`)}.id`))],
        ),
      ),
    ];
    out.add(
      BLANK,
      ...ruleComment(rule),
      block(
        'resource',
        ['google_compute_network_firewall_policy_rule', resourceName(`${rule.id}_names`)],
        body,
      ),
    );
  }
  if (policy.default.action === 'deny') {
    for (const family of [4, 6] as const) {
      out.add(
        BLANK,
        comment(`default deny${family === 4 ? '' : ' (IPv6)'}, after the name rules`),
        block(
          'resource',
          ['google_compute_network_firewall_policy_rule', `default_deny_v${family}`],
          [
            attr('project', new HclRaw('var.project_id')),
            attr('firewall_policy', policyRef),
            attr('rule_name', `default-deny-v${family}`),
            attr('priority', POLICY_DEFAULT_PRIORITY + family),
            attr('direction', 'EGRESS'),
            attr('action', 'deny'),
            attr('enable_logging', policy.default.log),
            block(
              'match',
              [],
              [
                attr('dest_ip_ranges', [family === 4 ? '0.0.0.0/0' : '::/0']),
                block('layer4_configs', [], [attr('ip_protocol', 'all')]),
              ],
            ),
          ],
        ),
      );
    }
  }
}

export const terraformGcpExporter: Exporter = {
  target: TERRAFORM_GCP_TARGET,
  description:
    'Terraform for GCP: VPC firewall egress rules by priority, FQDN policy for names (main.tf)',
  options: [],
  run: (input) => exportWithoutDeadRules(input, exportTerraformGcp),
};
