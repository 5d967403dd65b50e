/**
 * The topology as static DNS for targets that see addresses, not names (docs/exporters.md
 * "Domain rules on L3/L4 targets"): a domain resolves to the addresses of the first node
 * listing it, a wildcard to those of every listed host under its suffix.
 *
 * An allow never reaches an internal zone by name. A name the topology resolves into an
 * internal zone (an external node with an internal address, a misdrawn topology) would turn
 * "allow *.example.com" into lateral access to an internal host that the policy only lets
 * through by node, role or zone; so those addresses are left out of every allow, and the
 * rule's fidelity says so. A deny keeps them: refusing more fails closed.
 */
import type { Action, DestinationItem, Rule } from '../../core/model.js';
import { AddressSet } from './address-set.js';
import { nodeAddresses, type TopologyRegions } from './topology-regions.js';

/** A host pattern: an exact name, or every name under a suffix (`*.suffix`). */
export interface NamePattern {
  name: string;
  wildcard: boolean;
}

export interface NameAddresses {
  /** Listed hosts that contribute addresses, in the order found (may repeat). */
  hosts: string[];
  /** The patterns that contribute addresses, in rule order. */
  patterns: NamePattern[];
  /** The addresses the names resolve to, internal-zone addresses removed from an allow. */
  set: AddressSet;
  /** Patterns the topology does not resolve completely: every wildcard, unlisted domains. */
  unresolved: string[];
  /** Why addresses were left out of an allow (one text), or null. */
  internalNote: string | null;
}

export function patternText(p: NamePattern): string {
  return p.wildcard ? `*.${p.name}` : p.name;
}

/** The name patterns of a rule's `to` items (domains and wildcards only). */
export function namePatterns(items: readonly DestinationItem[]): NamePattern[] {
  const out: NamePattern[] = [];
  for (const item of items) {
    if (item.kind === 'domain') out.push({ name: item.domain, wildcard: false });
    if (item.kind === 'wildcard') out.push({ name: item.suffix, wildcard: true });
  }
  return out;
}

const REACH_INTERNAL =
  'reach internal hosts with node:, role: or zone:, and fix the node whose address lies in an internal zone';

function intoInternalText(hosts: readonly string[], addresses: AddressSet): string {
  const unique = [...new Set(hosts)];
  return (
    `${listNames(unique)} resolve${unique.length === 1 ? 's' : ''} into an internal zone in the ` +
    `topology (${listNames([...addresses.texts(4), ...addresses.texts(6)])})`
  );
}

/**
 * For a target that resolves an allow's names itself, at run time (toFQDNs, FQDN objects): a
 * widening to report when the topology resolves them into an internal zone, or null.
 */
export function runtimeInternalNote(
  regions: TopologyRegions,
  rule: Rule,
  target: string,
): string | null {
  if (rule.action !== 'allow') return null;
  const internal = regions.internalZoneAddresses();
  if (internal.isEmpty()) return null;
  const hosts: string[] = [];
  let inside = AddressSet.EMPTY;
  const everything = resolveNames(regions, namePatterns(rule.to), 'deny');
  for (const host of everything.hosts) {
    const node = regions.nodeOfHost(host);
    const here = node ? nodeAddresses(node).intersect(internal) : AddressSet.EMPTY;
    if (here.isEmpty()) continue;
    hosts.push(host);
    inside = inside.union(here);
  }
  if (hosts.length === 0) return null;
  return (
    `${intoInternalText(hosts, inside)}, and ${target} resolves names at run time, so it lets ` +
    `this rule reach those internal addresses; ${REACH_INTERNAL}`
  );
}

function listNames(names: readonly string[]): string {
  return names.length <= 4
    ? names.join(', ')
    : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
}

/** Resolves a rule's name patterns through the topology, for a rule of the given action. */
export function resolveNames(
  regions: TopologyRegions,
  patterns: readonly NamePattern[],
  action: Action,
): NameAddresses {
  const hosts: string[] = [];
  const unresolved: string[] = [];
  let set = AddressSet.EMPTY;
  const found: { host: string; addresses: AddressSet; pattern: NamePattern }[] = [];
  for (const p of patterns) {
    if (!p.wildcard) {
      const node = regions.nodeOfHost(p.name);
      const addresses = node ? nodeAddresses(node) : AddressSet.EMPTY;
      if (addresses.isEmpty()) unresolved.push(p.name);
      else found.push({ host: p.name, addresses, pattern: p });
      continue;
    }
    // A wildcard covers names nobody listed, so it is never fully resolved at export time.
    unresolved.push(patternText(p));
    for (const { host, node } of regions.listedHosts()) {
      if (!host.endsWith(`.${p.name}`)) continue;
      const addresses = nodeAddresses(node);
      if (!addresses.isEmpty()) found.push({ host, addresses, pattern: p });
    }
  }
  const internal = action === 'allow' ? regions.internalZoneAddresses() : AddressSet.EMPTY;
  const intoInternal: string[] = [];
  let left = AddressSet.EMPTY;
  const contributing = new Set<NamePattern>();
  for (const { host, addresses, pattern } of found) {
    const inside = addresses.intersect(internal);
    if (!inside.isEmpty()) {
      intoInternal.push(host);
      left = left.union(inside);
    }
    const outside = addresses.minus(internal);
    if (outside.isEmpty()) {
      if (!pattern.wildcard) unresolved.push(host);
      continue;
    }
    contributing.add(pattern);
    hosts.push(host);
    set = set.union(outside);
  }
  const internalNote =
    intoInternal.length === 0
      ? null
      : `${intoInternalText(intoInternal, left)}; ` +
        'an export never allows an internal address by name, so these are left out; ' +
        REACH_INTERNAL;
  return {
    hosts,
    patterns: patterns.filter((p) => contributing.has(p)),
    set,
    unresolved,
    internalNote,
  };
}
