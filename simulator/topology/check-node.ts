/**
 * A node's checks: id, kind, zone reference, roles, addresses (normalised, and placed
 * against the zones), hosts (normalised, exact names, one owner each) and position.
 */
import type { Point, TopologyNode } from '../core/model.js';
import type { Cidr } from '../net/ip.js';
import { isIpv4MappedText, isMappedPrefixTooShort } from '../net/ip.js';
import {
  DOMAIN_PROBLEM_TEXT,
  isDomainProblem,
  normalizeDomain,
  parseDomainPattern,
} from '../util/domain.js';
import { didYouMean } from '../util/suggest.js';
import { checkNodeAddress, cidrText, containsAddress, longestMatch } from './addresses.js';
import { NODE_KIND_IDS, getNodeKind } from './catalog.js';
import type { CheckContext, ZoneInfo } from './check-context.js';
import type { FieldPath } from './field-path.js';
import { ROLE_NAME_PATTERN } from './names.js';

export function checkNode(ctx: CheckContext, node: TopologyNode, i: number): TopologyNode {
  const at: FieldPath = ['nodes', i];
  ctx.nodeIds[i] = node.id;
  ctx.checkId(node.id, [...at, 'id'], 'node');
  const first = ctx.nodeIndex.get(node.id);
  const isFirst = node.id !== '' && first === undefined;
  if (node.id !== '' && first !== undefined) {
    ctx.report({
      name: 'duplicateNodeId',
      args: { id: node.id },
      at: [...at, 'id'],
      related: [{ message: 'first declared here', at: ['nodes', first, 'id'] }],
    });
  }
  checkKind(ctx, node.kind, [...at, 'kind']);
  const zone = zoneOf(ctx, node.zone, [...at, 'zone']);
  if (isFirst) {
    ctx.nodeIndex.set(node.id, i);
    ctx.nodeZone.set(node.id, node.zone);
    if (zone) ctx.nodeZoneKind.set(node.id, zone.zone.kind);
  }

  node.roles.forEach((role, k) => {
    if (!ROLE_NAME_PATTERN.test(role)) {
      ctx.report({ name: 'invalidRole', args: { found: role }, at: [...at, 'roles', k] });
    }
  });
  ctx.checkRepeated(node.roles, [...at, 'roles']);

  const addresses = node.addresses.map((text, k) =>
    checkAddress(ctx, node, zone, text, [...at, 'addresses', k]),
  );
  ctx.checkRepeated(addresses, [...at, 'addresses']);

  const hosts = node.hosts.map((text, k) => checkHost(ctx, text, [...at, 'hosts', k]));
  ctx.checkRepeated(hosts, [...at, 'hosts']);
  hosts.forEach((host, k) => {
    const owner = ctx.hostOwner.get(host);
    if (owner === undefined) {
      ctx.hostOwner.set(host, i);
    } else if (owner !== i) {
      ctx.report({
        name: 'hostOfTwoNodes',
        args: { host, first: ctx.nodeIds[owner] ?? '' },
        at: [...at, 'hosts', k],
        related: [{ message: 'first listed here', at: ['nodes', owner] }],
      });
    }
  });

  const out: TopologyNode = {
    id: node.id,
    kind: node.kind,
    zone: node.zone,
    roles: [...node.roles],
    addresses,
    hosts,
  };
  if (node.label !== undefined && node.label !== '') out.label = node.label;
  if (node.position !== undefined) {
    const position = checkPosition(ctx, node.position, [...at, 'position']);
    if (position) out.position = position;
  }
  if (node.note !== undefined && node.note !== '') out.note = node.note;
  return out;
}

function checkKind(ctx: CheckContext, kind: string, at: FieldPath): void {
  if (kind === '') {
    ctx.report({
      name: 'missingKey',
      args: { key: 'kind', item: 'node', what: 'a kind (e.g. generic)' },
      at,
    });
  } else if (!getNodeKind(kind)) {
    ctx.report({
      name: 'unknownNodeKind',
      args: {
        found: kind,
        suggestion: didYouMean(kind, NODE_KIND_IDS),
        kinds: NODE_KIND_IDS.join(', '),
      },
      at,
    });
  }
}

function zoneOf(ctx: CheckContext, zone: string, at: FieldPath): ZoneInfo | undefined {
  if (zone === '') {
    ctx.report({
      name: 'missingKey',
      args: { key: 'zone', item: 'node', what: 'the id of its zone' },
      at,
    });
    return undefined;
  }
  const info = ctx.zones.get(zone);
  if (info) return info;
  const known = [...ctx.zones.keys()];
  let suggestion = didYouMean(zone, known);
  if (suggestion === '') {
    suggestion =
      known.length > 0
        ? ` (the zones are ${known.map((z) => `"${z}"`).join(', ')})`
        : '; declare it under zones';
  }
  ctx.report({ name: 'unknownZone', args: { found: zone, suggestion }, at });
  return undefined;
}

