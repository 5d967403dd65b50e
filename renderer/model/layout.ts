/**
 * Automatic layout: topology → ELK graph (zones as compound nodes, layered left to right so
 * internal sources sit left of the external destinations they reach) and ELK's answer →
 * `move-nodes` change. Running ELK itself is in canvas/auto-layout.ts; this part is pure.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { Topology } from '../../simulator/index.js';
import { NODE_HEIGHT, NODE_WIDTH, ZONE_PADDING } from './geometry.js';
import type { TopologyChange } from './topology-changes.js';

const ZONE_PREFIX = 'zone:';

/**
 * Spacing for every level: ELK reads the options of the node whose children it places, so
 * zones need them as much as the root. Wide gaps between columns leave room for the
 * service labels drawn on the edges.
 */
const SPACING = {
  'elk.spacing.nodeNode': '40',
  'elk.spacing.edgeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '130',
  'elk.layered.spacing.edgeNodeBetweenLayers': '30',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
};
const NODE_PREFIX = 'node:';

export function topologyToElk(t: Topology): ElkNode {
  const zoneChildren = new Map<string, ElkNode[]>();
  for (const n of t.nodes) {
    const list = zoneChildren.get(n.zone) ?? [];
    list.push({ id: NODE_PREFIX + n.id, width: NODE_WIDTH, height: NODE_HEIGHT });
    zoneChildren.set(n.zone, list);
  }
  const known = new Set(t.nodes.map((n) => n.id));
  const edges: ElkExtendedEdge[] = t.edges
    .filter((e) => known.has(e.from) && known.has(e.to) && e.from !== e.to)
    .map((e, i) => ({
      id: `edge:${i}`,
      sources: [NODE_PREFIX + e.from],
      targets: [NODE_PREFIX + e.to],
    }));
  const children: ElkNode[] = t.zones
    .filter((z) => zoneChildren.has(z.id))
    .map((z) => ({
      id: ZONE_PREFIX + z.id,
      layoutOptions: {
        ...SPACING,
        'elk.padding': `[top=${ZONE_PADDING.top},left=${ZONE_PADDING.left},bottom=${ZONE_PADDING.bottom},right=${ZONE_PADDING.right}]`,
      },
      children: zoneChildren.get(z.id) ?? [],
    }));
  // Nodes whose zone does not exist are laid out at the top level rather than lost.
  const zoneIds = new Set(t.zones.map((z) => z.id));
  for (const [zone, list] of zoneChildren) if (!zoneIds.has(zone)) children.push(...list);
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      ...SPACING,
      'elk.layered.crossingMinimization.semiInteractive': 'true',
      'elk.padding': '[top=40,left=40,bottom=40,right=40]',
    },
    children,
    edges,
  };
}

/** The `move-nodes` change that puts every node where ELK placed it (absolute positions). */
export function elkToMoves(result: ElkNode): TopologyChange {
  const moves: { id: string; position: { x: number; y: number } }[] = [];
  const visit = (n: ElkNode, ox: number, oy: number): void => {
    const x = ox + (n.x ?? 0);
    const y = oy + (n.y ?? 0);
    if (n.id.startsWith(NODE_PREFIX)) {
      moves.push({ id: n.id.slice(NODE_PREFIX.length), position: { x, y } });
    }
    for (const c of n.children ?? []) visit(c, x, y);
  };
  for (const c of result.children ?? []) visit(c, result.x ?? 0, result.y ?? 0);
  return { type: 'move-nodes', moves };
}
