/**
 * Items in their places: which shapes each list accepts (docs/language.md SRC, DST, SVC and the set
 * kinds), the conversion of an accepted item to the model, and the explanation when an item
 * is in the wrong place. Set names are resolved by the caller (sets.ts, rules.ts).
 */
import type { Range } from '../core/diagnostic.js';
import type { DestinationItem, ServiceItem, SetKind } from '../core/model.js';
import { LANGUAGE_DIAGNOSTICS as D } from '../diagnostics/catalog-language.js';
import type { Suggestion } from '../diagnostics/define.js';
import { NO_SUGGESTION, replaceWith, suggest, suggestReplacement } from '../util/suggest.js';
import type { ItemNode, ItemShape } from './ast.js';
import type { CheckContext, Definition } from './check-context.js';
import { REFERENCE_PREFIXES } from './keywords.js';
import { checkAddress, checkDomain, checkService } from './literals.js';
import type { DomainValue, ServiceValue } from './literals.js';

export type Place = 'from' | 'to' | 'on' | SetKind;

interface PlaceInfo {
  label: string;
  accepted: string;
  shapes: readonly ItemShape[];
  setKinds: readonly SetKind[];
}

const SERVICES_ACCEPTED = 'any, tcp, udp, icmp, tcp/PORT, tcp/LO-HI, udp/PORT, udp/LO-HI';

export const PLACES: Record<Place, PlaceInfo> = {
  from: {
    label: '"from"',
    accepted: 'any, role:NAME, node:NAME, zone:NAME, IP addresses, CIDRs and nets sets',
    shapes: ['any', 'role', 'node', 'zone', 'address'],
    setKinds: ['nets'],
  },
  to: {
    label: '"to"',
    accepted:
      'any, domains, *.domains, IP addresses, CIDRs, role:NAME, node:NAME, zone:NAME and hosts or nets sets',
    shapes: ['any', 'role', 'node', 'zone', 'address', 'domain'],
    setKinds: ['hosts', 'nets'],
  },
  on: {
    label: '"on"',
    accepted: `${SERVICES_ACCEPTED} and services sets`,
    shapes: ['any', 'service'],
    setKinds: ['services'],
  },
  hosts: {
    label: 'a hosts set',
    accepted: 'domains, *.domains and other hosts sets',
    shapes: ['domain'],
    setKinds: ['hosts'],
  },
  nets: {
    label: 'a nets set',
    accepted: 'IP addresses, CIDRs and other nets sets',
    shapes: ['address'],
    setKinds: ['nets'],
  },
  services: {
    label: 'a services set',
    accepted: `${SERVICES_ACCEPTED} and other services sets`,
    shapes: ['any', 'service'],
    setKinds: ['services'],
  },
};

export function shapeLabel(shape: ItemShape, text: string): string {
  switch (shape) {
    case 'any':
      return 'keyword';
    case 'role':
    case 'node':
    case 'zone':
      return `${shape} reference`;
    case 'address':
      return text.includes('/') ? 'CIDR' : 'IP address';
    case 'domain':
      return text.startsWith('*') ? 'wildcard domain' : 'domain';
    case 'service':
      return 'service';
    case 'path':
      return 'path';
    default:
      return 'item';
  }
}

