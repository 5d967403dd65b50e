/**
 * Name rules on GCP (terraform-gcp.ts): the network firewall policy lists FQDNs, takes no
 * wildcards, and matches every connection to the addresses the names resolve to. What that
 * does to the policy's first-match semantics is reported here, rule by rule.
 */
import type { Rule } from '../core/model.js';
import type { NamePattern } from './address-book.js';
import { cidrTextSet, isEmpty, overlaps, toCidrTexts, unionAll } from './model/ip-set.js';
import type { FidelityBook } from './model/fidelity.js';
import type { PlanContext } from './role-plan.js';
import { groupApplicability } from './source-groups.js';
import type { SourceGroup } from './source-groups.js';
import type { Targeting } from './terraform-gcp-targets.js';

/**
 * True when two rules can decide the same connection: they cover a common cell of the flow
 * space and apply to a common source group.
 */
export function meet(ctx: PlanContext, groups: readonly SourceGroup[], a: Rule, b: Rule): boolean {
  const shareCells = ctx.space.coverage[a.index]!.some(
    (v, c) => v === 1 && ctx.space.coverage[b.index]![c] === 1,
  );
  return (
    shareCells &&
    groups.some(
      (g) =>
        groupApplicability(a, g, ctx.book) !== 'none' &&
        groupApplicability(b, g, ctx.book) !== 'none',
    )
  );
}

export function names(ctx: PlanContext, rule: Rule): NamePattern[] {
  return rule.to.flatMap((item) => ctx.book.resolveDestination(item).names);
}

/** A wildcard's names as GCP can list them: hosts of topology nodes under the suffix. */
export function listedNames(
  ctx: PlanContext,
  patterns: readonly NamePattern[],
): { fqdns: string[]; dropped: string[]; underWildcards: string[] } {
  const fqdns = new Set<string>();
  const under = new Set<string>();
  const dropped: string[] = [];
  for (const p of patterns) {
    if (!p.wildcard) {
      fqdns.add(p.name);
      continue;
    }
    dropped.push(`*.${p.name}`);
    for (const n of ctx.book.nodes) {
      for (const h of n.hosts) {
        if (!h.endsWith(`.${p.name}`)) continue;
        fqdns.add(h);
        under.add(h);
      }
    }
  }
  return { fqdns: [...fqdns].sort(), dropped, underWildcards: [...under].sort() };
}

/**
 * A name rule that decides connections the policy leaves to later rules: later rules of the
 * other action on the same services, and the default, lose them.
 */
export function reportOverreach(
  ctx: PlanContext,
  rule: Rule,
  note: string,
  fidelity: FidelityBook,
): void {
  const kind = rule.action === 'allow' ? 'widened' : 'narrowed';
  for (const later of ctx.policy.rules.slice(rule.index + 1)) {
    const shareCells = ctx.space.coverage[rule.index]!.some(
      (v, c) => v === 1 && ctx.space.coverage[later.index]![c] === 1,
    );
    if (later.action !== rule.action && shareCells) fidelity.add(later.id, kind, note);
  }
  if (ctx.policy.default.action !== rule.action) fidelity.add('default', kind, note);
}

/**
 * An FQDN rule matches every connection to the addresses its names resolve to, named or not:
 * connections the policy leaves to the default or to a later name rule of the other action
 * are decided by this rule instead (in the topology's DNS, the addresses of the first node
 * listing each name).
 */
export function reportAddressMatching(
  ctx: PlanContext,
  rule: Rule,
  fqdns: readonly string[],
  nameRules: readonly Rule[],
  groups: readonly SourceGroup[],
  targets: readonly Targeting[],
  fidelity: FidelityBook,
): void {
  const resolvedOf = (names: readonly string[]) =>
    unionAll(
      names.flatMap((name) => {
        const owner = ctx.book.nodes.find((n) => n.hosts.includes(name));
        return owner === undefined ? [] : owner.addresses.map(cidrTextSet);
      }),
    );
  const resolved = resolvedOf(fqdns);
  if (isEmpty(resolved)) return;
  const where = toCidrTexts(resolved).slice(0, 3).join(', ');
  const verb = rule.action === 'allow' ? 'allows' : 'refuses';
  if (ctx.policy.default.action !== rule.action) {
    fidelity.add(
      'default',
      rule.action === 'allow' ? 'widened' : 'narrowed',
      `GCP matches ${rule.id}'s names on the addresses they resolve to, so ${rule.id} ${verb} connections to ${where} that name none of them`,
    );
  }
  // An allow left out for some instances of its roles reaches the policy there.
  for (const other of rule.action === 'deny' ? ctx.policy.rules : []) {
    if (other.action !== 'allow' || targets[other.index]!.note === null) continue;
    const shareCells = ctx.space.coverage[rule.index]!.some(
      (v, c) => v === 1 && ctx.space.coverage[other.index]![c] === 1,
    );
    if (shareCells && overlaps(resolved, ctx.addressDest[other.index]!)) {
      fidelity.add(
        other.id,
        'narrowed',
        `where GCP leaves ${other.id} out, ${rule.id}'s names resolve into ${where}, so ${rule.id} refuses those connections`,
      );
    }
  }
  for (const later of nameRules) {
    if (later.index <= rule.index || later.action === rule.action) continue;
    const laterResolved = resolvedOf(listedNames(ctx, names(ctx, later)).fqdns);
    if (overlaps(resolved, laterResolved) && meet(ctx, groups, rule, later)) {
      fidelity.add(
        later.id,
        later.action === 'allow' ? 'narrowed' : 'widened',
        `GCP matches the earlier rule ${rule.id}'s names on the addresses they resolve to, so it decides first for connections to ${where}`,
      );
    }
  }
}
