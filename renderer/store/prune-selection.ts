import type { Topology } from '../../simulator/index.js';
import type { Selection } from '../model/selection.js';

/** Drops selected ids that no longer exist (after undo, delete or a rename). */
export function pruneSelection(s: Selection, t: Topology): Selection {
  const nodes = s.nodes.filter((id) => t.nodes.some((n) => n.id === id));
  const zones = s.zones.filter((id) => t.zones.some((z) => z.id === id));
  const edges = s.edges.filter((i) => i < t.edges.length);
  if (
    nodes.length === s.nodes.length &&
    zones.length === s.zones.length &&
    edges.length === s.edges.length
  ) {
    return s;
  }
  return { nodes, edges, zones };
}
