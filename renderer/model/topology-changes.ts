/**
 * Canvas edits as change objects (as React Flow's `applyNodeChanges`). The topology
 * document is the source of truth: every edit on the canvas or in the inspector is one of
 * these changes, applied by `applyTopologyChange`, and React Flow's nodes and edges are
 * derived from the result. Undo/redo is a history of topology values (history.ts).
 */
import type { Point, Topology, TopologyEdge, TopologyNode, Zone } from '../../simulator/index.js';

export type NodePatch = Partial<Omit<TopologyNode, 'id'>>;
export type ZonePatch = Partial<Omit<Zone, 'id'>>;
export type EdgePatch = Partial<TopologyEdge>;

export type TopologyChange =
  | { type: 'add-node'; node: TopologyNode }
  | { type: 'update-node'; id: string; patch: NodePatch }
  /** Renames a node and every edge end that refers to it. */
  | { type: 'rename-node'; from: string; to: string }
  | { type: 'move-nodes'; moves: { id: string; position: Point }[] }
  | { type: 'add-zone'; zone: Zone }
  | { type: 'update-zone'; id: string; patch: ZonePatch }
  /** Renames a zone and moves its nodes along. */
  | { type: 'rename-zone'; from: string; to: string }
  | { type: 'add-edge'; edge: TopologyEdge }
  /** Edges have no id in the document: they are addressed by their index. */
  | { type: 'update-edge'; index: number; patch: EdgePatch }
  /**
   * Removes nodes (with the edges touching them), edges by index, and zones (with their
   * nodes, which cannot exist without a zone).
   */
  | { type: 'remove'; nodes: string[]; edges: number[]; zones: string[] }
  | { type: 'rename-topology'; name: string }
  | { type: 'batch'; changes: TopologyChange[] };

function integerPoint(p: Point): Point {
  // docs/topology.md: canvas positions are saved as integers.
  return { x: Math.round(p.x), y: Math.round(p.y) };
}

function mapNodes(t: Topology, f: (n: TopologyNode) => TopologyNode): Topology {
  let changed = false;
  const nodes = t.nodes.map((n) => {
    const m = f(n);
    if (m !== n) changed = true;
    return m;
  });
  return changed ? { ...t, nodes } : t;
}

function applyRemove(t: Topology, change: Extract<TopologyChange, { type: 'remove' }>): Topology {
  const zones = new Set(change.zones);
  const nodes = new Set(change.nodes);
  for (const n of t.nodes) if (zones.has(n.zone)) nodes.add(n.id);
  const edgeIndexes = new Set(change.edges);
  const keptEdges = t.edges.filter(
    (e, i) => !edgeIndexes.has(i) && !nodes.has(e.from) && !nodes.has(e.to),
  );
  const keptNodes = t.nodes.filter((n) => !nodes.has(n.id));
  const keptZones = t.zones.filter((z) => !zones.has(z.id));
  if (
    keptEdges.length === t.edges.length &&
    keptNodes.length === t.nodes.length &&
    keptZones.length === t.zones.length
  ) {
    return t;
  }
  return { ...t, zones: keptZones, nodes: keptNodes, edges: keptEdges };
}

/**
 * Applies one change. Returns the same object when the change does nothing (an unknown id,
 * an empty batch), so callers can tell a no-op from an edit by identity.
 */
export function applyTopologyChange(t: Topology, change: TopologyChange): Topology {
  switch (change.type) {
    case 'add-node': {
      if (t.nodes.some((n) => n.id === change.node.id)) return t;
      const node = change.node.position
        ? { ...change.node, position: integerPoint(change.node.position) }
        : change.node;
      return { ...t, nodes: [...t.nodes, node] };
    }
    case 'update-node':
      return mapNodes(t, (n) => {
        if (n.id !== change.id) return n;
        const next = { ...n, ...change.patch };
        if (next.position) next.position = integerPoint(next.position);
        return next;
      });
    case 'rename-node': {
      if (change.from === change.to || !t.nodes.some((n) => n.id === change.from)) return t;
      if (t.nodes.some((n) => n.id === change.to)) return t;
      return {
        ...t,
        nodes: t.nodes.map((n) => (n.id === change.from ? { ...n, id: change.to } : n)),
        edges: t.edges.map((e) =>
          e.from === change.from || e.to === change.from
            ? {
                ...e,
                from: e.from === change.from ? change.to : e.from,
                to: e.to === change.from ? change.to : e.to,
              }
            : e,
        ),
      };
    }
    case 'move-nodes': {
      const moves = new Map(change.moves.map((m) => [m.id, integerPoint(m.position)]));
      return mapNodes(t, (n) => {
        const p = moves.get(n.id);
        if (!p || (n.position && n.position.x === p.x && n.position.y === p.y)) return n;
        return { ...n, position: p };
      });
    }
    case 'add-zone':
      if (t.zones.some((z) => z.id === change.zone.id)) return t;
      return { ...t, zones: [...t.zones, change.zone] };
    case 'update-zone': {
      if (!t.zones.some((z) => z.id === change.id)) return t;
      return {
        ...t,
        zones: t.zones.map((z) => (z.id === change.id ? { ...z, ...change.patch } : z)),
      };
    }
    case 'rename-zone': {
      if (change.from === change.to || !t.zones.some((z) => z.id === change.from)) return t;
      if (t.zones.some((z) => z.id === change.to)) return t;
      return {
        ...t,
        zones: t.zones.map((z) => (z.id === change.from ? { ...z, id: change.to } : z)),
        nodes: t.nodes.map((n) => (n.zone === change.from ? { ...n, zone: change.to } : n)),
      };
    }
    case 'add-edge':
      return { ...t, edges: [...t.edges, change.edge] };
    case 'update-edge': {
      const edge = t.edges[change.index];
      if (!edge) return t;
      const edges = t.edges.slice();
      edges[change.index] = { ...edge, ...change.patch };
      return { ...t, edges };
    }
    case 'remove':
      return applyRemove(t, change);
    case 'rename-topology':
      return change.name === t.name ? t : { ...t, name: change.name };
    case 'batch':
      return change.changes.reduce(applyTopologyChange, t);
  }
}
