/**
 * Texts → records of numbers, with each text's characters stored in its own record. A lookup
 * reads one slot of the hash table and then the record it points to, which the caller reads
 * next anyway: two memory reads where a `Map` from string to record reads four (its bucket,
 * its entry, the key string to compare, then the record). At 100,000 rules the tables no
 * longer fit in the processor's caches, and each of those reads is a cache miss on every
 * decision.
 *
 * A record is `[length, characters two per word…, payload…]` in one Int32Array; `find` and
 * `insert` return the payload's position. Records inserted with `built` stay for the life of
 * the table; others are added as they are met, and dropped (the built ones kept) when more
 * than `addedLimit` have accumulated, so that a stream of one-off texts cannot grow it
 * without bound. Built records are inserted before any other.
 *
 * Tuned for: cache misses at 100,000 rules. Plain reference: a `Map` from text to record;
 * tests: test/engine/structures.test.ts ("TextTable").
 */

import { owned } from './owned-string.js';

const EMPTY_SLOT = -1;

/** FNV-1a over the UTF-16 code units in two interleaved lanes, then a final mix. */
export function textHash(text: string): number {
  const n = text.length;
  let a = 0x811c9dc5 ^ n;
  let b = 0x2545f491;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193);
    b = Math.imul(b ^ text.charCodeAt(i + 1), 0x01000193);
  }
  if (i < n) a = Math.imul(a ^ text.charCodeAt(i), 0x01000193);
  let h = a ^ Math.imul(b, 0x5bd1e995);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

/** Does the record at `at` hold exactly `text`? */
function holds(data: Int32Array, at: number, text: string): boolean {
  const n = text.length;
  if (data[at] !== n) return false;
  let k = at + 1;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    if (data[k++] !== (text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16))) return false;
  }
  return i === n || data[k] === text.charCodeAt(i);
}

/** Words a record's key takes: the length and the characters, two per word. */
function keyWords(text: string): number {
  return 1 + ((text.length + 1) >> 1);
}

/**
 * Up to this many records, texts are found through a `Map` instead. Hashing a text here costs
 * about 15 instructions a character (V8 hashes a string natively, once, and keeps the hash),
 * which pays only when the table has outgrown the processor's cache and the `Map`'s extra
 * memory reads miss it. Measured with cachegrind (bench/matcher.ts workloads): at 10,000
 * rules (6,000 hosts) the `Map` is cheaper; at 100,000 rules (60,000 hosts) the slots save
 * 2.4 of 15.5 cache misses a decision for 1,800 more instructions, and decide faster.
 */
export const SMALL_TABLE = 16384;

interface Snapshot {
  length: number;
  count: number;
  small: Map<string, number> | null;
  slots: Int32Array;
}

export class TextTable {
  private data = new Int32Array(1024);
  private length = 0;
  private count = 0;
  private added = 0;
  /** Text → payload position while the table is small; null once it has grown. */
  private small: Map<string, number> | null = new Map();
  /** Pairs (hash, record position); position EMPTY_SLOT when free. Size a power of two. */
  private slots = new Int32Array(0);
  private mask = -1;
  /** The state of the built records, restored when the added ones are dropped. */
  private built: Snapshot | null = null;

  constructor(
    private readonly addedLimit: number,
    /** Records kept in the Map before moving to the hash slots. */
    private readonly smallLimit = SMALL_TABLE,
  ) {}

  /** The records, valid until the next `insert`. */
  get records(): Int32Array {
    return this.data;
  }

  /** Position of the payload of `text`, or -1. */
  find(text: string): number {
    const small = this.small;
    if (small !== null) return small.get(text) ?? -1;
    const h = textHash(text);
    const slots = this.slots;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const at = slots[2 * i + 1]!;
      if (at === EMPTY_SLOT) return -1;
      if (slots[2 * i] === h && holds(this.data, at, text)) return at + keyWords(text);
    }
  }

  /**
   * Stores `payload` under `text` (which must not be in the table yet) and returns the
   * payload's position. `built` records are never dropped.
   */
  insert(text: string, payload: ArrayLike<number>, built: boolean): number {
    if (built) {
      // The snapshot of the built state would hold run-time records too.
      if (this.built !== null) throw new Error('TextTable: built records come first');
    } else {
      this.built ??= {
        length: this.length,
        count: this.count,
        small: this.small === null ? null : new Map(this.small),
        slots: this.slots.slice(),
      };
      if (++this.added > this.addedLimit) {
        const b = this.built;
        this.length = b.length;
        this.count = b.count;
        this.small = b.small === null ? null : new Map(b.small);
        this.slots = b.slots.slice();
        this.mask = (this.slots.length >> 1) - 1;
        this.added = 1;
      }
    }
    const at = this.append(text, payload);
    const payloadAt = at + keyWords(text);
    this.count++;
    if (this.small !== null) {
      // A key that is a slice of a larger text would keep all of that text alive.
      this.small.set(owned(text), payloadAt);
      if (this.count > this.smallLimit) this.toSlots();
    } else {
      if (2 * this.count > this.mask + 1) this.grow();
      this.place(textHash(text), at);
    }
    return payloadAt;
  }

  private append(text: string, payload: ArrayLike<number>): number {
    const size = keyWords(text) + payload.length;
    if (this.length + size > this.data.length) {
      const grown = new Int32Array(Math.max(this.data.length * 2, this.length + size));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    const d = this.data;
    const at = this.length;
    let k = at;
    d[k++] = text.length;
    for (let i = 0; i < text.length; i += 2) {
      d[k++] = text.charCodeAt(i) | (i + 1 < text.length ? text.charCodeAt(i + 1) << 16 : 0);
    }
    for (let i = 0; i < payload.length; i++) d[k++] = payload[i]!;
    this.length = k;
    return at;
  }

  /** Leaves the Map for the hash slots, once the table has outgrown the cache. */
  private toSlots(): void {
    const small = this.small!;
    this.small = null;
    this.slots = new Int32Array(0);
    this.mask = -1;
    this.grow();
    for (const [text, payloadAt] of small) this.place(textHash(text), payloadAt - keyWords(text));
  }

  private place(h: number, at: number): void {
    const slots = this.slots;
    let i = h & this.mask;
    while (slots[2 * i + 1] !== EMPTY_SLOT) i = (i + 1) & this.mask;
    slots[2 * i] = h;
    slots[2 * i + 1] = at;
  }

  /** Doubles the slots (at least four times the records), keeping every record. */
  private grow(): void {
    const old = this.slots;
    let capacity = Math.max(16, old.length);
    while (capacity < 4 * this.count) capacity *= 2;
    this.slots = new Int32Array(2 * capacity).fill(EMPTY_SLOT);
    this.mask = capacity - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] !== EMPTY_SLOT) this.place(old[i]!, old[i + 1]!);
    }
  }
}
