/**
 * Rules that can never match any flow (docs/exporters.md "Fidelity"): every source they
 * name is external, so the outbound-only guard decides first, or one of their clauses
 * matches nothing (a `to role:` no reachable node has). An exporter writes nothing for such
 * a rule, which enforces exactly what the rule does; `exportWithoutDeadRules` records why.
 *
 * The check is exact and cheap: a source is either an IP (the elementary intervals of
 * TopologyRegions say which are internal and which items match them), a node id (each node
 * once, resolved by the engine's reference resolver), or, without a topology, any other
 * name (matched by `any` and `node:NAME` alone).
 */
import type { DestinationItem, Flow, PolicyModel, Rule, SourceItem } from '../../core/model.js';
import { resolveReference, sourceItemMatches } from '../../engine/reference.js';
import type { ResolvedFlow } from '../../engine/resolve.js';
import type { ExportInput, ExportResult, FidelityEntry } from '../types.js';
import { AddressSet } from './address-set.js';
import { TopologyRegions } from './topology-regions.js';

/**
 * A set of possible flow sources: IPs, and node ids used as the source (each resolved). Any
 * other name is a valid source only without a topology, and then matched by `any` and
 * `node:NAME` alone.
 */
class Sources {
  private readonly roles = new Set<string>();
  private readonly ids = new Set<string>();
  private readonly zones = new Set<string>();

  constructor(
    private readonly regions: TopologyRegions,
    private readonly ips: AddressSet,
    private readonly named: readonly ResolvedFlow[],
  ) {
    for (const r of named) {
      if (r.source.name !== null) this.ids.add(r.source.name);
      if (r.source.zone !== null) this.zones.add(r.source.zone);
      for (const role of r.source.node?.roles ?? []) this.roles.add(role);
    }
  }

  /** True when some source of the set matches the item. */
  matches(item: SourceItem): boolean {
    const unnamed = this.regions.topology === undefined;
    switch (item.kind) {
      case 'any':
        return unnamed || !this.ips.isEmpty() || this.named.length > 0;
      case 'role':
        return this.roles.has(item.name) || this.viaIp(item);
      case 'node':
        return unnamed || this.ids.has(item.name) || this.viaIp(item);
      case 'zone':
        return this.zones.has(item.name) || this.viaIp(item);
      case 'cidr':
        return (
          !AddressSet.fromTexts([item.cidr]).intersect(this.ips).isEmpty() ||
          this.named.some((r) => sourceItemMatches(item, r))
        );
    }
  }

  private viaIp(item: Extract<SourceItem, { kind: 'role' | 'node' | 'zone' }>): boolean {
    return !this.regions.sourceRegion(item).intersect(this.ips).isEmpty();
  }
}

export class NeverMatches {
  /** Sources the outbound-only guard lets through, and all sources. */
  private readonly internal: Sources;
  private readonly all: Sources;
  /** Destination items that some flow's destination satisfies, by `kind:name`. */
  private readonly reachable = new Set<string>();

  constructor(regions: TopologyRegions) {
    const topology = regions.topology;
    const named = (topology?.nodes ?? []).map((n) =>
      resolveReference(topology, { src: n.id, proto: 'tcp', port: 1 } as Flow),
    );
    this.all = new Sources(regions, AddressSet.FULL, named);
    this.internal = new Sources(
      regions,
      regions.internalSources(),
      named.filter((r) => !r.source.external),
    );
    for (const node of topology?.nodes ?? []) {
      const byHost = node.hosts.some((h) => regions.nodeOfHost(h)?.id === node.id);
      const byIp = !regions.destinationRegion({ kind: 'node', name: node.id }).isEmpty();
      if (!byHost && !byIp) continue;
      this.reachable.add(`node:${node.id}`);
      this.reachable.add(`zone:${node.zone}`);
      for (const role of node.roles) this.reachable.add(`role:${role}`);
    }
    for (const zone of topology?.zones ?? []) {
      if (!regions.zoneCidrSet(zone.id).isEmpty()) this.reachable.add(`zone:${zone.id}`);
    }
  }

  /** Why the rule never matches, or null when some flow matches it. */
  reason(rule: Rule): string | null {
    if (!rule.to.some((item) => this.destinationPossible(item))) {
      return 'no destination satisfies its `to` clause';
    }
    if (rule.from.some((item) => this.internal.matches(item))) return null;
    return rule.from.some((item) => this.all.matches(item))
      ? 'every source it names is external, and the outbound-only guard denies those first'
      : 'no source satisfies its `from` clause';
  }

  private destinationPossible(item: DestinationItem): boolean {
    switch (item.kind) {
      case 'role':
      case 'node':
      case 'zone':
        return this.reachable.has(`${item.kind}:${item.name}`);
      default:
        return true;
    }
  }
}

/** How a never-matching rule's fidelity reason starts. */
export const NEVER_MATCHES = 'never matches';

/** The fidelity of a rule that never matches: exact, since writing nothing is what it does. */
export function neverMatchingEntry(rule: string, why: string): FidelityEntry {
  return { rule, fidelity: 'exact', reason: `${NEVER_MATCHES}: ${why}` };
}

/** Per rule id, why it never matches (only rules that never match). */
export function neverMatchingRules(
  policy: PolicyModel,
  regions: TopologyRegions,
): Map<string, string> {
  const check = new NeverMatches(regions);
  const out = new Map<string, string>();
  for (const rule of policy.rules) {
    const reason = check.reason(rule);
    if (reason !== null) out.set(rule.id, reason);
  }
  return out;
}

/**
 * Runs an export on the policy without its never-matching rules (renumbered, so that
 * per-rule tables stay dense), then gives those rules back their place in the fidelity list,
 * `exact` with the reason: writing nothing is exactly what such a rule does.
 */
export function exportWithoutDeadRules(
  input: ExportInput,
  run: (input: ExportInput) => ExportResult,
): ExportResult {
  const dead = neverMatchingRules(input.policy, new TopologyRegions(input.topology));
  if (dead.size === 0) return run(input);
  const live = input.policy.rules
    .filter((r) => !dead.has(r.id))
    .map((r, index) => ({ ...r, index }));
  const result = run({ ...input, policy: { ...input.policy, rules: live } });
  const byRule = new Map(result.fidelity.map((e) => [e.rule, e]));
  const fidelity: FidelityEntry[] = input.policy.rules.map((r) => {
    const why = dead.get(r.id);
    if (why !== undefined)
      return { rule: r.id, fidelity: 'exact', reason: `never matches: ${why}` };
    return byRule.get(r.id) ?? { rule: r.id, fidelity: 'exact' };
  });
  const ids = new Set(input.policy.rules.map((r) => r.id));
  const rest = result.fidelity.filter((e) => !ids.has(e.rule));
  return { ...result, fidelity: [...fidelity, ...rest] };
}
