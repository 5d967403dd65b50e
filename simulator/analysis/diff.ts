/**
 * What a change to a project changes (docs/analysis.md, `egress diff`): every class of flows whose
 * verdict or log flag differs between BASE and HEAD, one entry per (class, rule before,
 * rule after). Both sides share one set of atoms (every name and boundary of both
 * topologies and policies) and one diagram, each resolving the atoms with its own
 * topology, so a topology change (a node gaining a role) counts like a policy change.
 */
import type { Flow, PolicyModel, Topology, Verdict } from '../core/model.js';
import { FALSE } from './bdd.js';
import { buildFlowAtoms } from './atoms.js';
import { decidePolicy, deciders } from './decisions.js';
import { describeSet, descriptionText, type ClassDescription } from './describe.js';
import { changedRules, decideChanged, sameTopology, type Decider } from './diff-by-rules.js';
import { OverlapIndex } from './overlaps.js';
import { FlowSpace } from './symbolic.js';

export interface ProjectModel {
  policy: PolicyModel;
  topology: Topology | undefined;
}

export interface FlowChange {
  before: Verdict;
  after: Verdict;
  witness: Flow;
  description: string;
  detail: ClassDescription;
}

function outcomeKey(v: Verdict): string {
  return `${v.verdict} ${v.log}`;
}

/**
 * Every class of flows whose verdict or log flag differs. Two versions with the same
 * topology and default whose unchanged rules keep their order are compared by the rules
 * that changed (diff-by-rules.ts); any other pair by deciding both policies whole.
 */
export function diffProjects(base: ProjectModel, head: ProjectModel): FlowChange[] {
  if (sameTopology(base.topology, head.topology)) {
    const changed = changedRules(base.policy, head.policy);
    if (changed !== null) {
      const space = new FlowSpace(
        buildFlowAtoms(base.topology, [base.policy, head.policy], undefined, [
          base.topology,
          head.topology,
        ]),
        base.topology,
      );
      const { before, after } = decideChanged(space, base.policy, head.policy, changed);
      return pairChanges(space, before, after);
    }
  }
  return diffProjectsPlain(base, head);
}

/** The reference: both policies decided whole, every pair of deciders that meet compared. */
export function diffProjectsPlain(base: ProjectModel, head: ProjectModel): FlowChange[] {
  const policies = [base.policy, head.policy];
  const topologies = [base.topology, head.topology];
  const baseSpace = new FlowSpace(
    buildFlowAtoms(base.topology, policies, undefined, topologies),
    base.topology,
  );
  const headSpace = new FlowSpace(
    buildFlowAtoms(head.topology, policies, undefined, topologies),
    head.topology,
    baseSpace.bdd,
  );
  const before = deciders(decidePolicy(baseSpace, base.policy)).filter((d) => d.set !== FALSE);
  const after = deciders(decidePolicy(headSpace, head.policy)).filter((d) => d.set !== FALSE);
  return pairChanges(baseSpace, before, after);
}

/**
 * One change per pair of deciders (BASE's, HEAD's) whose sets meet and whose outcomes
 * differ, in BASE's order, then HEAD's; described and witnessed in `space`.
 */
function pairChanges(space: FlowSpace, before: Decider[], after: Decider[]): FlowChange[] {
  const bdd = space.bdd;
  // Only deciders whose sets meet can form a change: an index over HEAD's sets finds them
  // without testing every pair (two 10,000-rule policies).
  const index = new OverlapIndex(
    bdd,
    after.map((d) => d.set),
  );
  const changes: FlowChange[] = [];
  for (const a of before) {
    for (const k of index.meeting(a.set)) {
      const b = after[k]!;
      if (outcomeKey(a.verdict) === outcomeKey(b.verdict)) continue;
      const both = bdd.and(a.set, b.set);
      const detail = describeSet(space, both);
      changes.push({
        before: a.verdict,
        after: b.verdict,
        witness: space.witness(both),
        description: descriptionText(detail),
        detail,
      });
    }
  }
  return changes;
}
