/**
 * Name rules on GCP (terraform-gcp.ts): the network firewall policy lists FQDNs, takes no
 * wildcards, and matches every connection to the addresses the names resolve to. What that
 * does to the policy's first-match semantics is reported here, rule by rule.
 */
import type { Rule } from '../core/model.js';
import type { NamePattern } from './model/name-addresses.js';
import { cidrTextSet, isEmpty, overlaps, toCidrTexts, unionAll } from './model/ip-set.js';
import type { IpSet } from './model/ip-set.js';
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
  if (!shareCells(ctx, a, b)) return false;
  const touched = touchedGroups(ctx, groups);
  const x = touched[a.index]!;
  const y = touched[b.index]!;
  for (let w = 0; w < x.length; w++) if ((x[w]! & y[w]!) !== 0) return true;
  return false;
}

function shareCells(ctx: PlanContext, a: Rule, b: Rule): boolean {
  const x = ctx.space.coverage[a.index]!;
  const y = ctx.space.coverage[b.index]!;
  for (let c = 0; c < x.length; c++) if (x[c] === 1 && y[c] === 1) return true;
  return false;
}

// Per rule, a bit per group it applies to at all (pairs of rules are compared many times).
const touchedMemo = new WeakMap<readonly SourceGroup[], Uint32Array[]>();

function touchedGroups(ctx: PlanContext, groups: readonly SourceGroup[]): Uint32Array[] {
  let touched = touchedMemo.get(groups);
  if (touched === undefined) {
    const words = Math.ceil(groups.length / 32);
    touched = ctx.policy.rules.map((rule) => {
      const bits = new Uint32Array(words);
      groups.forEach((g, i) => {
        if (groupApplicability(rule, g, ctx.book) !== 'none') bits[i >> 5]! |= 1 << (i & 31);
      });
      return bits;
    });
    touchedMemo.set(groups, touched);
  }
  return touched;
}

/** Rules of one action, in policy order (later-rule scans skip the other action at once). */
const byActionMemo = new WeakMap<PlanContext, Record<'allow' | 'deny', Rule[]>>();

export function rulesOfAction(ctx: PlanContext, action: 'allow' | 'deny'): Rule[] {
  let memo = byActionMemo.get(ctx);
  if (memo === undefined) {
    memo = {
      allow: ctx.policy.rules.filter((r) => r.action === 'allow'),
      deny: ctx.policy.rules.filter((r) => r.action === 'deny'),
    };
    byActionMemo.set(ctx, memo);
  }
  return memo[action];
}

/** The rules of `action` after `rule`, in policy order. */
export function laterOfAction(ctx: PlanContext, rule: Rule, action: 'allow' | 'deny'): Rule[] {
  return after(rulesOfAction(ctx, action), rule);
}

const withAddressesMemo = new WeakMap<PlanContext, Record<'allow' | 'deny', Rule[]>>();

/** The rules of `action` after `rule` whose destinations include addresses, in policy order. */
export function laterWithAddresses(ctx: PlanContext, rule: Rule, action: 'allow' | 'deny'): Rule[] {
  let memo = withAddressesMemo.get(ctx);
  if (memo === undefined) {
    const some = (r: Rule) => !isEmpty(ctx.addressDest[r.index]!);
    memo = {
      allow: rulesOfAction(ctx, 'allow').filter(some),
      deny: rulesOfAction(ctx, 'deny').filter(some),
    };
    withAddressesMemo.set(ctx, memo);
  }
  return after(memo[action], rule);
}

/** The rules of a list in policy order that come after `rule`. */
function after(list: readonly Rule[], rule: Rule): Rule[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.index <= rule.index) lo = mid + 1;
    else hi = mid;
  }
  return list.slice(lo);
}

const other = (action: 'allow' | 'deny') => (action === 'allow' ? 'deny' : 'allow');

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
  for (const later of laterOfAction(ctx, rule, other(rule.action))) {
    if (shareCells(ctx, rule, later)) fidelity.add(later.id, kind, note);
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
  const resolved = resolvedOf(ctx, fqdns);
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
  for (const other of rule.action === 'deny' ? rulesOfAction(ctx, 'allow') : []) {
    if (targets[other.index]!.note === null) continue;
    if (shareCells(ctx, rule, other) && overlaps(resolved, ctx.addressDest[other.index]!)) {
      fidelity.add(
        other.id,
        'narrowed',
        `where GCP leaves ${other.id} out, ${rule.id}'s names resolve into ${where}, so ${rule.id} refuses those connections`,
      );
    }
  }
  for (const later of laterNameRules(ctx, nameRules, rule)) {
    const laterResolved = resolvedOfRule(ctx, later);
    if (overlaps(resolved, laterResolved) && meet(ctx, groups, rule, later)) {
      fidelity.add(
        later.id,
        later.action === 'allow' ? 'narrowed' : 'widened',
        `GCP matches the earlier rule ${rule.id}'s names on the addresses they resolve to, so it decides first for connections to ${where}`,
      );
    }
  }
}

/** The addresses names resolve to: those of the first node listing each (docs/language.md). */
function resolvedOf(ctx: PlanContext, fqdns: readonly string[]): IpSet {
  return unionAll(
    fqdns.flatMap((name) => {
      const owner = ctx.regions.nodeOfHost(name);
      return owner === null ? [] : owner.addresses.map(cidrTextSet);
    }),
  );
}

const resolvedMemo = new WeakMap<PlanContext, Map<number, IpSet>>();

function resolvedOfRule(ctx: PlanContext, rule: Rule): IpSet {
  let memo = resolvedMemo.get(ctx);
  if (memo === undefined) {
    memo = new Map();
    resolvedMemo.set(ctx, memo);
  }
  let set = memo.get(rule.index);
  if (set === undefined) {
    set = resolvedOf(ctx, listedNames(ctx, names(ctx, rule)).fqdns);
    memo.set(rule.index, set);
  }
  return set;
}

/** The name rules of the other action after `rule`, in policy order. */
const namedMemo = new WeakMap<readonly Rule[], ReadonlySet<Rule>>();

function laterNameRules(ctx: PlanContext, nameRules: readonly Rule[], rule: Rule): Rule[] {
  let named = namedMemo.get(nameRules);
  if (named === undefined) {
    named = new Set(nameRules);
    namedMemo.set(nameRules, named);
  }
  return laterOfAction(ctx, rule, other(rule.action)).filter((r) => named!.has(r));
}
