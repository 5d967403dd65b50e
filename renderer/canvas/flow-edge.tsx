/**
 * An intended connection: a curve between the facing sides of its nodes, labelled with its
 * service and coloured by verdict after a simulation.
 */
import {
  BaseEdge,
  Position,
  getBezierPath,
  useInternalNode,
  useStore,
  type EdgeProps,
  type ReactFlowState,
} from '@xyflow/react';
import { memo, useMemo, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { edgeAnchors, type Side } from '../model/edge-anchors.js';
import type { StudioFlowEdge } from '../model/flow-elements.js';
import { NODE_HEIGHT, NODE_WIDTH } from '../model/geometry.js';

const POSITION: Record<Side, Position> = {
  left: Position.Left,
  right: Position.Right,
  top: Position.Top,
  bottom: Position.Bottom,
};

const selectFlowElement = (s: ReactFlowState) => s.domNode;

/**
 * What xyflow's `EdgeLabelRenderer` does (a portal into the flow's label layer), without its
 * store selector that looks the layer up with `querySelector` on every viewport change: once
 * per edge and wheel event, 800 lookups a frame while a large topology zooms.
 */
function EdgeLabel({ children }: { children: ReactNode }) {
  const flow = useStore(selectFlowElement);
  const layer = useMemo(
    () => flow?.querySelector<HTMLElement>('.react-flow__edgelabel-renderer') ?? null,
    [flow],
  );
  return layer ? createPortal(children, layer) : null;
}

function FlowEdgeView(props: EdgeProps<StudioFlowEdge>) {
  const { data, selected, markerEnd } = props;
  const source = useInternalNode(props.source);
  const target = useInternalNode(props.target);
  let geometry = {
    sourceX: props.sourceX,
    sourceY: props.sourceY,
    sourcePosition: props.sourcePosition,
    targetX: props.targetX,
    targetY: props.targetY,
    targetPosition: props.targetPosition,
  };
  if (source && target) {
    const box = (n: typeof source) => ({
      ...n.internals.positionAbsolute,
      width: n.measured.width ?? NODE_WIDTH,
      height: n.measured.height ?? NODE_HEIGHT,
    });
    const a = edgeAnchors(box(source), box(target));
    geometry = {
      sourceX: a.sourceX,
      sourceY: a.sourceY,
      sourcePosition: POSITION[a.sourceSide],
      targetX: a.targetX,
      targetY: a.targetY,
      targetPosition: POSITION[a.targetSide],
    };
  }
  const [path, labelX, labelY] = getBezierPath(geometry);
  const verdict = data?.verdict ?? null;
  const classes = ['flow-edge'];
  if (verdict) classes.push(`verdict-${verdict}`);
  if (selected) classes.push('is-selected');
  if (data?.highlighted) classes.push('is-highlighted');
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        markerEnd={markerEnd}
        className={classes.join(' ')}
        interactionWidth={18}
      />
      {data && (
        <EdgeLabel>
          <div
            className={`edge-label nodrag nopan ${classes.slice(1).join(' ')}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`edge-label-${data.index}`}
            data-verdict={verdict ?? 'none'}
          >
            {data.edge.service}
          </div>
        </EdgeLabel>
      )}
    </>
  );
}

export const FlowEdge = memo(FlowEdgeView);
