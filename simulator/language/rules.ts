/** `allow|deny` statements → model rules: lists resolved and validated in their places. */
import type { DestinationItem, PathPattern, Rule, ServiceItem, SourceItem } from '../core/model.js';
import type { FlowClassClauses, ItemNode, RuleStatement } from './ast.js';
import type { CheckContext } from './check-context.js';
import { checkMethod, checkPathPattern } from './literals.js';
import { checkLiteral, checkSetName, INLINE, placeItem } from './places.js';
import type { Place, PlacedItem } from './places.js';
import { flatten } from './sets.js';
import type { SetResolver } from './sets.js';

/** The items of one list, set names expanded into their members (`via` starts with the set). */
export function checkList(
  ctx: CheckContext,
  sets: SetResolver,
  items: readonly ItemNode[],
  place: Place,
): PlacedItem[] {
  // Check everything first, then claim room for the substituted members before copying.
  const parts: Array<PlacedItem | PlacedItem[]> = [];
  let substituted = 0;
  for (const item of items) {
    if (item.shape === 'name') {
      const def = checkSetName(ctx, item, place);
      if (def === null) continue;
      const members = sets.membersThrough(def.statement);
      substituted += members.length;
      parts.push(members);
    } else {
      const value = checkLiteral(ctx, item, place);
      if (value !== null) parts.push(placeItem(value, INLINE, item.range));
    }
  }
  const first = items[0];
  return flatten(parts, first === undefined || ctx.claimExpansion(substituted, first.range));
}

function checkAll<T>(
  items: readonly ItemNode[] | null,
  check: (item: ItemNode) => T | null,
): T[] | null {
  if (items === null) return null;
  const out: T[] = [];
  for (const item of items) {
    const value = check(item);
    if (value !== null) out.push(value);
  }
  return out;
}

/**
 * The model rule of a statement. Every item is checked (so all its errors are reported);
 * the caller leaves the rule out of the model when any error was reported (`ctx.failed`).
 */
export function checkRule(
  ctx: CheckContext,
  sets: SetResolver,
  node: RuleStatement,
  index: number,
): Rule {
  return {
    id: node.id?.name ?? '',
    action: node.action,
    index,
    ...checkFlowClass(ctx, sets, node),
    log: node.log,
    description: node.description,
    range: node.range,
  };
}

/** The class of flows a rule or a quantified expectation describes, every item checked. */
export function checkFlowClass(
  ctx: CheckContext,
  sets: SetResolver,
  node: FlowClassClauses,
): Pick<Rule, 'from' | 'to' | 'services' | 'methods' | 'paths'> {
  const from = checkList(ctx, sets, node.from ?? [], 'from') as SourceItem[];
  const to = checkList(ctx, sets, node.to ?? [], 'to') as DestinationItem[];
  const services = node.on === null ? null : (checkList(ctx, sets, node.on, 'on') as ServiceItem[]);
  const methods = checkAll(node.methods, (m) => checkMethod(ctx, m.text, m.range));
  const paths = checkAll<PathPattern>(node.paths, (p) => checkPathPattern(ctx, p.text, p.range));
  return { from, to, services, methods, paths };
}
