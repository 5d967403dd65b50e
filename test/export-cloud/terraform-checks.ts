/**
 * Structural checks of parsed Terraform (hcl.ts) that hold for every export: what the AWS
 * and Google providers accept for each attribute, references that resolve, and GCP
 * priorities that follow the policy's rule order. Each returns a list of problems.
 */
import type { PolicyModel } from '../../simulator/core/model.js';
import { parseCidr } from '../../simulator/net/ip.js';
import { isDomainProblem, parseDomainPattern } from '../../simulator/util/domain.js';
import { blocks, ofType, single, strings } from './hcl.js';
import type { Hcl } from './hcl.js';

/** Characters AWS accepts in security group names, descriptions and rule descriptions. */
const SG_TEXT = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]*$/;
const GCP_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

function cidrOf(text: string, family: 4 | 6): boolean {
  const c = parseCidr(text);
  return c !== null && !c.hostBitsSet && c.cidr.family === family && text.includes('/');
}

function isName(text: string, wildcardDot: boolean): boolean {
  const name = wildcardDot && text.startsWith('.') ? text.slice(1) : text;
  const p = parseDomainPattern(name);
  return !isDomainProblem(p) && !p.wildcard && p.name === name;
}

const ref = (type: string, name: string, attr: string) => `\${${type}.${name}.${attr}}`;

export function awsProblems(doc: Hcl): string[] {
  const out: string[] = [];
  const groups = ofType(doc, 'aws_security_group');
  const groupNames = new Set(groups.map((g) => g.name));
  const seen = new Set<string>();
  for (const { name, body } of groups) {
    const where = `aws_security_group.${name}`;
    const sgName = String(body.name);
    if (seen.has(sgName)) out.push(`${where}: duplicate name ${sgName}`);
    seen.add(sgName);
    if (sgName.length > 255 || !SG_TEXT.test(sgName)) out.push(`${where}: bad name`);
    const description = String(body.description);
    if (description.length > 255 || !SG_TEXT.test(description))
      out.push(`${where}: bad description`);
    if (body.vpc_id !== '${var.vpc_id}') out.push(`${where}: vpc_id ${String(body.vpc_id)}`);
    if (!Array.isArray(body.egress)) out.push(`${where}: no egress list (AWS would allow all)`);
    if (body.ingress !== undefined) out.push(`${where}: inline ingress`);
    for (const e of blocks(body, 'egress')) {
      const [from, to, protocol] = [e.from_port as number, e.to_port as number, e.protocol];
      const v4 = strings(e.cidr_blocks);
      const v6 = strings(e.ipv6_cidr_blocks);
      const text = `${where} egress ${String(protocol)} ${from}-${to}`;
      if (v4.length + v6.length === 0) out.push(`${text}: no destination`);
      if (!v4.every((c) => cidrOf(c, 4)) || !v6.every((c) => cidrOf(c, 6)))
        out.push(`${text}: bad CIDR in ${[...v4, ...v6].join(' ')}`);
      if (!SG_TEXT.test(String(e.description)) || String(e.description).length > 255)
        out.push(`${text}: bad description`);
      if (protocol === '-1' && (from !== 0 || to !== 0)) out.push(`${text}: ports with -1`);
      else if (protocol === 'icmp' || protocol === 'icmpv6') {
        if (from !== -1 || to !== -1) out.push(`${text}: icmp ports`);
        if (protocol === 'icmp' ? v6.length > 0 : v4.length > 0) out.push(`${text}: family`);
      } else if (protocol === 'tcp' || protocol === 'udp') {
        if (!(0 <= from && from <= to && to <= 65535)) out.push(`${text}: port range`);
      } else if (protocol !== '-1') out.push(`${text}: unknown protocol`);
    }
  }
  for (const { name, body } of ofType(doc, 'aws_vpc_security_group_ingress_rule')) {
    for (const key of ['security_group_id', 'referenced_security_group_id']) {
      const m = /^\$\{aws_security_group\.([^.]+)\.id\}$/.exec(String(body[key]));
      if (m === null || !groupNames.has(m[1]!)) out.push(`ingress ${name}: ${key} dangles`);
    }
  }
  for (const { name, body } of ofType(doc, 'aws_networkfirewall_rule_group')) {
    const where = `aws_networkfirewall_rule_group.${name}`;
    if (body.type !== 'STATEFUL') out.push(`${where}: type ${String(body.type)}`);
    const group = single(body, 'rule_group');
    const list = single(single(group, 'rules_source'), 'rules_source_list');
    const targets = strings(list.targets);
    if (list.generated_rules_type !== 'ALLOWLIST') out.push(`${where}: not an allow list`);
    if (strings(list.target_types).sort().join() !== 'HTTP_HOST,TLS_SNI')
      out.push(`${where}: target types ${strings(list.target_types).join()}`);
    if (targets.length === 0 || !targets.every((t) => isName(t, true)))
      out.push(`${where}: bad targets ${targets.join(' ')}`);
    if (new Set(targets).size !== targets.length) out.push(`${where}: duplicate targets`);
    if ((body.capacity as number) < targets.length * 2) out.push(`${where}: capacity too low`);
    for (const vars of blocks(group, 'rule_variables')) {
      for (const set of blocks(vars, 'ip_sets')) {
        const defs = strings(single(set, 'ip_set').definition);
        if (set.key !== 'HOME_NET' || defs.length === 0)
          out.push(`${where}: bad ip set ${String(set.key)}`);
        if (!defs.every((d) => cidrOf(d, 4) || cidrOf(d, 6))) out.push(`${where}: bad HOME_NET`);
      }
    }
  }
  return out;
}

