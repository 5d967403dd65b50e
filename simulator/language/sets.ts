/**
 * Named sets: members flattened through nested sets of the same kind, each member keeping
 * the chain of set names it came through (`via`). Each set is resolved once (memoised), so
 * its members' diagnostics are reported once however often it is used; a reference back to
 * a set still being resolved is a cycle, reported at that reference.
 */
import { LANGUAGE_DIAGNOSTICS as D } from '../diagnostics/catalog-language.js';
import type { ItemNode, SetStatement } from './ast.js';
import { MAX_SET_DEPTH } from './check-context.js';
import type { CheckContext } from './check-context.js';
import { checkLiteral, checkSetName, INLINE, placeItem, throughSet } from './places.js';
import type { PlacedItem } from './places.js';

interface Resolution {
  /** Still being resolved (on the stack) while false. */
  done: boolean;
  members: PlacedItem[];
  /**
   * The members as a list that names the set sees them: the set's name in front of each
   * `via`. Made on first use and shared by every list that names the set (model items are
   * never changed after checking).
   */
  through: PlacedItem[] | null;
  /** No error was reported in the set or the sets it includes. */
  clean: boolean;
  /** How many levels of sets it includes (0: literals only); bounds the `via` chains. */
  depth: number;
}

export class SetResolver {
  private readonly resolutions = new Map<SetStatement, Resolution>();
  private readonly stack: string[] = [];

  constructor(private readonly ctx: CheckContext) {}

  /** The set's flattened members, `via` relative to the set itself. */
  members(set: SetStatement): PlacedItem[] {
    return this.resolve(set).members;
  }

  /** The set's flattened members as a list naming it sees them (`via` starts with the set). */
  membersThrough(set: SetStatement): PlacedItem[] {
    const resolution = this.resolve(set);
    if (resolution.through === null) {
      const name = set.name?.name ?? '';
      resolution.through = resolution.members.map((m) => throughSet(m, name));
    }
    return resolution.through;
  }

  /** True when resolving the set reported no error (so an empty result is really empty). */
  isClean(set: SetStatement): boolean {
    return this.resolve(set).clean;
  }

  private resolve(set: SetStatement): Resolution {
    const known = this.resolutions.get(set);
    if (known !== undefined) return known;
    const resolution: Resolution = {
      done: false,
      members: [],
      through: null,
      clean: true,
      depth: 0,
    };
    this.resolutions.set(set, resolution);
    const ctx = this.ctx;
    const outerFailed = ctx.failed;
    ctx.failed = false;
    this.stack.push(set.name?.name ?? '');
    // First check every item and resolve the nested sets, then claim room for the
    // substituted members all at once (before copying anything), then copy in order.
    const parts: Array<PlacedItem | PlacedItem[]> = [];
    let substituted = 0;
    for (const item of set.items) {
      if (item.shape !== 'name') {
        const value = checkLiteral(ctx, item, set.kind);
        if (value !== null) parts.push(placeItem(value, INLINE, item.range));
        continue;
      }
      const def = this.nested(item, set);
      if (def === null) continue;
      const nested = this.resolve(def);
      resolution.depth = Math.max(resolution.depth, nested.depth + 1);
      if (!nested.clean) ctx.failed = true;
      substituted += nested.members.length;
      parts.push(this.membersThrough(def));
    }
    const room = ctx.claimExpansion(substituted, set.name?.range ?? set.range);
    resolution.members = flatten(parts, room);
    this.stack.pop();
    resolution.done = true;
    resolution.clean = !ctx.failed && !set.malformed;
    ctx.failed = outerFailed || ctx.failed;
    return resolution;
  }

  /** The set named inside `set`, resolved; null (reported) if it cannot be used. */
  private nested(item: ItemNode, set: SetStatement): SetStatement | null {
    const ctx = this.ctx;
    const def = checkSetName(ctx, item, set.kind);
    if (def === null) return null;
    const inner = this.resolutions.get(def.statement);
    if (inner !== undefined && !inner.done) {
      const cycle = [...this.stack.slice(this.stack.indexOf(def.name)), def.name].join(' → ');
      ctx.error(D.setCycle, { name: def.name, cycle }, item.range);
      return null;
    }
    // Both the recursion (sets used before their definition) and the `via` chains (sets
    // defined in order) grow with the nesting: bound both.
    const nested =
      inner === undefined && this.stack.length >= MAX_SET_DEPTH
        ? undefined
        : this.resolve(def.statement);
    if (nested === undefined || nested.depth + 1 >= MAX_SET_DEPTH) {
      ctx.error(D.setTooDeep, { limit: String(MAX_SET_DEPTH) }, item.range);
      return null;
    }
    return def.statement;
  }
}

/**
 * Items and substituted set members in order, in one array of the final size. Without
 * `room` (the expansion limit was reached and reported) the set members are left out.
 */
export function flatten(
  parts: ReadonlyArray<PlacedItem | PlacedItem[]>,
  room: boolean,
): PlacedItem[] {
  let size = 0;
  for (const part of parts) size += Array.isArray(part) ? (room ? part.length : 0) : 1;
  const out = new Array<PlacedItem>(size);
  let at = 0;
  for (const part of parts) {
    if (!Array.isArray(part)) out[at++] = part;
    else if (room) for (const m of part) out[at++] = m;
  }
  return out;
}
