/**
 * The policy as a forward proxy (Squid) can enforce it: ACLs and `http_access` lines in rule
 * order, and the fidelity of each rule. squid.ts prints the plan.
 *
 * What Squid sees of a connection: the client address, the request method (`CONNECT` for a
 * tunnel), the host as the client wrote it, the port, the URL path of plain-HTTP requests,
 * and the addresses its DNS gives for the host. A request is mapped onto a flow as
 * `{src: client, host (unless an IP literal), ip: the address Squid resolves, proto: tcp,
 * port, method, path}` and the plan matches exactly those flows as docs/language.md does:
 *
 * - Sources: the exact address regions of `role:`/`node:`/`zone:` (topology-regions.ts).
 * - Domains: `dstdomain -n` (exact name, no reverse lookup of IP literals). Wildcards use an
 *   anchored `dstdom_regex` (`\.example\.com$`) because Squid's `.example.com` also matches
 *   the apex, which `*.example.com` must not.
 * - `node:`/`role:`/`zone:` destinations: the hosts their nodes list (a listed host belongs
 *   to the first node listing it, whatever its address), else — for a host no node lists, or
 *   an IP literal — the address regions of the nodes, and for a zone its CIDRs.
 * - Ports via `port`, methods via `method`, paths via anchored `urlpath_regex`.
 * - UDP and ICMP are not proxied: such rules are unsupported here (use nftables/iptables).
 * - An HTTPS request is a CONNECT tunnel: Squid sees host and port, not the method and path
 *   inside. A rule with methods or paths that admits port 443 also gets a CONNECT line on
 *   port 443, so that an allow still works over HTTPS (widened) and a deny still blocks it
 *   (narrowed, fails closed).
 * - The first matching `http_access` line decides, as the first matching rule does; a rule
 *   that needs several alternatives gets consecutive lines with the same action.
 */
import type { Action, PolicyModel, Rule, Topology } from '../core/model.js';
import { AddressSet } from './model/address-set.js';
import {
  broadeningEffect,
  fidelityEntry,
  omissionEffect,
  type FidelityNote,
} from './model/fidelity.js';
import { NeverMatches, neverMatchingEntry } from './model/never-matches.js';
import { findProxyNode, proxyListenPort } from './model/proxy-node.js';
import { ruleCommentLines } from './model/rule-comments.js';
import { admitsTcpPort, groupServices, portRangeText } from './model/service-groups.js';
import { TopologyRegions, type TopologyItem } from './model/topology-regions.js';
import { auditFidelity, type ExportMode } from './export-mode.js';
import type { FidelityEntry } from './types.js';

export interface SquidAcl {
  name: string;
  /** `src`, `dst`, `dstdomain -n`, `dstdom_regex -n -i`, `port`, `method`, … */
  type: string;
  values: string[];
}

export interface SquidAccessLine {
  action: Action;
  /** ACL names, `!name` for a negation; all must match. */
  acls: string[];
}

export interface SquidBlock {
  /** Rule id, `inbound` or `default`. */
  id: string;
  comment: string[];
  lines: SquidAccessLine[];
}

export interface SquidPlan {
  port: number;
  /**
   * `audit`: every `http_access` line allows; each decision's mark records the would-be
   * verdict (`egress_verdict`), which the access log shows beside the rule.
   */
  mode: ExportMode;
  acls: SquidAcl[];
  blocks: SquidBlock[];
  fidelity: FidelityEntry[];
}

export const INTERNAL_ACL = 'egress_internal';
export const LISTED_HOSTS_ACL = 'egress_listed_hosts';
export const CONNECT_ACL = 'egress_connect';
export const HTTPS_PORT_ACL = 'egress_https_port';
export const LOGGED_ACL = 'egress_logged';
/** Audit mode: the requests the policy would deny (their own log). */
export const WOULD_DENY_ACL = 'egress_would_deny';
const HTTPS_PORT = 443;

/** Escapes a string for a POSIX extended regular expression. */
export function regexEscape(text: string): string {
  return text.replace(/[.[\]{}()\\*+?^$|]/g, '\\$&');
}

