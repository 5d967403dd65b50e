/**
 * Decisions of repeated flows, remembered: flow logs repeat the same tuples (a job polling
 * one API, a resolver asked the same name), and a map lookup costs less than the matcher's.
 * The plain path is `CompiledMatcher.decide`; test/engine/decision-cache.test.ts holds the
 * two together. Bounded: the map is emptied when it reaches its size.
 */
import type { Flow } from '../core/model.js';

export const DECISION_CACHE_ENTRIES = 1 << 16;

export class DecisionCache {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly matcher: { decide(flow: Flow): number },
    private readonly entries = DECISION_CACHE_ENTRIES,
  ) {}

  decide(flow: Flow): number {
    const key = flowKey(flow);
    let decision = this.seen.get(key);
    if (decision === undefined) {
      decision = this.matcher.decide(flow);
      if (this.seen.size >= this.entries) this.seen.clear();
      this.seen.set(key, decision);
    }
    return decision;
  }

  get size(): number {
    return this.seen.size;
  }
}

/** Every field of the flow, each with its length (or `-` when absent): one key per flow. */
function flowKey(f: Flow): string {
  return (
    field(f.src) +
    field(f.host) +
    field(f.ip) +
    f.proto +
    (f.port === undefined ? '-' : ':' + f.port + ';') +
    field(f.method) +
    field(f.path)
  );
}

function field(value: string | undefined): string {
  return value === undefined ? '-' : value.length + ':' + value;
}
