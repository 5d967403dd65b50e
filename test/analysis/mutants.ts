/**
 * Deliberately broken engines for the mutation test (mutants.test.ts). Each takes the real
 * engine and substitutes one piece, a copy of the production code with one mistake a
 * maintainer could make; production code has no switch for any of them.
 */
import type { PolicyModel, ServiceItem, Topology } from '../../simulator/core/model.js';
import { buildFlowAtoms } from '../../simulator/analysis/atoms.js';
import type { BddNode } from '../../simulator/analysis/bdd.js';
import { decidePolicy, type PolicyDecisions } from '../../simulator/analysis/decisions.js';
import { FlowSpace } from '../../simulator/analysis/symbolic.js';
import { ENGINE, type Engine } from './check-case.js';

/** First match read backwards: a rule loses its flows to later rules, not earlier ones. */
function decideLastMatch(space: FlowSpace, policy: PolicyModel): PolicyDecisions {
  const bdd = space.bdd;
  const matches = policy.rules.map((rule) => bdd.and(space.ruleSet(rule), space.internal));
  const decided: BddNode[] = [];
  let remaining = space.internal;
  for (let i = matches.length - 1; i >= 0; i--) {
    decided[i] = bdd.and(remaining, matches[i]!);
    remaining = bdd.andNot(remaining, matches[i]!);
  }
  return { policy, matches, decided, byDefault: remaining, inbound: space.external };
}

/** The outbound-only guard skipped: rules see flows from external sources too. */
function decideWithoutGuard(space: FlowSpace, policy: PolicyModel): PolicyDecisions {
  const bdd = space.bdd;
  let remaining = space.everything;
  const matches: BddNode[] = [];
  const decided: BddNode[] = [];
  for (const rule of policy.rules) {
    const match = space.ruleSet(rule);
    matches.push(match);
    decided.push(bdd.and(remaining, match));
    remaining = bdd.andNot(remaining, match);
  }
  return { policy, matches, decided, byDefault: remaining, inbound: 0 };
}

/**
 * Every address interval but a family's first cut one address late: a CIDR's first
 * address lands in the interval before it. The intervals are shared by the source and ip
 * atoms, so moving them moves every use.
 */
function spaceWithLateCuts(topology: Topology | undefined, policy: PolicyModel): FlowSpace {
  const atoms = buildFlowAtoms(topology, [policy]);
  const intervals = atoms.intervals;
  intervals.forEach((interval, i) => {
    const previous = intervals[i - 1];
    if (previous === undefined || previous.family !== interval.family) return;
    if (interval.lo === interval.hi) return; // a one-address interval cannot start later
    interval.lo += 1n;
    previous.hi += 1n;
  });
  return new FlowSpace(atoms, topology);
}

/** A port range's last port left out (`<` for `<=`). */
class RangeEndExcluded extends FlowSpace {
  override serviceItem(item: ServiceItem): BddNode {
    const hits: number[] = [];
    this.atoms.services.forEach((s, i) => {
      if (item.kind === 'any') hits.push(i);
      else if (s.proto === item.proto) {
        if (item.ports === undefined || (item.ports.lo <= s.lo && s.hi < item.ports.hi)) {
          hits.push(i);
        }
      }
    });
    return this.atomSet('service', hits);
  }
}

/** `*.S` matching only the name S itself, not the names under it. */
class WildcardAsExact extends FlowSpace {
  override destinationItem(item: Parameters<FlowSpace['destinationItem']>[0]): BddNode {
    if (item.kind !== 'wildcard') return super.destinationItem(item);
    const atom = this.atoms.hostAtom.get(item.suffix);
    return atom === undefined ? 0 : this.atomSet('host', [atom]);
  }
}

export const MUTANTS: Record<string, Engine> = {
  'first-match order ignored (the last matching rule decides)': {
    ...ENGINE,
    decide: decideLastMatch,
  },
  'inbound guard skipped': { ...ENGINE, decide: decideWithoutGuard },
  'address atom boundary off by one': { space: spaceWithLateCuts, decide: decidePolicy },
  'port range end excluded': {
    ...ENGINE,
    space: (topology, policy) => new RangeEndExcluded(buildFlowAtoms(topology, [policy]), topology),
  },
  'wildcard suffix matched as the exact name': {
    ...ENGINE,
    space: (topology, policy) => new WildcardAsExact(buildFlowAtoms(topology, [policy]), topology),
  },
};