export function wildcardRegex(suffix: string): string {
  return `\\.${regexEscape(suffix)}$`;
}

export function pathRegex(path: string, prefix: boolean): string {
  return `^${regexEscape(path)}${prefix ? '' : '$'}`;
}

/** The ACL that names the deciding rule in the transaction (and, in audit mode, its verdict). */
function markAcl(name: string, id: string, log: boolean, audit: Action | null): SquidAcl {
  return {
    name,
    type: 'annotate_transaction',
    values: [
      `egress_rule=${id}`,
      ...(log ? ['egress_log=1'] : []),
      ...(audit ? [`egress_verdict=${audit}`] : []),
    ],
  };
}

function addressValues(set: AddressSet): string[] {
  return [...set.texts(4), ...set.texts(6)];
}

/** The destination of one rule as Squid alternatives (any one of them matching suffices). */
interface DestinationAlternatives {
  any: boolean;
  names: string[];
  wildcards: string[];
  addresses: AddressSet;
  /** Addresses that match only for hosts no node lists (and IP literals). */
  unlistedAddresses: AddressSet;
}

class SquidPlanner {
  readonly acls: SquidAcl[] = [];
  usesListedHosts = false;
  usesConnect = false;

  constructor(
    private readonly regions: TopologyRegions,
    private readonly mode: ExportMode,
  ) {}

  private action(action: Action): Action {
    return this.mode === 'audit' ? 'allow' : action;
  }

  private destinations(rule: Rule): DestinationAlternatives {
    const alt: DestinationAlternatives = {
      any: false,
      names: [],
      wildcards: [],
      addresses: AddressSet.EMPTY,
      unlistedAddresses: AddressSet.EMPTY,
    };
    const listed = this.regions.listedHosts();
    for (const item of rule.to) {
      switch (item.kind) {
        case 'any':
          alt.any = true;
          break;
        case 'domain':
          alt.names.push(item.domain);
          break;
        case 'wildcard':
          alt.wildcards.push(wildcardRegex(item.suffix));
          break;
        case 'cidr':
          alt.addresses = alt.addresses.union(AddressSet.fromTexts([item.cidr]));
          break;
        default: {
          const topologyItem: TopologyItem = item;
          const nodes = this.regions.designatedNodes(topologyItem);
          const ids = new Set(nodes.map((n) => n.id));
          for (const { host, node } of listed) if (ids.has(node.id)) alt.names.push(host);
          for (const id of ids) {
            alt.unlistedAddresses = alt.unlistedAddresses.union(
              this.regions.destinationRegion({ kind: 'node', name: id }),
            );
          }
          if (item.kind === 'zone') {
            alt.addresses = alt.addresses.union(this.regions.zoneCidrSet(item.name));
          }
        }
      }
    }
    // Addresses that match for any host need no second, host-dependent line.
    alt.unlistedAddresses = alt.unlistedAddresses.minus(alt.addresses);
    alt.names = [...new Set(alt.names)];
    alt.wildcards = [...new Set(alt.wildcards)];
    return alt;
  }

