/**
 * What the topology checks share while they walk a topology in file order: the report,
 * the first zone and node of each id (later ones are duplicates), and the owners of hosts,
 * CIDRs and edges seen so far, for "already listed by …" findings.
 */
import type { Zone, ZoneKind } from '../core/model.js';
import type { Cidr } from '../net/ip.js';
import type { FieldPath } from './field-path.js';
import type { Report } from './findings.js';
import { TOPOLOGY_ID_PATTERN, suggestId } from './names.js';

export interface ZoneInfo {
  zone: Zone;
  /** The zone's CIDRs that parse. */
  cidrs: Cidr[];
}

export class CheckContext {
  /** First zone with each id, and its position. */
  readonly zones = new Map<string, ZoneInfo>();
  readonly zoneIndex = new Map<string, number>();
  /** First node with each id: its position, zone id and (when the zone exists) zone kind. */
  readonly nodeIndex = new Map<string, number>();
  readonly nodeZone = new Map<string, string>();
  readonly nodeZoneKind = new Map<string, ZoneKind>();
  /** Ids by position, for naming the first of two in messages. */
  readonly zoneIds: string[] = [];
  readonly nodeIds: string[] = [];
  /** Canonical CIDR → first zone; host → first node; edge key → first edge. */
  readonly cidrOwner = new Map<string, number>();
  readonly hostOwner = new Map<string, number>();
  readonly edgeOwner = new Map<string, number>();

  constructor(readonly report: Report) {}

  checkId(id: string, at: FieldPath, item: 'zone' | 'node'): void {
    if (id === '') {
      this.report({ name: 'missingKey', args: { key: 'id', item, what: 'an id' }, at });
    } else if (!TOPOLOGY_ID_PATTERN.test(id)) {
      this.report({ name: 'invalidId', args: { found: id, example: suggestId(id) }, at });
    }
  }

  /** Reports the second and later occurrences of a value in one list. */
  checkRepeated(values: readonly string[], at: FieldPath): void {
    const seen = new Set<string>();
    values.forEach((value, i) => {
      if (seen.has(value)) {
        this.report({ name: 'repeatedEntry', args: { found: value }, at: [...at, i] });
      }
      seen.add(value);
    });
  }
}