const GCP_PROTOCOLS = new Set(['tcp', 'udp', 'icmp', '58', 'all']);

function protocolProblems(where: string, list: Hcl[], protocolKey: string): string[] {
  const out: string[] = [];
  for (const b of list) {
    const protocol = String(b[protocolKey]);
    const ports = strings(b.ports);
    if (!GCP_PROTOCOLS.has(protocol)) out.push(`${where}: protocol ${protocol}`);
    if (ports.length > 0 && protocol !== 'tcp' && protocol !== 'udp')
      out.push(`${where}: ports on ${protocol}`);
    for (const p of ports) {
      const m = /^(\d+)(?:-(\d+))?$/.exec(p);
      if (m === null || Number(m[1]) < 1 || Number(m[2] ?? m[1]) > 65535)
        out.push(`${where}: port ${p}`);
      else if (m[2] !== undefined && Number(m[2]) <= Number(m[1])) out.push(`${where}: range ${p}`);
    }
  }
  return out;
}

/** The policy rule a GCP resource enforces (`<id>_v4`, `<id>_v6`, `<id>_names`). */
export function gcpRuleId(resourceName: string): string | null {
  const m = /^(.+)_(v4|v6|names)$/.exec(resourceName);
  return m === null || m[1]!.startsWith('default_deny') ? null : m[1]!;
}

