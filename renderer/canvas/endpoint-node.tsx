/** A topology node on the canvas: kind icon and colour, label, and what it is. */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { KindIcon } from '../icons/kind-icons.js';
import type { EndpointFlowNode } from '../model/flow-elements.js';
import { kindStyle } from './kind-style.js';

function subtitle(data: EndpointFlowNode['data']): string {
  const n = data.node;
  const kind = kindStyle(n.kind).label;
  const detail = n.hosts[0] ?? (n.roles.length > 0 ? n.roles.join(', ') : n.addresses[0]);
  return detail ? `${kind} · ${detail}` : kind;
}

function EndpointNodeView({ data, selected }: NodeProps<EndpointFlowNode>) {
  const n = data.node;
  const style = kindStyle(n.kind);
  const classes = ['endpoint'];
  if (selected) classes.push('is-selected');
  if (data.highlighted) classes.push('is-highlighted');
  return (
    <div
      className={classes.join(' ')}
      style={{ ['--kind' as string]: style.color }}
      data-testid={`node-${n.id}`}
      data-kind={n.kind}
      title={[n.label ?? n.id, subtitle(data), n.note].filter(Boolean).join('\n')}
    >
      <Handle type="target" position={Position.Left} className="endpoint-handle" />
      <div className="endpoint-icon">
        <KindIcon kind={n.kind} size={18} />
      </div>
      <div className="endpoint-text">
        <div className="endpoint-title">{n.label ?? n.id}</div>
        <div className="endpoint-subtitle">{subtitle(data)}</div>
      </div>
      {data.problems > 0 && (
        <span className="endpoint-problems" title={`${data.problems} problem(s)`}>
          {data.problems}
        </span>
      )}
      <Handle type="source" position={Position.Right} className="endpoint-handle" />
    </div>
  );
}

export const EndpointNode = memo(EndpointNodeView);
