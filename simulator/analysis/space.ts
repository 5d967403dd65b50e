/** Builds the flow space of a topology and one or more policies (diff compares two). */
import type { PolicyModel, Topology } from '../core/model.js';
import { buildFlowAtoms, type ExtraClauses } from './atoms.js';
import { FlowSpace } from './symbolic.js';

export function buildSpace(
  topology: Topology | undefined,
  policies: readonly PolicyModel[],
  extraItems?: ExtraClauses,
): FlowSpace {
  return new FlowSpace(buildFlowAtoms(topology, policies, extraItems), topology);
}