export function gcpProblems(doc: Hcl, policy: PolicyModel): string[] {
  const out: string[] = [];
  const firewalls = ofType(doc, 'google_compute_firewall');
  const policyRules = ofType(doc, 'google_compute_network_firewall_policy_rule');
  const tagValues = new Set(ofType(doc, 'google_tags_tag_value').map((r) => r.name));
  const names = new Set<string>();
  for (const { name, body } of firewalls) {
    const where = `google_compute_firewall.${name}`;
    if (names.has(String(body.name))) out.push(`${where}: duplicate name`);
    names.add(String(body.name));
    if (!GCP_NAME.test(String(body.name))) out.push(`${where}: bad name ${String(body.name)}`);
    if (body.direction !== 'EGRESS') out.push(`${where}: direction`);
    if (body.network !== '${var.network}' || body.project !== '${var.project_id}')
      out.push(`${where}: network or project`);
    const priority = body.priority as number;
    if (!(Number.isInteger(priority) && priority >= 0 && priority <= 65535))
      out.push(`${where}: priority ${priority}`);
    const family = name.endsWith('_v6') ? 6 : 4;
    const ranges = strings(body.destination_ranges);
    if (ranges.length === 0 || !ranges.every((r) => cidrOf(r, family)))
      out.push(`${where}: destination_ranges ${ranges.join(' ')}`);
    const allow = blocks(body, 'allow');
    const deny = blocks(body, 'deny');
    if ((allow.length === 0) === (deny.length === 0)) out.push(`${where}: allow xor deny`);
    out.push(...protocolProblems(where, [...allow, ...deny], 'protocol'));
    if (!strings(body.target_tags).every((t) => GCP_NAME.test(t))) out.push(`${where}: tags`);
    if (body.target_tags !== undefined && strings(body.target_tags).length === 0)
      out.push(`${where}: empty target_tags (would apply to every instance)`);
    const id = gcpRuleId(name);
    const rule = policy.rules.find((r) => r.id === id);
    if (id !== null && rule === undefined) out.push(`${where}: no rule ${id}`);
    if (rule !== undefined && blocks(body, 'log_config').length > 0 !== rule.log)
      out.push(`${where}: log_config does not follow the rule's log flag`);
    if (rule !== undefined && (rule.action === 'allow' ? allow : deny).length === 0)
      out.push(`${where}: action differs from ${rule.action}`);
  }
  for (const { name, body } of policyRules) {
    const where = `google_compute_network_firewall_policy_rule.${name}`;
    if (body.direction !== 'EGRESS') out.push(`${where}: direction`);
    if (body.firewall_policy !== ref('google_compute_network_firewall_policy', 'egress', 'name'))
      out.push(`${where}: firewall_policy`);
    const match = single(body, 'match');
    const fqdns = strings(match.dest_fqdns);
    if (!fqdns.every((f) => isName(f, false))) out.push(`${where}: dest_fqdns ${fqdns.join()}`);
    out.push(...protocolProblems(where, blocks(match, 'layer4_configs'), 'ip_protocol'));
    for (const t of blocks(body, 'target_secure_tags')) {
      const m = /^\$\{google_tags_tag_value\.([^.]+)\.id\}$/.exec(String(t.name));
      if (m === null || !tagValues.has(m[1]!)) out.push(`${where}: tag ${String(t.name)} dangles`);
    }
  }
  out.push(...priorityProblems(doc, policy));
  return out;
}

/** Priorities follow rule order; the default comes after every rule. */
function priorityProblems(doc: Hcl, policy: PolicyModel): string[] {
  const out: string[] = [];
  const all = [
    ...ofType(doc, 'google_compute_firewall'),
    ...ofType(doc, 'google_compute_network_firewall_policy_rule'),
  ];
  const byRule = new Map<string, number>();
  for (const r of all) {
    const id = gcpRuleId(r.name);
    if (id === null) continue;
    const p = r.body.priority as number;
    if (byRule.has(id) && byRule.get(id) !== p) out.push(`${id}: two priorities`);
    byRule.set(id, p);
  }
  let last = -1;
  for (const rule of policy.rules) {
    const p = byRule.get(rule.id);
    if (p === undefined) continue;
    if (p <= last) out.push(`${rule.id}: priority ${p} not after the previous rule's ${last}`);
    last = p;
  }
  const defaults = all.filter((r) => r.name.startsWith('default_deny'));
  if (policy.default.action === 'allow' && defaults.length > 0)
    out.push('deny under default allow');
  if (policy.default.action === 'deny') {
    if (defaults.length !== 2) out.push(`${defaults.length} default deny resources, not 2`);
    for (const d of defaults) {
      if ((d.body.priority as number) <= last) out.push(`${d.name}: before the last rule`);
      if (d.type === 'google_compute_firewall' && d.body.priority !== 65534)
        out.push(`${d.name}: not just above the implied rules`);
    }
  }
  return out;
}
