/**
 * A binary prefix trie over IPv4 or IPv6 addresses. Each trie node may carry an integer
 * payload (an index into the caller's own table: a rule list, a node, a zone). A lookup
 * walks the address bit by bit from the root and reports the payloads of every prefix that
 * contains the address, shortest first, so the caller gets both "all containing CIDRs" (rule
 * candidates) and "longest prefix" (the last one) from one walk without allocating. Large
 * IPv4 tries are frozen into a 16-8-8 multibit table (stride-v4.ts): three reads, not 32 steps.
 *
 * Tuned for: all-containing-prefixes and longest-prefix lookups in one walk. Plain
 * reference: the CIDR loops of simulator/engine/reference.ts; tests:
 * test/engine/structures.test.ts ("prefix trie") and the differential test.
 */

import { StrideTableV4 } from './stride-v4.js';

const NONE = -1;
/** Tries with fewer nodes stay in the processor cache: walking them from the root is cheap. */
const TABLE_THRESHOLD = 4096;

/** A shortcut to the trie node 32 bits further down, with the payloads passed on the way. */
interface Jump {
  node: number;
  chain: Int32Array;
  next: Map<number, Jump> | null;
}

export class PrefixTrie {
  private zero: Int32Array;
  private one: Int32Array;
  private payloads: Int32Array;
  private count = 1;
  /** The multibit form of a large IPv4 trie (stride-v4.ts), used instead of the bit walk. */
  private stride: StrideTableV4 | null = null;
  /** IPv6 shortcuts keyed by the first address word (then by the second, in `next`). */
  private jumps: Map<number, Jump> | null = null;

  constructor(initialCapacity = 64) {
    this.zero = new Int32Array(initialCapacity);
    this.one = new Int32Array(initialCapacity);
    this.payloads = new Int32Array(initialCapacity).fill(NONE);
  }

  /** Number of trie nodes (for statistics). */
  get size(): number {
    return this.count;
  }

  private grow(): void {
    const capacity = this.zero.length * 2;
    const zero = new Int32Array(capacity);
    zero.set(this.zero);
    const one = new Int32Array(capacity);
    one.set(this.one);
    const payloads = new Int32Array(capacity).fill(NONE);
    payloads.set(this.payloads);
    this.zero = zero;
    this.one = one;
    this.payloads = payloads;
  }

  private child(node: number, bit: number): number {
    const side = bit === 0 ? this.zero : this.one;
    let next = side[node]!;
    if (next === 0) {
      if (this.count === this.zero.length) this.grow();
      next = this.count++;
      (bit === 0 ? this.zero : this.one)[node] = next;
    }
    return next;
  }

  /** The trie node of an IPv4 prefix (created if needed). */
  nodeV4(value: number, prefix: number): number {
    let node = 0;
    for (let i = 0; i < prefix; i++) node = this.child(node, (value >>> (31 - i)) & 1);
    return node;
  }

  /** The trie node of an IPv6 prefix given as four words (created if needed). */
  nodeV6(words: Int32Array, prefix: number): number {
    let node = 0;
    for (let i = 0; i < prefix; i++) {
      node = this.child(node, (words[i >> 5]! >>> (31 - (i & 31))) & 1);
    }
    return node;
  }

  /**
   * Builds the multibit table when the trie has at least `threshold` nodes. Call it after
   * the last insertion and payload change.
   */
  freezeV4(threshold = TABLE_THRESHOLD): void {
    if (this.count < threshold) return;
    this.stride = StrideTableV4.build({ zero: this.zero, one: this.one, payloads: this.payloads });
  }

  /** Builds the IPv6 word shortcuts when the trie has at least `threshold` nodes. */
  freezeV6(threshold = TABLE_THRESHOLD): void {
    if (this.count < threshold) return;
    this.jumps = this.jumpsFrom(0);
    for (const jump of this.jumps.values()) {
      const next = this.jumpsFrom(jump.node);
      jump.next = next.size > 0 ? next : null;
    }
  }

