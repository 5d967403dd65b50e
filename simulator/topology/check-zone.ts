/** A zone's checks: id, kind, CIDRs (normalised), and CIDRs claimed by two zones. */
import type { Zone } from '../core/model.js';
import type { Cidr } from '../net/ip.js';
import { isIpv4MappedText, isMappedPrefixTooShort } from '../net/ip.js';
import { didYouMean } from '../util/suggest.js';
import { checkZoneCidr } from './addresses.js';
import type { CheckContext } from './check-context.js';
import type { FieldPath } from './field-path.js';

export function checkZone(ctx: CheckContext, zone: Zone, i: number): Zone {
  const at: FieldPath = ['zones', i];
  ctx.zoneIds[i] = zone.id;
  ctx.checkId(zone.id, [...at, 'id'], 'zone');
  const first = ctx.zoneIndex.get(zone.id);
  if (zone.id !== '' && first !== undefined) {
    ctx.report({
      name: 'duplicateZoneId',
      args: { id: zone.id },
      at: [...at, 'id'],
      related: [{ message: 'first declared here', at: ['zones', first, 'id'] }],
    });
  }
  // The type says internal | external; a topology built in memory may still say otherwise.
  if (zone.kind !== 'internal' && zone.kind !== 'external') {
    const found = String(zone.kind as unknown);
    ctx.report({
      name: 'unknownZoneKind',
      args: { found, suggestion: didYouMean(found, ['internal', 'external']) },
      at: [...at, 'kind'],
    });
  }

  const parsed: Cidr[] = [];
  const cidrs = zone.cidrs.map((text, k) => {
    const here: FieldPath = [...at, 'cidrs', k];
    const check = checkZoneCidr(text);
    if (!check.ok) {
      const name = isMappedPrefixTooShort(text) ? 'mappedPrefixTooShort' : 'invalidCidr';
      ctx.report({ name, args: { found: text }, at: here });
      return text;
    }
    if (check.hostBitsSet) {
      ctx.report({
        name: 'cidrHostBits',
        args: { found: text, normalized: check.canonical },
        at: here,
      });
    } else if (isIpv4MappedText(text)) {
      ctx.report({
        name: 'mappedAddress',
        args: { found: text, normalized: check.canonical },
        at: here,
      });
    }
    const owner = ctx.cidrOwner.get(check.canonical);
    if (owner === undefined) {
      ctx.cidrOwner.set(check.canonical, i);
    } else if (owner !== i) {
      ctx.report({
        name: 'cidrOfTwoZones',
        args: { cidr: check.canonical, first: ctx.zoneIds[owner] ?? '' },
        at: here,
        related: [{ message: 'first declared here', at: ['zones', owner] }],
      });
    }
    parsed.push(check.cidr);
    return check.canonical;
  });
  ctx.checkRepeated(cidrs, [...at, 'cidrs']);

  if (zone.id !== '' && first === undefined) {
    ctx.zoneIndex.set(zone.id, i);
    ctx.zones.set(zone.id, { zone, cidrs: parsed });
  }
  const out: Zone = { id: zone.id, kind: zone.kind, cidrs };
  if (zone.label !== undefined && zone.label !== '') out.label = zone.label;
  return out;
}
