/**
 * Topology → React Flow elements. The document is the source of truth; these elements are
 * derived after every change. Data objects are reused while their inputs are unchanged, so
 * memoised node components re-render only for the nodes that actually changed.
 */
import type { Edge, Node } from '@xyflow/react';
import type { Topology, TopologyEdge, TopologyNode, Zone } from '../../simulator/index.js';
import { NODE_HEIGHT, NODE_WIDTH, nodeBox, nodePosition, zoneBoxes, type Box } from './geometry.js';
import { ROUTING_LIMITS, labelSize, routeEdges, type Route } from './edge-routing.js';
import { edgeElementId, nodeElementId, zoneElementId, type Selection } from './selection.js';

/** An edge's state after a simulation: allowed, denied, or not simulated yet. */
export type EdgeVerdict = 'allow' | 'deny' | 'error' | null;

export interface EndpointData extends Record<string, unknown> {
  node: TopologyNode;
  /** Part of the flow the user selected in the results. */
  highlighted: boolean;
  problems: number;
}

export interface ZoneData extends Record<string, unknown> {
  zone: Zone;
  members: number;
  width: number;
  height: number;
}

export interface FlowEdgeData extends Record<string, unknown> {
  edge: TopologyEdge;
  index: number;
  verdict: EdgeVerdict;
  /** The deciding rule, after a simulation. */
  rule: string | null;
  highlighted: boolean;
  /** Where the two nodes are on the canvas (the edge's curve runs between their facing sides). */
  from: Box;
  to: Box;
  /** The path around other nodes and the label's place (edge-routing.ts); null on very large canvases. */
  route: Route | null;
}

export type EndpointFlowNode = Node<EndpointData, 'endpoint'>;
export type ZoneFlowNode = Node<ZoneData, 'zone'>;
export type StudioFlowNode = EndpointFlowNode | ZoneFlowNode;
export type StudioFlowEdge = Edge<FlowEdgeData, 'flow'>;

export interface DeriveInput {
  topology: Topology;
  selection: Selection;
  /** Verdict per edge index, after a simulation. */
  verdicts?: ReadonlyMap<number, { verdict: EdgeVerdict; rule: string | null }>;
  /**
   * Node ids and edge index of the result the user selected, and that result's own verdict:
   * the highlighted path shows what happens to the selected flow, which can differ from the
   * edge's conformance verdict (an allowed POST on an edge whose representative flow is denied).
   */
  highlight?: { nodes: ReadonlySet<string>; edge: number | null; verdict?: EdgeVerdict };
  /** Count of topology problems per node id. */
  problems?: ReadonlyMap<string, number>;
  /** Routes by edge index, from `routeTopology`. */
  routes?: readonly (Route | null)[];
}

/**
 * Every edge's route around the nodes it does not join, by edge index. Depends on the
 * topology only, so the canvas computes it once per change, not per selection or verdict.
 */
export function routeTopology(t: Topology): (Route | null)[] {
  if (t.nodes.length > ROUTING_LIMITS.nodes || t.edges.length > ROUTING_LIMITS.edges) {
    return t.edges.map(() => null);
  }
  const boxes = new Map(t.nodes.map((n) => [n.id, nodeBox(nodePosition(t, n))]));
  return routeEdges(
    boxes,
    t.edges.map((e) => ({ from: e.from, to: e.to, label: labelSize(e.service) })),
  );
}

export function deriveFlowNodes(input: DeriveInput): StudioFlowNode[] {
  const { topology: t, selection } = input;
  const selectedNodes = new Set(selection.nodes);
  const selectedZones = new Set(selection.zones);
  const boxes = zoneBoxes(t);
  const members = new Map<string, number>();
  for (const n of t.nodes) members.set(n.zone, (members.get(n.zone) ?? 0) + 1);

  const zones: ZoneFlowNode[] = t.zones.map((zone) => {
    const box = boxes.get(zone.id)!;
    return {
      id: zoneElementId(zone.id),
      type: 'zone',
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      measured: { width: box.width, height: box.height },
      zIndex: -1,
      selected: selectedZones.has(zone.id),
      connectable: false,
      data: { zone, members: members.get(zone.id) ?? 0, width: box.width, height: box.height },
    };
  });
  const nodes: EndpointFlowNode[] = t.nodes.map((node) => ({
    id: nodeElementId(node.id),
    type: 'endpoint',
    position: nodePosition(t, node),
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    measured: { width: NODE_WIDTH, height: NODE_HEIGHT },
    selected: selectedNodes.has(node.id),
    data: endpointData(
      node,
      input.highlight?.nodes.has(node.id) ?? false,
      input.problems?.get(node.id) ?? 0,
    ),
  }));
  return [...zones, ...nodes];
}

const endpointCache = new WeakMap<TopologyNode, Map<string, EndpointData>>();

function endpointData(node: TopologyNode, highlighted: boolean, problems: number): EndpointData {
  const key = `${highlighted ? 1 : 0}:${problems}`;
  let byKey = endpointCache.get(node);
  if (!byKey) {
    byKey = new Map();
    endpointCache.set(node, byKey);
  }
  let data = byKey.get(key);
  if (!data) {
    data = { node, highlighted, problems };
    byKey.set(key, data);
  }
  return data;
}

export function deriveFlowEdges(input: DeriveInput): StudioFlowEdge[] {
  const { topology: t, selection } = input;
  const selected = new Set(selection.edges);
  const boxes = new Map(t.nodes.map((n) => [n.id, nodeBox(nodePosition(t, n))]));
  const edges: StudioFlowEdge[] = [];
  t.edges.forEach((edge, index) => {
    const from = boxes.get(edge.from);
    const to = boxes.get(edge.to);
    // An edge to a missing node is a topology error (shown in Problems), not drawable.
    if (from === undefined || to === undefined) return;
    const highlighted = input.highlight?.edge === index;
    const v = input.verdicts?.get(index);
    const verdict =
      highlighted && input.highlight?.verdict !== undefined
        ? input.highlight.verdict
        : (v?.verdict ?? null);
    edges.push({
      id: edgeElementId(index),
      type: 'flow',
      source: nodeElementId(edge.from),
      target: nodeElementId(edge.to),
      selected: selected.has(index),
      data: {
        edge,
        index,
        verdict,
        rule: v?.rule ?? null,
        highlighted,
        from,
        to,
        route: input.routes?.[index] ?? null,
      },
    });
  });
  return edges;
}