/** A hint for a word no place accepts: quotes, capitals, a port without protocol, a URL. */
function wordSuggestion(text: string, place: Place): Suggestion {
  if (/^["'`].*["'`]$/.test(text))
    return { hint: ' (remove the quotes)', replacement: text.slice(1, -1) };
  if (/^\d+(?:-\d+)?$/.test(text) && (place === 'on' || place === 'services')) {
    return replaceWith(`tcp/${text}`);
  }
  const lower = text.toLowerCase();
  if (lower !== text && /^(?:tcp|udp|icmp)(?:\/.*)?$/.test(lower)) return replaceWith(lower);
  if (lower !== text && /^[a-z][a-z0-9_-]*$/.test(lower)) {
    return { hint: ` (names are lowercase: "${lower}")`, replacement: lower };
  }
  return NO_SUGGESTION;
}

function prefixSuggestion(text: string, prefix: string): Suggestion {
  const rest = text.slice(prefix.length + 1);
  if (/^(?:tcp|udp)$/i.test(prefix) && /^\d+$/.test(rest)) {
    return replaceWith(`${prefix.toLowerCase()}/${rest}`);
  }
  if (/^https?$/i.test(prefix)) {
    const host = rest.replace(/^\/\//, '').split(/[/:?]/)[0] ?? '';
    return host
      ? { hint: ` (write the host name alone: "${host}")`, replacement: host }
      : NO_SUGGESTION;
  }
  const near = suggest(prefix, REFERENCE_PREFIXES);
  return near === undefined ? NO_SUGGESTION : replaceWith(`${near}:${rest}`);
}

/** `rol:trainer`, `https://pypi.org`: an unknown prefix, with the likely intent. */
export function reportPrefix(ctx: CheckContext, item: ItemNode): null {
  const prefix = item.text.slice(0, item.text.indexOf(':'));
  const suggestion = prefixSuggestion(item.text, prefix);
  ctx.error(D.unknownPrefix, { prefix, text: item.text, suggestion }, item.range);
  return null;
}

/** `role:trainer` → checks the name's form and, with a topology, that it exists. */
export function checkReference(
  ctx: CheckContext,
  item: ItemNode,
  kind: 'role' | 'node' | 'zone',
): string | null {
  const name = item.text.slice(kind.length + 1);
  const start = item.range.start;
  const range: Range = {
    start: {
      line: start.line,
      column: start.column + kind.length + 1,
      offset: start.offset + kind.length + 1,
    },
    end: item.range.end,
  };
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(name)) {
    const example = name.toLowerCase().replace(/[^a-z0-9_-]/g, '') || 'trainer';
    ctx.error(D.invalidReferenceName, { kind, text: item.text, example }, item.range);
    return null;
  }
  ctx.reference(name, kind, range);
  const known = ctx.topology?.[kind];
  if (known !== undefined && !known.has(name)) {
    const template =
      kind === 'role' ? D.unknownRole : kind === 'node' ? D.unknownNode : D.unknownZone;
    ctx.error(template, { name, suggestion: suggestReplacement(name, known) }, range);
    return null;
  }
  return name;
}

export type LiteralValue =
  | { kind: 'any' }
  | { kind: 'role' | 'node' | 'zone'; name: string }
  | { kind: 'cidr'; cidr: string }
  | DomainValue
  | ServiceValue;

/** Converts a literal (not a set name) in `place`, or reports why it cannot stand there. */
export function checkLiteral(ctx: CheckContext, item: ItemNode, place: Place): LiteralValue | null {
  const info = PLACES[place];
  const { text, shape, range } = item;
  if ((shape === 'word' || shape === 'prefix') && (place === 'on' || place === 'services')) {
    const prefix = shape === 'prefix' ? text.slice(0, text.indexOf(':')) : '';
    const suggestion =
      shape === 'prefix' ? prefixSuggestion(text, prefix) : wordSuggestion(text, place);
    ctx.error(D.invalidService, { text, suggestion }, range);
    return null;
  }
  if (shape === 'prefix') return reportPrefix(ctx, item);
  if (shape === 'word' || shape === 'name') {
    const suggestion = wordSuggestion(text, place);
    ctx.error(
      D.unrecognisedItem,
      { text, place: info.label, accepted: info.accepted, suggestion },
      range,
    );
    return null;
  }
  if (!info.shapes.includes(shape)) {
    ctx.error(
      D.itemNotAllowed,
      {
        what: shapeLabel(shape, text),
        text,
        place: info.label,
        suggestion: '',
        accepted: info.accepted,
      },
      range,
    );
    return null;
  }
  switch (shape) {
    case 'any':
      return { kind: 'any' };
    case 'role':
    case 'node':
    case 'zone': {
      const name = checkReference(ctx, item, shape);
      return name === null ? null : { kind: shape, name };
    }
    case 'address': {
      const cidr = checkAddress(ctx, text, range);
      return cidr === null ? null : { kind: 'cidr', cidr };
    }
    case 'domain':
      return checkDomain(ctx, text, range);
    case 'service':
      return checkService(ctx, text, range);
    default:
      return null;
  }
}

/**
 * A set name in `place`: the definition when it exists and is of an accepted kind, else
 * null after reporting (unknown, a rule, or the wrong kind of set).
 */
export function checkSetName(
  ctx: CheckContext,
  item: ItemNode,
  place: Place,
): Extract<Definition, { kind: SetKind }> | null {
  const info = PLACES[place];
  const name = item.text;
  ctx.reference(name, 'set', item.range);
  const def = ctx.names.get(name);
  if (def === undefined) {
    // Only names of about the same length can be near misses; skip the rest cheaply.
    const slack = Math.max(1, Math.floor(name.length / 3));
    const candidates: string[] = [];
    for (const d of ctx.names.values()) {
      if (d.kind === 'rule' || !info.setKinds.includes(d.kind)) continue;
      if (Math.abs(d.name.length - name.length) <= slack) candidates.push(d.name);
    }
    const definition = info.setKinds.map((k) => `"${k} ${name} = …"`).join(' or ');
    ctx.error(
      D.unknownSet,
      { name, suggestion: suggestReplacement(name, candidates), definition },
      item.range,
    );
    return null;
  }
  if (def.kind === 'rule') {
    ctx.error(D.ruleUsedAsSet, { name }, item.range);
    return null;
  }
  if (!info.setKinds.includes(def.kind)) {
    ctx.error(
      D.wrongSetKind,
      { kind: def.kind, name, place: info.label, accepted: info.accepted },
      item.range,
    );
    return null;
  }
  return def;
}

export type PlacedItem = DestinationItem | ServiceItem;

/**
 * The model item of a value with its `via` chain, built field by field: items are made by
 * the hundred thousand in large policies, and object spread is several times slower.
 */
export function placeItem(v: LiteralValue | PlacedItem, via: string[], range: Range): PlacedItem {
  switch (v.kind) {
    case 'any':
      return { kind: 'any', via, range };
    case 'role':
    case 'node':
    case 'zone':
      return { kind: v.kind, name: v.name, via, range };
    case 'cidr':
      return { kind: 'cidr', cidr: v.cidr, via, range };
    case 'domain':
      return { kind: 'domain', domain: v.domain, via, range };
    case 'wildcard':
      return { kind: 'wildcard', suffix: v.suffix, via, range };
    case 'proto':
      return v.ports === undefined
        ? { kind: 'proto', proto: v.proto, via, range }
        : { kind: 'proto', proto: v.proto, ports: v.ports, via, range };
  }
}

/**
 * The `via` of an item written inline. Shared by all of them (a large policy has hundreds of
 * thousands) and frozen, so that no consumer can add to it by accident.
 */
export const INLINE: string[] = Object.freeze([]) as unknown as string[];

/** A set member reached through set `name`: `name` goes in front of its `via` chain. */
export function throughSet(m: PlacedItem, name: string): PlacedItem {
  const via = new Array<string>(m.via.length + 1);
  via[0] = name;
  for (let i = 0; i < m.via.length; i++) via[i + 1] = m.via[i]!;
  return placeItem(m, via, m.range!);
}
