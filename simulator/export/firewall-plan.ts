/**
 * The policy as an address firewall can enforce it: what nftables and iptables both render.
 *
 * A packet filter sees source and destination addresses, the protocol and the port. This
 * module decides, once for both firewalls, which addresses each rule side covers, what is
 * lost on the way, and the fidelity that follows (docs/exporters.md):
 *
 * - Sources: `role:`/`node:`/`zone:` become the exact address regions the engine resolves to
 *   them (topology-regions.ts). A designated node without addresses cannot be recognised: that
 *   part is missing (an allow narrows, a deny widens).
 * - Destinations: CIDRs are exact; `role:`/`node:`/`zone:` are exact for flows identified by
 *   address, the topology being the model's static DNS. A domain (or wildcard) whose host a
 *   topology node lists with addresses is compiled to those addresses, "resolved at export
 *   time" — an allow widens (every name on those addresses passes), a deny narrows. A name
 *   without static addresses is delegated to the topology's proxy node when there is one: at
 *   the rule's own place in the order, an allow then admits the rule's sources to the proxy
 *   (on the ports edges to the proxy use, else 3128) and lets the proxy connect out on the
 *   rule's TCP services, and the proxy enforces the names; a deny is left to the proxy. Without
 *   a proxy the name cannot be expressed and the reason points to the squid and cilium targets.
 * - HTTP methods and paths are invisible at L3: the rule is emitted without them, so an allow
 *   widens and a deny narrows (fails closed).
 * - Deny rules reject (a TCP reset, else ICMP administratively prohibited), so that internal
 *   clients fail fast; the inbound guard drops (nothing is answered to outside sources).
 */
import type { Action, PolicyModel, Rule, Topology } from '../core/model.js';
import type { IpFamily } from '../net/ip.js';
import { AddressSet } from './model/address-set.js';
import {
  broadeningEffect,
  fidelityEntry,
  omissionEffect,
  type FidelityNote,
} from './model/fidelity.js';
import { NeverMatches, neverMatchingEntry } from './model/never-matches.js';
import { namePatterns, resolveNames } from './model/name-addresses.js';
import { findProxyNode, type ProxyNode } from './model/proxy-node.js';
import { ruleCommentLines } from './model/rule-comments.js';
import { groupServices, type PortRange } from './model/service-groups.js';
import { nodeAddresses, TopologyRegions, type TopologyItem } from './model/topology-regions.js';
import { auditFidelity, type ExportMode } from './export-mode.js';
import type { ExporterOption, FidelityEntry } from './types.js';

export type L3Verdict = 'accept' | 'reject' | 'drop';

export type FirewallHook = 'forward' | 'output';

/** Where the firewall sits: both firewall exporters take it. */
export const HOOK_OPTION: ExporterOption<FirewallHook> = {
  name: 'hook',
  values: [
    { value: 'forward', label: 'Egress gateway' },
    { value: 'output', label: 'Host firewall' },
  ],
  default: 'forward',
  description:
    'forward (an egress gateway filters the traffic it routes) or output (a host firewall filters its own traffic)',
};

/** A named address set; renderers print it as a named set, or inline when it is one CIDR. */
export interface AddressSide {
  name: string;
  set: AddressSet;
}

export type ProtoMatch =
  { proto: 'any' } | { proto: 'tcp' | 'udp'; ports: PortRange[] | 'all' } | { proto: 'icmp' };

export interface L3Match {
  /** The address family the line applies to; `null` when it matches no address at all. */
  family: IpFamily | null;
  /** `null`: no source condition (within the family). */
  src: AddressSide | null;
  dst: AddressSide | null;
  proto: ProtoMatch;
}

export interface L3Rule {
  /** Policy rule id, or `default`. */
  id: string;
  /** 1-based position of a policy rule in the policy; null for the default. */
  position: number | null;
  verdict: L3Verdict;
  log: boolean;
  /** Comment lines (without markers) introducing the rule. */
  comment: string[];
  /** Alternatives: the rule matches a packet when any line matches. Empty: not emitted. */
  matches: L3Match[];
}

