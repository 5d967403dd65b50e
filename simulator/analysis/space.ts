/** Builds the flow space of a topology and one or more policies (diff compares two). */
import type { DestinationItem, PolicyModel, SourceItem, Topology } from '../core/model.js';
import { buildFlowAtoms } from './atoms.js';
import { FlowSpace } from './symbolic.js';

export function buildSpace(
  topology: Topology | undefined,
  policies: readonly PolicyModel[],
  extraItems?: { from: SourceItem[]; to: DestinationItem[] },
): FlowSpace {
  return new FlowSpace(buildFlowAtoms(topology, policies, extraItems), topology);
}
