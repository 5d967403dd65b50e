/**
 * Evaluators of exported Terraform (parsed by hcl.ts), written from the providers'
 * documented semantics and independent of the exporters' planning code:
 *
 * AWS — security groups are stateful allow-only unions: an instance carrying the groups of
 * its roles may send a packet iff some egress rule of some group matches protocol, port and
 * CIDR; an instance receiving it must have an ingress rule admitting one of the sender's
 * groups. Network Firewall ALLOWLIST rule groups (HTTP_HOST, TLS_SNI) then drop HTTP and
 * TLS traffic leaving the VPC from their HOME_NET unless the name is listed (`.d` also
 * matches `d`); with the default action order, pass rules of any group win. A connection
 * without a name is taken to be neither HTTP nor TLS.
 *
 * GCP — VPC firewall rules apply to instances with one of their target tags (all instances
 * without target tags); among matching rules the lowest priority number decides, deny
 * winning ties. When none matches, the network firewall policy is evaluated the same way
 * (targets by secure tag; FQDNs match the addresses the names resolve to), then the
 * implied rule: allow all egress.
 */
import type { Protocol } from '../../simulator/core/model.js';
import { cidrContainsIp, parseCidr, parseIp } from '../../simulator/net/ip.js';
import { blocks, ofType, single, strings } from './hcl.js';
import type { Hcl } from './hcl.js';

export interface CloudConnection {
  /** The source instance's roles and address. */
  roles: readonly string[];
  srcIp: string | null;
  ip: string;
  proto: Protocol;
  port?: number;
  host?: string;
  /** Roles of the destination instance, when the address is one governed by the export. */
  dstRoles: readonly string[] | null;
}

function inCidr(cidr: string, ip: string): boolean {
  const c = parseCidr(cidr);
  const a = parseIp(ip);
  return c !== null && a !== null && cidrContainsIp(c.cidr, a);
}

const isV6 = (ip: string) => parseIp(ip)?.family === 6;

// ---------------------------------------------------------------------------------------
// AWS
// ---------------------------------------------------------------------------------------

function sgEgressMatches(e: Hcl, c: CloudConnection): boolean {
  const cidrs = isV6(c.ip) ? strings(e.ipv6_cidr_blocks) : strings(e.cidr_blocks);
  if (!cidrs.some((x) => inCidr(x, c.ip))) return false;
  switch (e.protocol) {
    case '-1':
      return true;
    case 'icmp':
      return c.proto === 'icmp' && !isV6(c.ip);
    case 'icmpv6':
      return c.proto === 'icmp' && isV6(c.ip);
    case 'tcp':
    case 'udp':
      return (
        c.proto === e.protocol &&
        (e.from_port as number) <= c.port! &&
        c.port! <= (e.to_port as number)
      );
    default:
      throw new Error(`unknown security group protocol ${String(e.protocol)}`);
  }
}

function groupsOf(doc: Hcl, roles: readonly string[]): string[] {
  const names = new Set(ofType(doc, 'aws_security_group').map((g) => g.name));
  const wanted = roles.length === 0 ? ['unlabelled'] : roles.map((r) => `role_${r}`);
  return wanted.filter((g) => names.has(g));
}

function domainListed(target: string, host: string): boolean {
  const h = host.toLowerCase();
  return target.startsWith('.') ? h.endsWith(target) || h === target.slice(1) : h === target;
}

export function awsAllows(doc: Hcl, c: CloudConnection, internalCidrs: readonly string[]): boolean {
  const groups = groupsOf(doc, c.roles);
  // An instance without any of these groups keeps the VPC default group: all egress.
  if (groups.length > 0) {
    const egress = ofType(doc, 'aws_security_group')
      .filter((g) => groups.includes(g.name))
      .flatMap((g) => blocks(g.body, 'egress'));
    if (!egress.some((e) => sgEgressMatches(e, c))) return false;
  }
  if (c.dstRoles !== null) {
    const receivers = groupsOf(doc, c.dstRoles);
    if (receivers.length > 0) {
      const ref = (g: string) => `\${aws_security_group.${g}.id}`;
      const admitted = ofType(doc, 'aws_vpc_security_group_ingress_rule').some(
        (r) =>
          receivers.some((g) => r.body.security_group_id === ref(g)) &&
          groups.some((g) => r.body.referenced_security_group_id === ref(g)) &&
          r.body.ip_protocol === '-1',
      );
      if (!admitted) return false;
    }
  }
  const leaves = !internalCidrs.some((x) => inCidr(x, c.ip));
  if (c.proto !== 'tcp' || c.host === undefined || !leaves || c.srcIp === null) return true;
  const lists = ofType(doc, 'aws_networkfirewall_rule_group').map((r) => {
    const group = single(r.body, 'rule_group');
    const home = blocks(group, 'rule_variables')
      .flatMap((v) => blocks(v, 'ip_sets'))
      .filter((s) => s.key === 'HOME_NET')
      .flatMap((s) => strings(single(s, 'ip_set').definition));
    const list = single(single(group, 'rules_source'), 'rules_source_list');
    // Without a HOME_NET variable, Network Firewall uses the VPC: every internal source.
    const applies = home.length === 0 ? true : home.some((x) => inCidr(x, c.srcIp!));
    return { applies, targets: strings(list.targets) };
  });
  const mine = lists.filter((l) => l.applies);
  return mine.length === 0 || mine.some((l) => l.targets.some((t) => domainListed(t, c.host!)));
}

