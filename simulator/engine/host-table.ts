/**
 * Hosts → what the matcher needs about them, stored flat. A host's record is a run in one
 * Int32Array: `[node, domainId, wildcardCount, wildcard ids…, ruleCount, rule offsets…]`,
 * and the map from host text holds only the run's position (a small integer, stored inline
 * in the map), so a lookup touches the map and one run — at 100,000 rules the difference
 * between fitting in the processor's cache and not.
 *
 * Records of every host the policy or topology names are built once; other hosts are added
 * as they are seen, and dropped (the built ones kept) when too many have accumulated.
 */

/** Position of the record of hosts that match nothing (`[-1, -1, 0, 0]`). */
export const NO_HOST = 0;

export interface HostRecord {
  node: number;
  domainId: number;
  wildcards: ArrayLike<number>;
  /** Rule offsets, ascending. */
  rules: ArrayLike<number>;
}

export class HostTable {
  private data = new Int32Array(1024);
  private length = 0;
  private readonly map = new Map<string, number>();
  private builtLength = 0;
  private readonly built = new Map<string, number>();
  private added = 0;

  constructor(private readonly addedLimit: number) {
    this.append({ node: -1, domainId: -1, wildcards: [], rules: [] });
  }

  /** The records, valid until the next `add`. */
  get records(): Int32Array {
    return this.data;
  }

  get(host: string): number | undefined {
    return this.map.get(host);
  }

  /** A record that stays for the life of the table. */
  addBuilt(host: string, record: HostRecord | number): number {
    const at = typeof record === 'number' ? record : this.append(record);
    this.map.set(host, at);
    this.built.set(host, at);
    this.builtLength = this.length;
    return at;
  }

  /** A record found at run time; may be dropped later. */
  add(host: string, record: HostRecord | number): number {
    if (++this.added > this.addedLimit) {
      this.map.clear();
      for (const [h, at] of this.built) this.map.set(h, at);
      this.length = this.builtLength;
      this.added = 1;
    }
    const at = typeof record === 'number' ? record : this.append(record);
    this.map.set(host, at);
    return at;
  }

  private append(r: HostRecord): number {
    const size = 4 + r.wildcards.length + r.rules.length;
    if (this.length + size > this.data.length) {
      const grown = new Int32Array(Math.max(this.data.length * 2, this.length + size));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    const at = this.length;
    const d = this.data;
    let k = at;
    d[k++] = r.node;
    d[k++] = r.domainId;
    d[k++] = r.wildcards.length;
    for (let i = 0; i < r.wildcards.length; i++) d[k++] = r.wildcards[i]!;
    d[k++] = r.rules.length;
    for (let i = 0; i < r.rules.length; i++) d[k++] = r.rules[i]!;
    this.length = k;
    return at;
  }
}
