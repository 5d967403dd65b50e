/**
 * What a change to a project changes (docs/analysis.md, `egress diff`): every class of flows whose
 * verdict or log flag differs between BASE and HEAD, one entry per (class, rule before,
 * rule after). Both sides share one set of atoms (every name and boundary of both
 * topologies and policies) and one diagram, each resolving the atoms with its own
 * topology, so a topology change (a node gaining a role) counts like a policy change.
 */
import type { Flow, PolicyModel, Topology, Verdict } from '../core/model.js';
import { FALSE, type BddNode } from './bdd.js';
import { buildFlowAtoms } from './atoms.js';
import { decidePolicy, deciders } from './decisions.js';
import { describeSet, descriptionText, type ClassDescription } from './describe.js';
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

export function diffProjects(base: ProjectModel, head: ProjectModel): FlowChange[] {
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
  const bdd = baseSpace.bdd;
  const before = deciders(decidePolicy(baseSpace, base.policy)).filter((d) => d.set !== FALSE);
  const after = deciders(decidePolicy(headSpace, head.policy)).filter((d) => d.set !== FALSE);

  // The flows whose outcome changes, found per outcome rather than per pair of rules.
  const byOutcome = (list: typeof before): Map<string, BddNode> => {
    const m = new Map<string, BddNode>();
    for (const d of list)
      m.set(outcomeKey(d.verdict), bdd.or(m.get(outcomeKey(d.verdict)) ?? FALSE, d.set));
    return m;
  };
  const outBefore = byOutcome(before);
  const outAfter = byOutcome(after);
  let changed = FALSE;
  for (const [ka, a] of outBefore) {
    for (const [kb, b] of outAfter) if (ka !== kb) changed = bdd.or(changed, bdd.and(a, b));
  }
  const changes: FlowChange[] = [];
  if (changed === FALSE) return changes;
  for (const a of before) {
    const moved = bdd.and(a.set, changed);
    if (moved === FALSE) continue;
    for (const b of after) {
      if (outcomeKey(a.verdict) === outcomeKey(b.verdict)) continue;
      const both = bdd.and(moved, b.set);
      if (both === FALSE) continue;
      const detail = describeSet(baseSpace, both);
      changes.push({
        before: a.verdict,
        after: b.verdict,
        witness: baseSpace.witness(both),
        description: descriptionText(detail),
        detail,
      });
    }
  }
  return changes;
}
