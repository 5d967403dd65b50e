/**
 * An edge's checks: both ends name nodes, the service is concrete (normalised), and the
 * warnings about edges that cannot mean what they draw: inbound, to itself, drawn twice.
 */
import type { TopologyEdge } from '../core/model.js';
import { didYouMean } from '../util/suggest.js';
import type { CheckContext } from './check-context.js';
import { checkEdgeService } from './edge-service.js';
import type { FieldPath } from './field-path.js';

export function checkEdge(ctx: CheckContext, edge: TopologyEdge, i: number): TopologyEdge {
  const at: FieldPath = ['edges', i];
  const fromOk = checkEnd(ctx, edge.from, [...at, 'from'], 'from', 'the id of its source node');
  const toOk = checkEnd(ctx, edge.to, [...at, 'to'], 'to', 'the id of its destination node');
  const service = checkService(ctx, edge.service, [...at, 'service']);
  if (fromOk && ctx.nodeZoneKind.get(edge.from) === 'external') {
    ctx.report({
      name: 'edgeFromExternal',
      args: { node: edge.from, zone: ctx.nodeZone.get(edge.from) ?? '' },
      at: [...at, 'from'],
    });
  }
  if (fromOk && edge.from === edge.to) {
    ctx.report({ name: 'edgeToItself', args: { node: edge.from }, at });
  }
  if (fromOk && toOk && service !== null) {
    const key = `${edge.from}\u0000${edge.to}\u0000${service}`;
    const first = ctx.edgeOwner.get(key);
    if (first === undefined) {
      ctx.edgeOwner.set(key, i);
    } else {
      ctx.report({
        name: 'duplicateEdge',
        args: { from: edge.from, to: edge.to, service },
        at,
        related: [{ message: 'first drawn here', at: ['edges', first] }],
      });
    }
  }
  const out: TopologyEdge = { from: edge.from, to: edge.to, service: service ?? edge.service };
  if (edge.note !== undefined && edge.note !== '') out.note = edge.note;
  return out;
}

function checkEnd(
  ctx: CheckContext,
  id: string,
  at: FieldPath,
  key: string,
  what: string,
): boolean {
  if (id === '') {
    ctx.report({ name: 'missingKey', args: { key, item: 'edge', what }, at });
    return false;
  }
  if (ctx.nodeIndex.has(id)) return true;
  ctx.report({
    name: 'unknownEdgeNode',
    args: { found: id, suggestion: didYouMean(id, ctx.nodeIndex.keys()) },
    at,
  });
  return false;
}

/** The canonical service, or null when it is missing or not concrete. */
function checkService(ctx: CheckContext, text: string, at: FieldPath): string | null {
  if (text === '') {
    ctx.report({
      name: 'missingKey',
      args: { key: 'service', item: 'edge', what: 'a service such as tcp/443' },
      at,
    });
    return null;
  }
  const check = checkEdgeService(text);
  if (check.ok) return check.canonical;
  if (check.problem === 'not-concrete') {
    ctx.report({ name: 'invalidService', args: { found: text }, at });
  } else if (check.problem === 'port-range') {
    ctx.report({ name: 'invalidPort', args: { found: check.port, service: text }, at });
  } else {
    ctx.report({ name: 'reversedPortRange', args: { found: text, fixed: check.fixed }, at });
  }
  return null;
}