export interface InboundGuard {
  /** Sources the outbound-only guard lets through; every other source is dropped. */
  internal: AddressSide;
  log: boolean;
}

export interface FirewallPlan {
  hook: FirewallHook;
  /** `audit`: rules that would reject or drop log (`egress-audit:<rule>`) and accept instead. */
  mode: ExportMode;
  guard: InboundGuard | null;
  /** The policy rules in order, then the default. */
  rules: L3Rule[];
  fidelity: FidelityEntry[];
}

function verdictOf(action: Action): L3Verdict {
  return action === 'allow' ? 'accept' : 'reject';
}

function protoMatches(rule: Rule): ProtoMatch[] {
  const g = groupServices(rule.services);
  if (g.any) return [{ proto: 'any' }];
  const out: ProtoMatch[] = [];
  if (g.tcp !== null) out.push({ proto: 'tcp', ports: g.tcp });
  if (g.udp !== null) out.push({ proto: 'udp', ports: g.udp });
  if (g.icmp) out.push({ proto: 'icmp' });
  return out;
}

/** The set name a side gets: the policy set it was written as, else one of its own. */
function sideName(items: readonly { via: string[] }[], fallback: string): string {
  const first = items[0]?.via[0];
  if (first !== undefined && items.every((i) => i.via[0] === first)) return `set_${first}`;
  return fallback;
}

function listNames(names: readonly string[]): string {
  return names.length <= 4
    ? names.join(', ')
    : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
}

function addressLessNote(action: Action, nodes: readonly string[]): FidelityNote {
  return {
    effect: omissionEffect(action),
    text:
      `${nodes.length === 1 ? 'node' : 'nodes'} ${listNames(nodes)} ` +
      `${nodes.length === 1 ? 'has' : 'have'} no addresses in the topology, so the firewall ` +
      'cannot recognise their traffic; add their addresses to the topology',
  };
}

interface DestinationSide {
  side: AddressSide | null;
  /** True when part of the destination is left to the proxy. */
  delegated: boolean;
}

class RulePlanner {
  constructor(
    private readonly regions: TopologyRegions,
    /** The proxy node, when it has addresses the firewall can admit clients to. */
    private readonly proxy: ProxyNode | null,
    /** A proxy node without addresses (named in reasons). */
    private readonly unusableProxy: ProxyNode | null,
  ) {}

  private sourceSide(rule: Rule, notes: FidelityNote[]): AddressSide | null {
    const { set, unrecognised } = this.regions.sourceAddresses(rule.from);
    if (unrecognised.length > 0) notes.push(addressLessNote(rule.action, unrecognised));
    return set === null ? null : { name: sideName(rule.from, `rule_${rule.id}_src`), set };
  }

  private destinationSide(rule: Rule, notes: FidelityNote[]): DestinationSide {
    if (rule.to.some((i) => i.kind === 'any')) return { side: null, delegated: false };
    let set = AddressSet.EMPTY;
    const names = resolveNames(this.regions, namePatterns(rule.to), rule.action);
    const resolved = names.hosts;
    const resolvedSet = names.set;
    const unresolved: string[] = [...names.unresolved];
    if (names.internalNote !== null) {
      notes.push({ effect: omissionEffect(rule.action), text: names.internalNote });
    }
    for (const item of rule.to) {
      switch (item.kind) {
        case 'any':
          break;
        case 'cidr':
          set = set.union(AddressSet.fromTexts([item.cidr]));
          break;
        case 'domain':
        case 'wildcard':
          break;
        default: {
          const topologyItem: TopologyItem = item;
          set = set.union(this.regions.destinationRegion(topologyItem));
          // Nodes known only by name: their traffic is addressed to names, not addresses.
          for (const n of this.regions.designatedNodes(topologyItem)) {
            if (nodeAddresses(n).isEmpty() && n.hosts.length > 0) unresolved.push(...n.hosts);
          }
        }
      }
    }
    if (resolved.length > 0) {
      set = set.union(resolvedSet);
      const texts = [...resolvedSet.texts(4), ...resolvedSet.texts(6)];
      const effect =
        rule.action === 'allow'
          ? 'traffic to these addresses is allowed whatever name it is for'
          : 'traffic to these addresses is denied whatever name it is for';
      notes.push({
        effect: broadeningEffect(rule.action),
        text:
          `resolved at export time: ${listNames([...new Set(resolved)])} → ${listNames(texts)} ` +
          `from the topology (${effect}; the names at other addresses are not matched)`,
      });
    }
    const delegated =
      unresolved.length > 0 && this.unresolvedNote(rule, [...new Set(unresolved)], notes);
    return { side: { name: sideName(rule.to, `rule_${rule.id}_dst`), set }, delegated };
  }

