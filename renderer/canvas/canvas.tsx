/**
 * The topology canvas. React Flow renders elements derived from the document; every
 * interaction becomes a topology change dispatched to the store (drag, connect, drop from
 * the palette), so undo/redo and saving see exactly what the user did.
 */
import {
  Background,
  BackgroundVariant,
  ConnectionMode,
  MarkerType,
  MiniMap,
  Panel,
  ReactFlow,
  SelectionMode,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnNodeDrag,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { Icon } from '../icons/ui-icons.js';
import {
  deriveFlowEdges,
  deriveFlowNodes,
  routeTopology,
  type EdgeVerdict,
  type StudioFlowEdge,
  type StudioFlowNode,
} from '../model/flow-elements.js';
import { settleDrop, zoneMemberMoves } from '../model/drag.js';
import { zoneBoxes } from '../model/geometry.js';
import { sameFlow } from '../model/result-rows.js';
import { parseElementId } from '../model/selection.js';
import type { TopologyChange } from '../model/topology-changes.js';
import { useStudio, useStudioStore } from '../store/store-context.js';
import { addNodeChange } from './add-node.js';
import { fitViewOptions, useCanvasCommands } from './canvas-commands.js';
import { CanvasToolbar } from './canvas-toolbar.js';
import { EndpointNode } from './endpoint-node.js';
import { EdgeLabelLayer, FlowEdge } from './flow-edge.js';
import { useViewMotion } from './use-view-motion.js';
import { kindStyle } from './kind-style.js';
import { PALETTE_MIME } from './palette.js';
import { VerdictLegend } from './verdict-legend.js';
import { ZoneNode } from './zone-node.js';

// Module-level so React Flow sees the same objects on every render.
const nodeTypes = { endpoint: EndpointNode, zone: ZoneNode };
const edgeTypes = { flow: FlowEdge };

const VERDICT_COLOURS: Record<Exclude<EdgeVerdict, null>, string> = {
  allow: 'var(--allow)',
  deny: 'var(--deny)',
  error: 'var(--warn)',
};

let dragSequence = 0;

// Props of the flow made once: a new object on every render is a store update inside xyflow,
// and a new `defaultEdgeOptions` re-renders every edge.
const MULTI_SELECTION_KEYS = ['Shift', 'Meta', 'Control'];
const PRO_OPTIONS = { hideAttribution: true };
const DEFAULT_EDGE_OPTIONS = { type: 'flow' };
const MINIMAP_SIZE = { width: 168, height: 112 };
/** Below this canvas width (px) the minimap starts hidden; the toolbar shows it on demand. */
const MINIMAP_MIN_CANVAS_WIDTH = 1000;

const minimapNodeColor = (n: StudioFlowNode) =>
  n.type === 'endpoint' ? kindStyle(n.data.node.kind).color : 'transparent';
const minimapNodeStroke = (n: StudioFlowNode) =>
  n.type === 'zone' ? 'var(--border-strong)' : 'transparent';

export function Canvas() {
  const store = useStudioStore();
  const topology = useStudio((s) => s.doc.history.present);
  const selection = useStudio((s) => s.selection);
  const tests = useStudio((s) => s.tests);
  const focus = useStudio((s) => s.focus);
  const explanation = useStudio((s) => s.explanation);
  const topologyDiagnostics = useStudio((s) => s.analysis?.topologyDiagnostics);
  const documentId = useStudio((s) => s.doc.documentId);
  const { screenToFlowPosition } = useReactFlow();
  const commands = useCanvasCommands();
  const dragKey = useRef<string | null>(null);
  const firstDocument = useRef(documentId);
  const root = useRef<HTMLDivElement>(null);
  const { detail, onMoveStart, onMoveEnd, userMoved } = useViewMotion(root);
  const minimap = useStudio((s) => s.minimap);
  // The minimap covers a corner of the canvas: shown at first on a wide canvas only (a
  // narrower one frames larger topologies from their top-left corner, under the minimap).
  useEffect(() => {
    const width = root.current?.clientWidth ?? window.innerWidth;
    if (width < MINIMAP_MIN_CANVAS_WIDTH) store.getState().setMinimap(false);
  }, [store]);

  // Until the user pans or zooms, the view keeps the whole topology framed as the canvas resizes.
  useEffect(() => {
    const element = root.current;
    if (!element) return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (!userMoved.current) commands.fitView();
      });
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [commands, userMoved]);
  // The layer edge labels are portalled into, found once the flow is mounted.
  const [labelLayer, setLabelLayer] = useState<HTMLElement | null>(null);
  useEffect(() => {
    setLabelLayer(
      root.current?.querySelector<HTMLElement>('.react-flow__edgelabel-renderer') ?? null,
    );
  }, []);

  // A newly opened project is framed; one drawn without positions is laid out first.
  useEffect(() => {
    if (documentId === firstDocument.current) return;
    userMoved.current = false;
    const t = store.getState().doc.history.present;
    if (t.nodes.some((n) => !n.position)) void commands.autoLayout();
    else requestAnimationFrame(() => commands.fitView());
  }, [documentId, store, commands, userMoved]);

  const verdicts = useMemo(() => {
    const map = new Map<number, { verdict: EdgeVerdict; rule: string | null }>();
    for (const r of tests?.results ?? []) {
      if (r.kind !== 'edge' || r.edge === undefined) continue;
      map.set(r.edge, {
        verdict: r.actual ? r.actual.verdict : 'error',
        rule: r.actual?.rule ?? null,
      });
    }
    return map;
  }, [tests]);

  const highlight = useMemo(() => {
    if (!focus) return undefined;
    const nodes = new Set<string>();
    if (focus.edge !== null) {
      const e = topology.edges[focus.edge];
      if (e) {
        nodes.add(e.from);
        nodes.add(e.to);
      }
    }
    // The engine resolved the flow's ends (an IP source, a host or an address destination).
    if (focus.flow && explanation && sameFlow(explanation.flow, focus.flow)) {
      if (explanation.source.node) nodes.add(explanation.source.node);
      if (explanation.destination.node) nodes.add(explanation.destination.node);
    } else if (focus.flow) {
      if (topology.nodes.some((n) => n.id === focus.flow!.src)) nodes.add(focus.flow.src);
      const host = focus.flow.host;
      const dest = host ? topology.nodes.find((n) => n.hosts.includes(host)) : undefined;
      if (dest) nodes.add(dest.id);
    }
    let edge = focus.edge;
    if (edge === null && nodes.size === 2) {
      const [a, b] = [...nodes];
      const i = topology.edges.findIndex((e) => e.from === a && e.to === b);
      edge = i >= 0 ? i : null;
    }
    // The path takes the selected flow's own verdict, fresher from its explanation.
    const explained = focus.flow && explanation && sameFlow(explanation.flow, focus.flow);
    const verdict: EdgeVerdict = explained ? explanation.verdict.verdict : focus.verdict;
    return { nodes, edge, ...(focus.flow ? { verdict } : {}) };
  }, [focus, explanation, topology]);

  const problems = useMemo(() => {
    const map = new Map<string, number>();
    for (const d of topologyDiagnostics ?? []) {
      const m = d.path ? /^nodes\[(\d+)\]/.exec(d.path) : null;
      const node = m ? topology.nodes[Number(m[1])] : undefined;
      if (node) map.set(node.id, (map.get(node.id) ?? 0) + 1);
    }
    return map;
  }, [topologyDiagnostics, topology]);

  const nodes = useMemo(
    () =>
      deriveFlowNodes({
        topology,
        selection,
        verdicts,
        ...(highlight ? { highlight } : {}),
        problems,
      }),
    [topology, selection, verdicts, highlight, problems],
  );
  const routes = useMemo(() => routeTopology(topology), [topology]);
  const edges = useMemo(
    () =>
      deriveFlowEdges({
        topology,
        selection,
        verdicts,
        routes,
        ...(highlight ? { highlight } : {}),
      }).map((e): StudioFlowEdge => {
        const v = e.data?.verdict ?? null;
        // After a simulation the verdict colour wins; selection shows as a thicker line.
        const color = v ? VERDICT_COLOURS[v] : e.selected ? 'var(--accent)' : 'var(--edge)';
        return {
          ...e,
          markerEnd: { type: MarkerType.ArrowClosed, color, width: 14, height: 14 },
        };
      }),
    [topology, selection, verdicts, highlight, routes],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<StudioFlowNode>[]) => {
      const t = store.getState().doc.history.present;
      const selects: { id: string; selected: boolean }[] = [];
      const moves = new Map<string, { x: number; y: number }>();
      const draggedZones = new Set<string>();
      for (const c of changes) {
        if (c.type === 'select') selects.push({ id: c.id, selected: c.selected });
        if (c.type !== 'position' || !c.position) continue;
        const ref = parseElementId(c.id);
        if (ref?.type === 'zone') {
          const box = zoneBoxes(t).get(ref.id);
          if (!box) continue;
          draggedZones.add(ref.id);
          for (const m of zoneMemberMoves(t, ref.id, c.position.x - box.x, c.position.y - box.y)) {
            moves.set(m.id, m.position);
          }
        } else if (ref?.type === 'node') {
          const node = t.nodes.find((n) => n.id === ref.id);
          // A node inside a dragged zone moves with its zone, not twice.
          if (node && !draggedZones.has(node.zone)) moves.set(ref.id, c.position);
        }
      }
      if (selects.length > 0) store.getState().applySelectChanges(selects);
      if (moves.size > 0) {
        const change: TopologyChange = {
          type: 'move-nodes',
          moves: [...moves].map(([id, position]) => ({ id, position })),
        };
        store.getState().dispatch(change, dragKey.current ?? `drag:${++dragSequence}`);
      }
    },
    [store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<StudioFlowEdge>[]) => {
      const selects = changes.flatMap((c) =>
        c.type === 'select' ? [{ id: c.id, selected: c.selected }] : [],
      );
      if (selects.length > 0) store.getState().applySelectChanges(selects);
    },
    [store],
  );

  const onNodeDragStart: OnNodeDrag<StudioFlowNode> = useCallback(() => {
    dragKey.current = `drag:${++dragSequence}`;
  }, []);

  const onNodeDragStop: OnNodeDrag<StudioFlowNode> = useCallback(
    (_event, _node, dragged) => {
      const state = store.getState();
      const t = state.doc.history.present;
      const ids = new Set(
        dragged.flatMap((n) => {
          const ref = parseElementId(n.id);
          return ref?.type === 'node' ? [ref.id] : [];
        }),
      );
      if (ids.size > 0) {
        const changes = settleDrop(t, ids);
        if (changes.length > 0) {
          state.dispatch({ type: 'batch', changes }, dragKey.current);
        }
      }
      dragKey.current = null;
      state.sealHistory();
    },
    [store],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const from = parseElementId(c.source);
      const to = parseElementId(c.target);
      if (from?.type === 'node' && to?.type === 'node' && from.id !== to.id) {
        store.getState().requestConnection(from.id, to.id);
      }
    },
    [store],
  );

  const isValidConnection = useCallback(
    (c: { source: string; target: string }) =>
      c.source !== c.target && c.source.startsWith('n:') && c.target.startsWith('n:'),
    [],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(PALETTE_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(PALETTE_MIME);
      if (!kind) return;
      event.preventDefault();
      const at = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const state = store.getState();
      const { change, id } = addNodeChange(state.doc.history.present, kindStyle(kind), at);
      state.dispatch(change);
      state.select({ nodes: [id], edges: [], zones: [] });
    },
    [screenToFlowPosition, store],
  );

  // The first fit, before the minimap effect: frames for the minimap as the window decides.
  const [initialFit] = useState(() => fitViewOptions(window.innerWidth >= 1280));
  const empty = topology.nodes.length === 0;
  return (
    <div
      ref={root}
      className={`canvas detail-${detail}${focus ? ' has-focus' : ''}`}
      data-testid="canvas"
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      <EdgeLabelLayer.Provider value={labelLayer}>
        <ReactFlow<StudioFlowNode, StudioFlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onNodeDragStart={onNodeDragStart}
          onNodeDragStop={onNodeDragStop}
          onConnect={onConnect}
          onMoveStart={onMoveStart}
          onMoveEnd={onMoveEnd}
          isValidConnection={isValidConnection}
          connectionMode={ConnectionMode.Loose}
          selectionMode={SelectionMode.Partial}
          multiSelectionKeyCode={MULTI_SELECTION_KEYS}
          selectionKeyCode="Shift"
          deleteKeyCode={null}
          elevateNodesOnSelect={false}
          minZoom={0.2}
          maxZoom={2.5}
          fitView
          fitViewOptions={initialFit}
          proOptions={PRO_OPTIONS}
          defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        >
          <Background
            variant={BackgroundVariant.Dots}
            gap={20}
            size={1.3}
            color="var(--canvas-dot)"
          />
          {minimap && (
            <MiniMap<StudioFlowNode>
              pannable
              zoomable
              ariaLabel="Minimap"
              className="minimap"
              style={MINIMAP_SIZE}
              nodeBorderRadius={6}
              nodeColor={minimapNodeColor}
              nodeStrokeColor={minimapNodeStroke}
              maskColor="var(--minimap-mask)"
            />
          )}
          {/* The legend sits beside the toolbar, in the band a fit keeps clear of nodes. */}
          <Panel position="top-left" className="canvas-top-bar">
            <CanvasToolbar
              onToggleMinimap={() => {
                store.getState().setMinimap(!minimap);
                if (!userMoved.current) requestAnimationFrame(() => commands.fitView());
              }}
            />
            {tests && <VerdictLegend />}
          </Panel>
          {empty && (
            <div className="canvas-empty" data-testid="canvas-empty">
              <div className="canvas-empty-icon">
                <Icon name="route" size={18} />
              </div>
              <div className="canvas-empty-body">
                <div className="canvas-empty-title">Draw your platform</div>
                <div className="canvas-empty-text">
                  Drag components from the palette, then connect them to describe the outbound
                  connections you intend.
                </div>
              </div>
              <button
                type="button"
                className="btn btn-outline"
                onClick={() => store.getState().setDialog('new')}
                data-testid="empty-from-template"
              >
                <Icon name="sparkle" /> Start from a template
              </button>
            </div>
          )}
        </ReactFlow>
      </EdgeLabelLayer.Provider>
    </div>
  );
}