// ---------------------------------------------------------------------------------------
// GCP
// ---------------------------------------------------------------------------------------

function gcpProtocolMatches(protocol: string, ports: string[], c: CloudConnection): boolean {
  if (protocol === 'all') return true;
  if (protocol === 'icmp') return c.proto === 'icmp' && !isV6(c.ip);
  if (protocol === '58' || protocol === 'ipv6-icmp') return c.proto === 'icmp' && isV6(c.ip);
  if (protocol !== c.proto) return false;
  if (ports.length === 0) return true;
  return ports.some((p) => {
    const [lo, hi] = p.split('-').map(Number) as [number, number | undefined];
    return lo <= c.port! && c.port! <= (hi ?? lo);
  });
}

interface Decision {
  priority: number;
  allow: boolean;
}

/** Lowest priority number first; at equal priority a deny wins. */
function decide(matches: Decision[]): Decision | null {
  return (
    [...matches].sort((a, b) => a.priority - b.priority || Number(a.allow) - Number(b.allow))[0] ??
    null
  );
}

/** `resolve(name)` gives the CIDRs a name resolves to. */
export function gcpAllows(
  doc: Hcl,
  c: CloudConnection,
  resolve: (name: string) => string[],
): boolean {
  const vpc: Decision[] = [];
  for (const { body } of ofType(doc, 'google_compute_firewall')) {
    if (body.direction !== 'EGRESS') continue;
    const tags = body.target_tags === undefined ? null : strings(body.target_tags);
    if (tags !== null && !c.roles.some((r) => tags.includes(r))) continue;
    if (!strings(body.destination_ranges).some((x) => inCidr(x, c.ip))) continue;
    for (const action of ['allow', 'deny'] as const) {
      const hit = blocks(body, action).some((b) =>
        gcpProtocolMatches(String(b.protocol), strings(b.ports), c),
      );
      if (hit) vpc.push({ priority: body.priority as number, allow: action === 'allow' });
    }
  }
  const first = decide(vpc);
  if (first !== null) return first.allow;

  const tagRole = new Map(
    ofType(doc, 'google_tags_tag_value').map((r) => [
      `\${google_tags_tag_value.${r.name}.id}`,
      String(r.body.short_name),
    ]),
  );
  const firewallPolicy: Decision[] = [];
  const attached = ofType(doc, 'google_compute_network_firewall_policy_association').length > 0;
  for (const { body } of attached
    ? ofType(doc, 'google_compute_network_firewall_policy_rule')
    : []) {
    if (body.direction !== 'EGRESS') continue;
    const targets = blocks(body, 'target_secure_tags').map((t) => tagRole.get(String(t.name)));
    if (targets.length > 0 && !c.roles.some((r) => targets.includes(r))) continue;
    const match = single(body, 'match');
    const ranges = [
      ...strings(match.dest_ip_ranges),
      ...strings(match.dest_fqdns).flatMap((name) => resolve(name)),
    ];
    if (!ranges.some((x) => inCidr(x, c.ip))) continue;
    const l4 = blocks(match, 'layer4_configs');
    if (!l4.some((b) => gcpProtocolMatches(String(b.ip_protocol), strings(b.ports), c))) continue;
    firewallPolicy.push({ priority: body.priority as number, allow: body.action === 'allow' });
  }
  const second = decide(firewallPolicy);
  // The implied egress rule of every VPC network: allow.
  return second === null ? true : second.allow;
}