  /** Notes names without static addresses; true when they are left to the proxy. */
  private unresolvedNote(rule: Rule, names: string[], notes: FidelityNote[]): boolean {
    if (this.proxy) {
      const how =
        rule.action === 'allow'
          ? `the firewall lets this rule's sources reach ${this.proxy.node.id} and ${this.proxy.node.id} connect out on the rule's TCP services`
          : 'the firewall leaves the deny to the proxy';
      notes.push({
        effect: 'delegates',
        text: `${listNames(names)}: no static address in the topology; enforced by the proxy ${this.proxy.node.id} (squid target): ${how}`,
      });
      return true;
    }
    const why = this.unusableProxy
      ? `the proxy node ${this.unusableProxy.node.id} has no addresses to admit clients to`
      : 'the topology has no static address for them and no proxy node';
    notes.push({
      effect: 'unsupported',
      text:
        `${listNames(names)}: a firewall sees addresses, not names, and ${why}; ` +
        'enforce names with the squid target (a proxy) or the cilium target (toFQDNs)',
    });
    return false;
  }

  /** Lines that send a delegated allow through the proxy: sources → proxy, proxy → out. */
  private proxyMatches(rule: Rule, src: AddressSide | null): L3Match[] {
    const proxy = this.proxy;
    if (!proxy || rule.action !== 'allow') return [];
    const g = groupServices(rule.services);
    const upstream: PortRange[] | 'all' | null = g.any ? 'all' : g.tcp;
    const addresses: AddressSide = { name: 'proxy', set: nodeAddresses(proxy.node) };
    const out: L3Match[] = [];
    for (const family of [4, 6] as const) {
      if (addresses.set.isEmpty(family)) continue;
      const proxyHere = { ...addresses, set: addresses.set.only(family) };
      if (src === null || !src.set.isEmpty(family)) {
        const s =
          src === null || src.set.isFull(family) ? null : { ...src, set: src.set.only(family) };
        out.push({ family, src: s, dst: proxyHere, proto: { proto: 'tcp', ports: proxy.ports } });
      }
      if (upstream !== null) {
        out.push({ family, src: proxyHere, dst: null, proto: { proto: 'tcp', ports: upstream } });
      }
    }
    return out;
  }

