/**
 * The frozen form of a large IPv4 prefix trie: a multibit trie with strides 16, 8 and 8
 * (controlled prefix expansion). A lookup reads one entry per level, so it touches at most
 * three cache lines of the table (plus a shared chain when several prefixes end within one
 * stride), where the binary trie it replaces reads two or three arrays per bit — at 100,000
 * rules, a dozen cache misses per address.
 *
 * Every entry is two int32: the base of the child block (-1: no longer prefix below) and a
 * payload code for the prefixes that end within the entry's stride and contain it: -1 none,
 * a payload itself (≥ 0), or -2 - k for chain k, the payloads shortest first. A block at
 * level L covers the prefix lengths (S_L, S_L + stride]; the /0 payload is kept apart.
 *
 * Tuned for: IPv4 lookups in tries of tens of thousands of prefixes. Plain reference: the
 * binary trie of ip-trie.ts it is frozen from; tests: test/engine/structures.test.ts
 * ("prefix trie") and the differential test.
 */

const NONE = -1;
/** Prefix length at which each level starts, and the last level's end. */
const STARTS = [0, 16, 24, 32];

export interface BinaryTrie {
  zero: Int32Array;
  one: Int32Array;
  payloads: Int32Array;
}

export class StrideTableV4 {
  private constructor(
    private readonly cells: Int32Array,
    private readonly rootPayload: number,
    private readonly chainData: Int32Array,
    private readonly chainStart: Int32Array,
  ) {}

  /** Expands the binary trie rooted at node 0 (children 0 = none, payload -1 = none). */
  static build(trie: BinaryTrie): StrideTableV4 {
    const { zero, one, payloads } = trie;
    const chainIds = new Map<string, number>();
    const chains: number[][] = [];
    const encode = (chain: number[]): number => {
      if (chain.length === 0) return NONE;
      if (chain.length === 1) return chain[0]!;
      const key = chain.join(',');
      let id = chainIds.get(key);
      if (id === undefined) {
        id = chains.length;
        chains.push(chain);
        chainIds.set(key, id);
      }
      return -2 - id;
    };
    const blocks: Int32Array[] = [];
    let used = 0;
    /** A new block for the level whose stride is `bits`; returns its base in the cells. */
    const allocate = (bits: number): number => {
      const block = new Int32Array(2 << bits).fill(NONE);
      blocks.push(block);
      const base = used;
      used += block.length;
      return base;
    };
    // Blocks are filled through their own arrays, concatenated (in allocation order) at the end.
    const fillBlock = (node: number, level: number): number => {
      const bits = STARTS[level + 1]! - STARTS[level]!;
      const base = allocate(bits);
      const block = blocks[blocks.length - 1]!;
      const last = level === STARTS.length - 2;
      // Walk `bits` levels below `node`; `value` is the entry index reached so far.
      const walk = (at: number, depth: number, value: number, chain: number[]): void => {
        if (depth === bits) {
          const code = encode(chain);
          block[2 * value + 1] = code;
          const hasChildren = zero[at]! !== 0 || one[at]! !== 0;
          block[2 * value] = !last && hasChildren ? fillBlock(at, level + 1) : NONE;
          return;
        }
        for (let bit = 0; bit < 2; bit++) {
          const child = (bit === 0 ? zero : one)[at]!;
          const v = (value << 1) | bit;
          if (child !== 0) {
            const p = payloads[child]!;
            walk(child, depth + 1, v, p === NONE ? chain : [...chain, p]);
            continue;
          }
          // No longer prefix on this side: every entry below v has just this chain.
          const span = 1 << (bits - depth - 1);
          const code = encode(chain);
          for (let k = v * span; k < (v + 1) * span; k++) {
            block[2 * k] = NONE;
            block[2 * k + 1] = code;
          }
        }
      };
      walk(node, 0, 0, []);
      return base;
    };
    fillBlock(0, 0);
    const cells = new Int32Array(used);
    let base = 0;
    for (const block of blocks) {
      cells.set(block, base);
      base += block.length;
    }
    const chainStart = new Int32Array(chains.length + 1);
    chains.forEach((c, i) => (chainStart[i + 1] = chainStart[i]! + c.length));
    return new StrideTableV4(cells, payloads[0]!, Int32Array.from(chains.flat()), chainStart);
  }

  /** Payloads of every prefix containing `ip`, shortest first, into `out`; the count. */
  match(ip: number, out: Int32Array): number {
    const cells = this.cells;
    let n = 0;
    if (this.rootPayload !== NONE) out[n++] = this.rootPayload;
    let e = 2 * (ip >>> 16);
    n = this.emit(cells[e + 1]!, out, n);
    let child = cells[e]!;
    if (child === NONE) return n;
    e = child + 2 * ((ip >>> 8) & 255);
    n = this.emit(cells[e + 1]!, out, n);
    child = cells[e]!;
    if (child === NONE) return n;
    return this.emit(cells[child + 2 * (ip & 255) + 1]!, out, n);
  }

  /** The payload of the longest prefix containing `ip`, or -1. */
  longest(ip: number): number {
    const cells = this.cells;
    let best = this.rootPayload;
    let e = 2 * (ip >>> 16);
    for (let level = 0; ; level++) {
      const code = cells[e + 1]!;
      if (code !== NONE) best = code >= 0 ? code : this.chainData[this.chainStart[-1 - code]! - 1]!;
      const child = cells[e]!;
      if (child === NONE || level === 2) return best;
      e = child + 2 * ((ip >>> (level === 0 ? 8 : 0)) & 255);
    }
  }

  private emit(code: number, out: Int32Array, n: number): number {
    if (code >= 0) {
      out[n++] = code;
    } else if (code !== NONE) {
      const chain = -2 - code;
      for (let k = this.chainStart[chain]!; k < this.chainStart[chain + 1]!; k++) {
        out[n++] = this.chainData[k]!;
      }
    }
    return n;
  }
}
