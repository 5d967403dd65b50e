/**
 * An intended connection: a path around the nodes it does not join (edge-routing.ts), or a
 * curve between the facing sides of its nodes on canvases too large to route, labelled with
 * its service and coloured by verdict after a simulation.
 *
 * An edge subscribes to nothing: its nodes' boxes come with its data (from the topology,
 * which is where the canvas positions come from) and the label layer from a context. A large
 * topology has hundreds of edges, and every store subscription runs on every viewport change
 * while the user zooms.
 */
import { BaseEdge, Position, getBezierPath, type EdgeProps } from '@xyflow/react';
import { createContext, memo, useContext, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { edgeAnchors, type Side } from '../model/edge-anchors.js';
import { routePath } from '../model/edge-routing.js';
import type { StudioFlowEdge } from '../model/flow-elements.js';

const POSITION: Record<Side, Position> = {
  left: Position.Left,
  right: Position.Right,
  top: Position.Top,
  bottom: Position.Bottom,
};

/** The flow's edge label layer (`.react-flow__edgelabel-renderer`), once it is mounted. */
export const EdgeLabelLayer = createContext<HTMLElement | null>(null);

/** What xyflow's `EdgeLabelRenderer` does, a portal into the label layer, without a store selector. */
function EdgeLabel({ children }: { children: ReactNode }) {
  const layer = useContext(EdgeLabelLayer);
  return layer ? createPortal(children, layer) : null;
}

function FlowEdgeView(props: EdgeProps<StudioFlowEdge>) {
  const { data, selected, markerEnd } = props;
  let geometry = {
    sourceX: props.sourceX,
    sourceY: props.sourceY,
    sourcePosition: props.sourcePosition,
    targetX: props.targetX,
    targetY: props.targetY,
    targetPosition: props.targetPosition,
  };
  if (data) {
    const a = edgeAnchors(data.from, data.to);
    geometry = {
      sourceX: a.sourceX,
      sourceY: a.sourceY,
      sourcePosition: POSITION[a.sourceSide],
      targetX: a.targetX,
      targetY: a.targetY,
      targetPosition: POSITION[a.targetSide],
    };
  }
  const [path, labelX, labelY] = data?.route
    ? [routePath(data.route.points), data.route.label.x, data.route.label.y]
    : getBezierPath(geometry);
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