  plan(rule: Rule): { block: SquidBlock; fidelity: FidelityEntry } {
    const notes: FidelityNote[] = [];
    // The rule's ACLs join the config only if the rule does (an unused ACL is noise).
    const ruleAcls: SquidAcl[] = [];
    const acl = (name: string, type: string, values: string[]): string => {
      ruleAcls.push({ name, type, values });
      return name;
    };
    const prefix = `rule_${rule.id}`;
    const conditions: string[] = [];
    let emitted = true;

    // Source.
    const { set: sources, unrecognised } = this.regions.sourceAddresses(rule.from);
    if (unrecognised.length > 0) {
      notes.push({
        effect: omissionEffect(rule.action),
        text: `${unrecognised.join(', ')}: no addresses in the topology, so the proxy cannot recognise their requests; add their addresses to the topology`,
      });
    }
    if (sources !== null) {
      if (sources.isEmpty()) emitted = false;
      else if (!(sources.isFull(4) && sources.isFull(6))) {
        conditions.push(acl(`${prefix}_src`, 'src', addressValues(sources)));
      }
    }

    // Services: Squid carries TCP only.
    const groups = groupServices(rule.services);
    const nonTcp: string[] = [];
    if (!groups.any) {
      if (groups.udp !== null) nonTcp.push('udp');
      if (groups.icmp) nonTcp.push('icmp');
    }
    if (nonTcp.length > 0) {
      const what = nonTcp.join(' and ');
      const tcpPart = groups.any || groups.tcp !== null;
      notes.push({
        effect: tcpPart ? omissionEffect(rule.action) : 'unsupported',
        text: `${what} traffic is not proxied: enforce ${tcpPart ? 'that part' : 'this rule'} with the nftables or iptables target`,
      });
      if (!tcpPart) emitted = false;
    }
    if (!groups.any && Array.isArray(groups.tcp)) {
      conditions.push(
        acl(
          `${prefix}_ports`,
          'port',
          groups.tcp.map((r) => portRangeText(r, '-')),
        ),
      );
    }
    const tunnelConditions = [...conditions];
    if (rule.methods !== null) conditions.push(acl(`${prefix}_methods`, 'method', rule.methods));
    if (rule.paths !== null) {
      const regexes = [...new Set(rule.paths.map((p) => pathRegex(p.path, p.prefix)))];
      conditions.push(acl(`${prefix}_paths`, 'urlpath_regex', regexes));
    }

    // Destination alternatives.
    const dst = this.destinations(rule);
    const alternatives: string[][] = [];
    let needsListedHosts = false;
    if (dst.any) alternatives.push([]);
    else {
      if (dst.names.length > 0)
        alternatives.push([acl(`${prefix}_names`, 'dstdomain -n', dst.names)]);
      if (dst.wildcards.length > 0) {
        alternatives.push([acl(`${prefix}_wildcards`, 'dstdom_regex -n -i', dst.wildcards)]);
      }
      if (!dst.addresses.isEmpty()) {
        alternatives.push([acl(`${prefix}_dst`, 'dst', addressValues(dst.addresses))]);
      }
      if (!dst.unlistedAddresses.isEmpty()) {
        const listed = this.regions.listedHosts().length > 0;
        if (listed) needsListedHosts = true;
        const nodeDst = acl(`${prefix}_node_dst`, 'dst', addressValues(dst.unlistedAddresses));
        alternatives.push(listed ? [`!${LISTED_HOSTS_ACL}`, nodeDst] : [nodeDst]);
      }
    }
    if (alternatives.length === 0) emitted = false;

    // HTTPS: a tunnel hides the method and path.
    const needsTunnelLine =
      emitted &&
      (rule.paths !== null || (rule.methods !== null && !rule.methods.includes('CONNECT'))) &&
      admitsTcpPort(groups, HTTPS_PORT);
    if (needsTunnelLine) {
      this.usesConnect = true;
      notes.push({
        effect: broadeningEffect(rule.action),
        text:
          rule.action === 'allow'
            ? 'HTTPS is a CONNECT tunnel: the proxy sees host and port, not the method and path, so it allows the tunnel on port 443 whatever is sent inside; enforce methods and paths with TLS interception (ssl_bump) or at the service'
            : 'HTTPS is a CONNECT tunnel: the proxy sees host and port, not the method and path, so it denies the tunnel on port 443 whatever would be sent inside (fails closed)',
      });
    }

    const mark = `${prefix}_mark`;
    const lines: SquidAccessLine[] = [];
    if (emitted) {
      const audit = this.mode === 'audit' ? rule.action : null;
      this.acls.push(...ruleAcls, markAcl(mark, rule.id, rule.log, audit));
      if (needsListedHosts) this.usesListedHosts = true;
      for (const alt of alternatives) {
        lines.push({ action: this.action(rule.action), acls: [...conditions, ...alt, mark] });
      }
      if (needsTunnelLine) {
        for (const alt of alternatives) {
          lines.push({
            action: this.action(rule.action),
            acls: [...tunnelConditions, HTTPS_PORT_ACL, CONNECT_ACL, ...alt, mark],
          });
        }
      }
    }
    const fidelity = fidelityEntry(rule.id, rule.action, notes, emitted);
    const comment = ruleCommentLines(rule, fidelity);
    if (!emitted) {
      comment.push(
        notes.length === 0
          ? '  not in this configuration: the rule matches no request the proxy can see'
          : '  not in this configuration (see fidelity)',
      );
    }
    return { block: { id: rule.id, comment, lines }, fidelity };
  }
}

