/**
 * Which flows of a class get which verdict (docs/analysis.md, `egress search`): the query is a rule's
 * clauses (from, to, on, methods, paths; absent means any); the answer is one class per
 * decider (the guard, a rule, the default) that decides some of the query's flows.
 */
import type { Action, Flow, PolicyModel, Rule, Topology, Verdict } from '../core/model.js';
import { FALSE } from './bdd.js';
import { decidePolicy, deciders } from './decisions.js';
import { describeSet, descriptionText, type ClassDescription } from './describe.js';
import { buildSpace } from './space.js';

export type SearchQuery = Pick<Rule, 'from' | 'to' | 'services' | 'methods' | 'paths'>;

export interface SearchResult extends Verdict {
  witness: Flow;
  description: string;
  detail: ClassDescription;
}

export function searchFlows(
  policy: PolicyModel,
  topology: Topology | undefined,
  query: SearchQuery,
  options: { verdict?: Action; limit?: number } = {},
): SearchResult[] {
  const space = buildSpace(topology, [policy], query);
  const wanted = space.ruleSet(query);
  const out: SearchResult[] = [];
  for (const d of deciders(decidePolicy(space, policy))) {
    if (options.verdict !== undefined && d.verdict.verdict !== options.verdict) continue;
    const set = space.bdd.and(d.set, wanted);
    if (set === FALSE) continue;
    const detail = describeSet(space, set);
    out.push({
      ...d.verdict,
      witness: space.witness(set),
      description: descriptionText(detail),
      detail,
    });
    if (options.limit !== undefined && out.length >= options.limit) break;
  }
  return out;
}
