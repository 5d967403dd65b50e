/**
 * An intended connection: a curve between the facing sides of its nodes, labelled with its
 * service and coloured by verdict after a simulation.
 */
import {
  BaseEdge,
  EdgeLabelRenderer,
  Position,
  getBezierPath,
  useInternalNode,
  type EdgeProps,
} from '@xyflow/react';
import { memo } from 'react';
import { edgeAnchors, type Side } from '../model/edge-anchors.js';
import type { StudioFlowEdge } from '../model/flow-elements.js';
import { NODE_HEIGHT, NODE_WIDTH } from '../model/geometry.js';

const POSITION: Record<Side, Position> = {
  left: Position.Left,
  right: Position.Right,
  top: Position.Top,
  bottom: Position.Bottom,
};

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
        <EdgeLabelRenderer>
          <div
            className={`edge-label nodrag nopan ${classes.slice(1).join(' ')}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`edge-label-${data.index}`}
            data-verdict={verdict ?? 'none'}
          >
            {data.edge.service}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const FlowEdge = memo(FlowEdgeView);