  /** Every trie node 32 levels below `start`, keyed by the 32 bits leading to it. */
  private jumpsFrom(start: number): Map<number, Jump> {
    const found = new Map<number, Jump>();
    const visit = (node: number, depth: number, word: number, chain: number[]): void => {
      if (depth === 32) {
        found.set(word | 0, { node, chain: Int32Array.from(chain), next: null });
        return;
      }
      const p = this.payloads[node]!;
      const here = p === NONE ? chain : [...chain, p];
      const zero = this.zero[node]!;
      const one = this.one[node]!;
      if (zero !== 0) visit(zero, depth + 1, word * 2, here);
      if (one !== 0) visit(one, depth + 1, word * 2 + 1, here);
    };
    visit(start, 0, 0, []);
    return found;
  }

  payload(node: number): number {
    return this.payloads[node]!;
  }

  setPayload(node: number, payload: number): void {
    this.payloads[node] = payload;
  }

  /**
   * Writes the payloads of every prefix containing the IPv4 address into `out`, shortest
   * prefix first, and returns how many there are. `out` needs room for 33 entries.
   */
  matchV4(ip: number, out: Int32Array): number {
    if (this.stride !== null) return this.stride.match(ip, out);
    const zero = this.zero;
    const one = this.one;
    const payloads = this.payloads;
    let n = 0;
    let node = 0;
    let p = payloads[node]!;
    if (p !== NONE) out[n++] = p;
    for (let i = 31; i >= 0; i--) {
      node = ((ip >>> i) & 1) === 0 ? zero[node]! : one[node]!;
      if (node === 0) break; // the root is nobody's child, so 0 means "no child"
      p = payloads[node]!;
      if (p !== NONE) out[n++] = p;
    }
    return n;
  }

  /** Like `matchV4` for an IPv6 address (four words); `out` needs room for 129 entries. */
  matchV6(ip: Int32Array, out: Int32Array): number {
    const zero = this.zero;
    const one = this.one;
    const payloads = this.payloads;
    let n = 0;
    let node = 0;
    let from = 0;
    const jumps = this.jumps;
    if (jumps !== null) {
      const first = jumps.get(ip[0]!);
      if (first !== undefined) {
        for (let k = 0; k < first.chain.length; k++) out[n++] = first.chain[k]!;
        node = first.node;
        from = 32;
        const second = first.next === null ? undefined : first.next.get(ip[1]!);
        if (second !== undefined) {
          for (let k = 0; k < second.chain.length; k++) out[n++] = second.chain[k]!;
          node = second.node;
          from = 64;
        }
      }
    }
    let p = payloads[node]!;
    if (p !== NONE) out[n++] = p;
    for (let i = from; i < 128; i++) {
      node = ((ip[i >> 5]! >>> (31 - (i & 31))) & 1) === 0 ? zero[node]! : one[node]!;
      if (node === 0) break;
      p = payloads[node]!;
      if (p !== NONE) out[n++] = p;
    }
    return n;
  }

  /** The payload of the longest prefix containing the IPv4 address, or -1. */
  longestV4(ip: number): number {
    if (this.stride !== null) return this.stride.longest(ip);
    let node = 0;
    let best = this.payloads[0]!;
    for (let i = 31; i >= 0; i--) {
      node = ((ip >>> i) & 1) === 0 ? this.zero[node]! : this.one[node]!;
      if (node === 0) break;
      const p = this.payloads[node]!;
      if (p !== NONE) best = p;
    }
    return best;
  }

  /** The payload of the longest prefix containing the IPv6 address, or -1. */
  longestV6(ip: Int32Array): number {
    if (this.jumps !== null) {
      const out = scratch;
      const n = this.matchV6(ip, out);
      return n === 0 ? NONE : out[n - 1]!;
    }
    let best = this.payloads[0]!;
    let node = 0;
    for (let i = 0; i < 128; i++) {
      node = ((ip[i >> 5]! >>> (31 - (i & 31))) & 1) === 0 ? this.zero[node]! : this.one[node]!;
      if (node === 0) break;
      const p = this.payloads[node]!;
      if (p !== NONE) best = p;
    }
    return best;
  }
}

const scratch = new Int32Array(129);

/** Max number of payloads `matchV4`/`matchV6` can report (one per prefix length). */
export const MAX_MATCHES_V4 = 33;
export const MAX_MATCHES_V6 = 129;
