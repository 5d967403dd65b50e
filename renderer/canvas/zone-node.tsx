/** A zone as a frame around its nodes: internal zones solid, external zones dashed. */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { Icon } from '../icons/ui-icons.js';
import type { ZoneFlowNode } from '../model/flow-elements.js';

function ZoneNodeView({ data, selected }: NodeProps<ZoneFlowNode>) {
  const z = data.zone;
  const internal = z.kind === 'internal';
  return (
    <div
      className={`zone zone-${z.kind}${selected ? ' is-selected' : ''}`}
      style={{ width: data.width, height: data.height }}
      data-testid={`zone-${z.id}`}
    >
      <div className="zone-header">
        <span className="zone-icon">
          <Icon name={internal ? 'lock' : 'globe'} size={14} />
        </span>
        <div className="zone-heading">
          <div className="zone-title-line">
            <span className="zone-title">{z.label ?? z.id}</span>
            {z.label && <span className="zone-id">zone:{z.id}</span>}
          </div>
          <div className="zone-meta">
            {internal ? 'Internal' : 'External'}
            {z.cidrs.length > 0 && ` · ${z.cidrs.join(', ')}`}
          </div>
        </div>
      </div>
      {data.members === 0 && <div className="zone-empty">Drop components here</div>}
    </div>
  );
}

export const ZoneNode = memo(ZoneNodeView);
