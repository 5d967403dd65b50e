/**
 * The flow of an `expect` line or of an `egress explain` argument: one source, one target,
 * one concrete service (docs/language.md: ENDPOINT, TARGET, SVC1), optional method and path.
 */
import type { ExpectEndpoint, ExpectTarget, Protocol } from '../core/model.js';
import { LANGUAGE_DIAGNOSTICS as D } from '../diagnostics/catalog-language.js';
import type { Suggestion } from '../diagnostics/define.js';
import { NO_SUGGESTION, replaceWith } from '../util/suggest.js';
import type { FlowSpecNode, ItemNode } from './ast.js';
import type { CheckContext } from './check-context.js';
import {
  checkDomain,
  checkFlowPath,
  checkMethod,
  checkService,
  checkSingleAddress,
} from './literals.js';
import { checkReference, reportPrefix, shapeLabel } from './places.js';

export interface CheckedFlow {
  endpoint: ExpectEndpoint;
  target: ExpectTarget;
  proto: Protocol;
  port?: number;
  method?: string;
  path?: string;
}

const SOURCE = { label: 'the flow source', accepted: 'node:NAME or an IP address' };
const TARGET = { label: 'the flow target', accepted: 'a domain, an IP address or node:NAME' };

function misplaced(
  ctx: CheckContext,
  item: ItemNode,
  where: { label: string; accepted: string },
  suggestion: Suggestion = NO_SUGGESTION,
): null {
  const { text, shape, range } = item;
  if (shape === 'prefix') return reportPrefix(ctx, item);
  if (shape === 'word') {
    ctx.error(
      D.unrecognisedItem,
      { text, place: where.label, accepted: where.accepted, suggestion },
      range,
    );
  } else {
    let what = shapeLabel(shape, text);
    if (shape === 'name') {
      const def = ctx.names.get(text);
      what = def === undefined ? 'name' : def.kind === 'rule' ? 'rule' : `${def.kind} set`;
    }
    ctx.error(
      D.itemNotAllowed,
      { what, text, place: where.label, accepted: where.accepted, suggestion },
      range,
    );
  }
  return null;
}

/** ` (did you mean "node:trainer"?)` for a bare name that is not a set or rule. */
function nodeHint(ctx: CheckContext, item: ItemNode): Suggestion {
  return item.shape === 'name' && !ctx.names.has(item.text)
    ? replaceWith(`node:${item.text}`)
    : NO_SUGGESTION;
}

function checkEndpoint(ctx: CheckContext, item: ItemNode): ExpectEndpoint | null {
  if (item.shape === 'node') {
    const name = checkReference(ctx, item, 'node');
    return name === null ? null : { kind: 'node', name };
  }
  if (item.shape === 'address') {
    const ip = checkSingleAddress(ctx, item.text, item.range, SOURCE.label);
    return ip === null ? null : { kind: 'ip', ip };
  }
  return misplaced(ctx, item, SOURCE, nodeHint(ctx, item));
}

function checkTarget(ctx: CheckContext, item: ItemNode): ExpectTarget | null {
  if (item.shape === 'node') {
    const name = checkReference(ctx, item, 'node');
    return name === null ? null : { kind: 'node', name };
  }
  if (item.shape === 'address') {
    const ip = checkSingleAddress(ctx, item.text, item.range, TARGET.label);
    return ip === null ? null : { kind: 'ip', ip };
  }
  if (item.shape === 'domain') {
    if (item.text.startsWith('*.')) {
      return misplaced(ctx, item, TARGET, { hint: ' (a flow goes to one host name)' });
    }
    const domain = checkDomain(ctx, item.text, item.range);
    return domain?.kind === 'domain' ? { kind: 'domain', domain: domain.domain } : null;
  }
  return misplaced(ctx, item, TARGET, nodeHint(ctx, item));
}

function checkConcreteService(
  ctx: CheckContext,
  item: ItemNode,
): { proto: Protocol; port?: number } | null {
  const { text, range } = item;
  const notConcrete = (problem: string): null => {
    ctx.error(D.serviceNotConcrete, { text, problem }, range);
    return null;
  };
  if (item.shape === 'any') return notConcrete('"any" stands for every service');
  if (item.shape === 'name') return notConcrete('a services set may hold several services');
  if (item.shape !== 'service') {
    return misplaced(ctx, item, {
      label: 'the flow service',
      accepted: 'tcp/PORT, udp/PORT or icmp',
    });
  }
  const value = checkService(ctx, text, range);
  if (value === null || value.kind !== 'proto') return null;
  if (value.proto === 'icmp') return { proto: 'icmp' };
  if (value.ports === undefined) return notConcrete(`${value.proto} alone has no port`);
  if (value.ports.lo !== value.ports.hi) return notConcrete('it is a range of ports');
  return { proto: value.proto, port: value.ports.lo };
}

/** Every part is checked (all errors reported); null when any part is missing or wrong. */
export function checkFlowItems(ctx: CheckContext, node: FlowSpecNode): CheckedFlow | null {
  const endpoint = node.endpoint && checkEndpoint(ctx, node.endpoint);
  const target = node.target && checkTarget(ctx, node.target);
  const service = node.service && checkConcreteService(ctx, node.service);
  const method = node.method && checkMethod(ctx, node.method.text, node.method.range);
  const path = node.path && checkFlowPath(ctx, node.path.text, node.path.range);
  if (!endpoint || !target || !service) return null;
  if ((node.method && !method) || (node.path && !path)) return null;
  const flow: CheckedFlow = { endpoint, target, proto: service.proto };
  if (service.port !== undefined) flow.port = service.port;
  if (method) flow.method = method;
  if (path) flow.path = path;
  return flow;
}
