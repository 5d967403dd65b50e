/** Runs ELK (loaded on first use, so it does not weigh on start-up) over the topology. */
import type { Topology } from '../../simulator/index.js';
import { elkToMoves, topologyToElk } from '../model/layout.js';
import type { TopologyChange } from '../model/topology-changes.js';

export async function computeAutoLayout(t: Topology): Promise<TopologyChange> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const result = await elk.layout(topologyToElk(t));
  return elkToMoves(result);
}