  plan(rule: Rule): { l3: L3Rule; fidelity: FidelityEntry } {
    const notes: FidelityNote[] = [];
    const src = this.sourceSide(rule, notes);
    const { side: dst, delegated } = this.destinationSide(rule, notes);
    const matches: L3Match[] = [];
    const protos = protoMatches(rule);
    if (src === null && dst === null) {
      for (const proto of protos) matches.push({ family: null, src: null, dst: null, proto });
    } else {
      for (const family of [4, 6] as const) {
        const s = src && src.set.isEmpty(family) ? undefined : src;
        const d = dst && dst.set.isEmpty(family) ? undefined : dst;
        if (s === undefined || d === undefined) continue;
        const restrict = (side: AddressSide | null): AddressSide | null =>
          side === null || side.set.isFull(family) ? null : { ...side, set: side.set.only(family) };
        for (const proto of protos) {
          matches.push({ family, src: restrict(s), dst: restrict(d), proto });
        }
      }
    }
    // HTTP conditions matter only for what the firewall itself decides, not for what it
    // hands to the proxy (which sees them).
    const direct = matches.length > 0;
    const viaProxy =
      delegated && (src === null || !src.set.isEmpty()) ? this.proxyMatches(rule, src) : [];
    matches.push(...viaProxy);
    const emitted = matches.length > 0;
    if (direct && (rule.methods !== null || rule.paths !== null)) {
      const what =
        rule.methods !== null && rule.paths !== null
          ? 'methods and paths'
          : rule.methods !== null
            ? 'methods'
            : 'paths';
      notes.push({
        effect: broadeningEffect(rule.action),
        text:
          rule.action === 'allow'
            ? `HTTP ${what} are invisible to a firewall: it allows this traffic whatever the ${what}; enforce them with the squid target`
            : `HTTP ${what} are invisible to a firewall: it denies this traffic whatever the ${what} (fails closed); enforce them with the squid target`,
      });
    }
    const fidelity = fidelityEntry(rule.id, rule.action, notes, emitted);
    const comment = ruleCommentLines(rule, fidelity);
    if (viaProxy.length > 0 && this.proxy) {
      comment.push(
        `  via the proxy ${this.proxy.node.id}: the last lines admit the sources to it and let it connect out`,
      );
    }
    if (!emitted) {
      comment.push(
        notes.length === 0
          ? '  not in this ruleset: the rule matches no traffic a firewall can see'
          : '  not in this ruleset (see fidelity)',
      );
    }
    return {
      l3: {
        id: rule.id,
        position: rule.index + 1,
        verdict: verdictOf(rule.action),
        log: rule.log,
        comment,
        matches,
      },
      fidelity,
    };
  }
}

/** A rule that never matches: nothing in the ruleset, and the comment says why. */
function neverMatchingL3(rule: Rule, why: string): { l3: L3Rule; fidelity: FidelityEntry } {
  const fidelity = neverMatchingEntry(rule.id, why);
  const comment = [
    ...ruleCommentLines(rule, fidelity),
    `  not in this ruleset: it ${fidelity.reason!}`,
  ];
  return {
    l3: {
      id: rule.id,
      position: rule.index + 1,
      verdict: verdictOf(rule.action),
      log: rule.log,
      comment,
      matches: [],
    },
    fidelity,
  };
}

export function planFirewall(
  policy: PolicyModel,
  topology: Topology | undefined,
  hook: FirewallHook,
  mode: ExportMode = 'enforce',
): FirewallPlan {
  const regions = new TopologyRegions(topology);
  const proxy = findProxyNode(topology);
  const usable = proxy !== null && !nodeAddresses(proxy.node).isEmpty();
  const planner = new RulePlanner(regions, usable ? proxy : null, usable ? null : proxy);
  const dead = new NeverMatches(regions);
  const planned = policy.rules.map((r) => {
    const why = dead.reason(r);
    return why === null ? planner.plan(r) : neverMatchingL3(r, why);
  });
  const rules: L3Rule[] = planned.map((p) => p.l3);
  rules.push({
    id: 'default',
    position: null,
    verdict: verdictOf(policy.default.action),
    log: policy.default.log,
    comment: [`default ${policy.default.action}${policy.default.log ? ' (log)' : ''}`],
    matches: [{ family: null, src: null, dst: null, proto: { proto: 'any' } }],
  });
  const guard: InboundGuard | null = regions.hasGuard
    ? {
        internal: { name: 'internal_sources', set: regions.internalSources() },
        log: policy.default.log,
      }
    : null;
  const fidelity: FidelityEntry[] = [
    ...planned.map((p) => p.fidelity),
    { rule: 'default', fidelity: 'exact' },
  ];
  return {
    hook,
    mode,
    guard,
    rules,
    fidelity: mode === 'audit' ? auditFidelity(fidelity, policy) : fidelity,
  };
}
