/**
 * Hosts → what the matcher needs about them, stored flat: a host's record is a run in one
 * Int32Array, `[node, domainId, wildcardCount, wildcard ids…, ruleCount, rule offsets…]`,
 * placed right after the host's own characters (text-table.ts), so that a lookup reads a
 * hash slot and then one run — at 100,000 rules the difference between fitting in the
 * processor's cache and not.
 *
 * Records of every host the policy or topology names are built once; other hosts are added
 * as they are seen, and dropped (the built ones kept) when too many have accumulated.
 */
import { TextTable } from './tuned/text-table.js';

export interface HostRecord {
  node: number;
  domainId: number;
  wildcards: ArrayLike<number>;
  /** Rule offsets, ascending. */
  rules: ArrayLike<number>;
}

/** The record of a host that matches nothing: no node, no domain, no wildcard, no rule. */
export const NO_HOST: HostRecord = Object.freeze({
  node: -1,
  domainId: -1,
  wildcards: [],
  rules: [],
});

/** A host record's words, as the matcher reads them. */
export function hostRecordWords(r: HostRecord): number[] {
  return [
    r.node,
    r.domainId,
    r.wildcards.length,
    ...Array.from(r.wildcards),
    r.rules.length,
    ...Array.from(r.rules),
  ];
}

export class HostTable {
  private readonly table: TextTable;
  /** Position of a keyless NO_HOST record, for flows without a host. */
  readonly none: number;

  constructor(addedLimit: number) {
    this.table = new TextTable(addedLimit);
    // The empty text is never looked up (an empty host counts as absent).
    this.none = this.table.insert('', hostRecordWords(NO_HOST), true);
  }

  /** The records, valid until the next `add`. */
  get records(): Int32Array {
    return this.table.records;
  }

  /** Position of the host's record, or -1. */
  get(host: string): number {
    return this.table.find(host);
  }

  /** A record that stays for the life of the table. */
  addBuilt(host: string, record: HostRecord): number {
    return this.table.insert(host, hostRecordWords(record), true);
  }

  /** A record found at run time; may be dropped later. */
  add(host: string, record: HostRecord): number {
    return this.table.insert(host, hostRecordWords(record), false);
  }
}