export function planSquid(
  policy: PolicyModel,
  topology: Topology | undefined,
  mode: ExportMode = 'enforce',
): SquidPlan {
  const regions = new TopologyRegions(topology);
  const planner = new SquidPlanner(regions, mode);
  const audit = mode === 'audit';
  const wouldBe = (action: Action): Action | null => (audit ? action : null);
  const decide = (action: Action): Action => (audit ? 'allow' : action);
  const dead = new NeverMatches(regions);
  const planned = policy.rules.map((r) => {
    const why = dead.reason(r);
    if (why === null) return planner.plan(r);
    const fidelity = neverMatchingEntry(r.id, why);
    const comment = [
      ...ruleCommentLines(r, fidelity),
      `  not in this configuration: it ${fidelity.reason!}`,
    ];
    return { block: { id: r.id, comment, lines: [] }, fidelity };
  });
  const acls: SquidAcl[] = [];
  const blocks: SquidBlock[] = [];

  if (regions.hasGuard) {
    const internal = regions.internalSources();
    const full = internal.isFull(4) && internal.isFull(6);
    if (!full) {
      acls.push(markAcl('egress_inbound_mark', 'inbound', policy.default.log, wouldBe('deny')));
      const lines: SquidAccessLine[] = internal.isEmpty()
        ? [{ action: decide('deny'), acls: ['all', 'egress_inbound_mark'] }]
        : [{ action: decide('deny'), acls: [`!${INTERNAL_ACL}`, 'egress_inbound_mark'] }];
      if (!internal.isEmpty())
        acls.push({ name: INTERNAL_ACL, type: 'src', values: addressValues(internal) });
      blocks.push({
        id: 'inbound',
        comment: ['inbound guard: a source outside the internal zones may not use the proxy'],
        lines,
      });
    }
  }
  if (planner.usesListedHosts) {
    acls.push({
      name: LISTED_HOSTS_ACL,
      type: 'dstdomain -n',
      values: regions.listedHosts().map((h) => h.host),
    });
  }
  if (planner.usesConnect) {
    acls.push({ name: CONNECT_ACL, type: 'method', values: ['CONNECT'] });
    acls.push({ name: HTTPS_PORT_ACL, type: 'port', values: [String(HTTPS_PORT)] });
  }
  acls.push(...planner.acls);
  blocks.push(...planned.map((p) => p.block));
  acls.push(
    markAcl('egress_default_mark', 'default', policy.default.log, wouldBe(policy.default.action)),
  );
  blocks.push({
    id: 'default',
    comment: [`default ${policy.default.action}${policy.default.log ? ' (log)' : ''}`],
    lines: [{ action: decide(policy.default.action), acls: ['all', 'egress_default_mark'] }],
  });
  acls.push({ name: LOGGED_ACL, type: 'note', values: ['egress_log', '1'] });
  if (audit) acls.push({ name: WOULD_DENY_ACL, type: 'note', values: ['egress_verdict', 'deny'] });
  const fidelity: FidelityEntry[] = [
    ...planned.map((p) => p.fidelity),
    { rule: 'default', fidelity: 'exact' },
  ];
  return {
    port: proxyListenPort(findProxyNode(topology)),
    mode,
    acls,
    blocks,
    fidelity: audit ? auditFidelity(fidelity, policy) : fidelity,
  };
}
