/**
 * The compiled matcher beside a linear scan of the same compiled rules: resolution and packed
 * rules are shared, and the scan checks every rule in file order until the first match. It is
 * the benchmark's baseline (bench/matcher.ts: the ratio isolates rule selection) and a second
 * oracle for the property tests (test/engine/differential.test.ts). The engine's public entry
 * (index.ts) does not re-export this module: nothing but the benchmark and the tests needs a
 * matcher slower on purpose.
 */
import type { Flow, PolicyModel, Topology } from '../core/model.js';
import { compileIndexed, publicMatcher, type CompiledMatcher } from './compile.js';

export interface MatcherWithLinearScan {
  matcher: CompiledMatcher;
  /** The deciding rule's position as `matcher.decide` gives it, found by checking every rule. */
  decideLinear(flow: Flow): number;
}

export function compileWithLinearScan(
  policy: PolicyModel,
  topology?: Topology,
): MatcherWithLinearScan {
  const indexed = compileIndexed(policy, topology);
  return {
    matcher: publicMatcher(policy, topology, indexed),
    decideLinear: (flow) => indexed.decideLinear(flow),
  };
}
