/**
 * Quantified expectations (docs/language.md "Quantified expectations"): `expect all allowed
 * from … to …` holds when every flow of the class is allowed, `expect none allowed …` when
 * no flow of it is. Checked over the whole class with the decided sets of first-match, so a
 * verdict is exact, and a violation comes with a witness that replays.
 *
 * The class holds the flows whose host and ip the topology does not contradict (symbolic.ts,
 * `realistic`): a flow naming `pypi.org` with the metadata address goes to the metadata
 * service, not to PyPI, and belongs to a class `to metadata`, not to one `to pypi`.
 */
import type { Action, ClassExpectation, Flow, PolicyModel, Topology } from '../core/model.js';
import type { ExtraClauses } from './atoms.js';
import { FALSE, type BddNode } from './bdd.js';
import { decidePolicy, deciders } from './decisions.js';
import { buildSpace } from './space.js';

export interface ClassExpectationVerdict {
  expectation: ClassExpectation;
  /** The verdict every flow of the class should get (`none allowed` wants deny). */
  wanted: Action;
  holds: boolean;
  /** A flow of the class that gets the other verdict; null when the expectation holds. */
  witness: Flow | null;
}

function opposite(action: Action): Action {
  return action === 'allow' ? 'deny' : 'allow';
}

/** The verdict a quantified expectation wants of every flow of its class. */
export function wantedVerdict(e: Pick<ClassExpectation, 'quantifier' | 'verdict'>): Action {
  return e.quantifier === 'all' ? e.verdict : opposite(e.verdict);
}

/** Every item the expectations mention, so the atoms cut the space at their boundaries. */
function clausesOf(expectations: readonly ClassExpectation[]): ExtraClauses {
  const listed = <T>(lists: (T[] | null)[]): T[] | null =>
    lists.some((l) => l !== null) ? lists.flatMap((l) => l ?? []) : null;
  return {
    from: expectations.flatMap((e) => e.from),
    to: expectations.flatMap((e) => e.to),
    services: listed(expectations.map((e) => e.services)),
    methods: listed(expectations.map((e) => e.methods)),
    paths: listed(expectations.map((e) => e.paths)),
  };
}

export function checkClassExpectations(
  policy: PolicyModel,
  topology: Topology | undefined,
): ClassExpectationVerdict[] {
  const expectations = policy.classExpectations ?? [];
  if (expectations.length === 0) return [];
  const space = buildSpace(topology, [policy], clausesOf(expectations));
  const bdd = space.bdd;
  const decidedAs: Record<Action, BddNode> = { allow: FALSE, deny: FALSE };
  for (const d of deciders(decidePolicy(space, policy))) {
    decidedAs[d.verdict.verdict] = bdd.or(decidedAs[d.verdict.verdict], d.set);
  }
  return expectations.map((expectation) => {
    const wanted = wantedVerdict(expectation);
    const wrong = bdd.and(decidedAs[opposite(wanted)], space.realistic);
    const violations = bdd.and(space.ruleSet(expectation), wrong);
    const holds = violations === FALSE;
    return { expectation, wanted, holds, witness: holds ? null : space.witness(violations) };
  });
}