function checkAddress(
  ctx: CheckContext,
  node: TopologyNode,
  zone: ZoneInfo | undefined,
  text: string,
  at: FieldPath,
): string {
  const check = checkNodeAddress(text);
  if (!check.ok) {
    const name = isMappedPrefixTooShort(text) ? 'mappedPrefixTooShort' : 'invalidAddress';
    ctx.report({ name, args: { found: text }, at });
    return text;
  }
  if (check.hostBitsSet) {
    ctx.report({ name: 'cidrHostBits', args: { found: text, normalized: check.canonical }, at });
  } else if (isIpv4MappedText(text)) {
    ctx.report({ name: 'mappedAddress', args: { found: text, normalized: check.canonical }, at });
  }
  if (zone?.zone.kind === 'external' && refuseInternalAddress(ctx, node, check.cidr, at)) {
    return check.canonical;
  }
  if (zone && !containsAddress(zone.cidrs, check.cidr)) {
    placeAddress(ctx, node, zone, check.cidr, at);
  }
  return check.canonical;
}

/**
 * An external node's address inside an internal zone is an error, whatever its own zone
 * declares: the node's names would stand for an internal host, so a rule allowing a name
 * (or a wildcard over it) would allow that host. True when it was reported.
 */
function refuseInternalAddress(
  ctx: CheckContext,
  node: TopologyNode,
  address: Cidr,
  at: FieldPath,
): boolean {
  for (const info of ctx.zones.values()) {
    if (info.zone.kind !== 'internal') continue;
    const cidr = info.cidrs[longestMatch(info.cidrs, address)];
    if (cidr === undefined) continue;
    ctx.report({
      name: 'externalAddressInInternalZone',
      args: {
        address: cidrText(address),
        node: node.id,
        other: info.zone.id,
        cidr: cidrText(cidr),
      },
      at,
    });
    return true;
  }
  return false;
}

/**
 * An address outside its own zone's CIDRs: worth a warning when it lies in a zone of the
 * other kind (the outbound-only guard would judge it by the wrong side), or when its own
 * zone declares CIDRs at all. Nested CIDRs across zones are fine: resolution takes the
 * longest prefix.
 */
function placeAddress(
  ctx: CheckContext,
  node: TopologyNode,
  zone: ZoneInfo,
  address: Cidr,
  at: FieldPath,
): void {
  let best: { info: ZoneInfo; cidr: Cidr } | undefined;
  for (const info of ctx.zones.values()) {
    if (info === zone) continue;
    const cidr = info.cidrs[longestMatch(info.cidrs, address)];
    if (cidr && (!best || cidr.prefix > best.cidr.prefix)) best = { info, cidr };
  }
  if (best && best.info.zone.kind !== zone.zone.kind) {
    ctx.report({
      name: 'addressInOtherZoneKind',
      args: {
        address: cidrText(address),
        otherKind: best.info.zone.kind,
        other: best.info.zone.id,
        cidr: cidrText(best.cidr),
        node: node.id,
        kind: zone.zone.kind,
        zone: zone.zone.id,
      },
      at,
    });
  } else if (zone.cidrs.length > 0) {
    ctx.report({
      name: 'addressOutsideZone',
      args: {
        address: cidrText(address),
        zone: zone.zone.id,
        cidrs: zone.cidrs.map(cidrText).join(', '),
      },
      at,
    });
  }
}

function checkHost(ctx: CheckContext, text: string, at: FieldPath): string {
  const parsed = parseDomainPattern(text);
  if (isDomainProblem(parsed)) {
    ctx.report({
      name: 'invalidHost',
      args: { found: text, problem: DOMAIN_PROBLEM_TEXT[parsed] },
      at,
    });
    return text;
  }
  // Resolution looks a flow's host up among the nodes' hosts by equality (docs/language.md), so a
  // pattern here would never match anything.
  if (parsed.wildcard) {
    ctx.report({ name: 'wildcardHost', args: { found: text }, at });
    return text;
  }
  return normalizeDomain(text);
}

function checkPosition(ctx: CheckContext, position: Point, at: FieldPath): Point | undefined {
  let ok = true;
  for (const axis of ['x', 'y'] as const) {
    const v = position[axis];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      ctx.report({ name: 'invalidPosition', args: { axis, found: String(v) }, at: [...at, axis] });
      ok = false;
    }
  }
  // `|| 0` turns -0 into 0, so that saving never writes "-0".
  return ok ? { x: Math.round(position.x) || 0, y: Math.round(position.y) || 0 } : undefined;
}
