/**
 * A reduced ordered binary decision diagram (ROBDD) over numbered boolean variables, the
 * representation Batfish uses for whole-space questions about access lists. The analysis
 * encodes the index of a flow's atom in every dimension as a few bits; a set of flows is
 * then one node, and intersection, union and difference cost time in the size of the
 * diagrams, not of the flow space.
 *
 * Nodes live in typed arrays (node 0 is the empty set, node 1 the full set); a hash table
 * keeps them unique, so two equal sets are the same number, and a lossy cache remembers
 * recent operations.
 */

export type BddNode = number;

export const FALSE: BddNode = 0;
export const TRUE: BddNode = 1;

const OP_AND = 1;
const OP_OR = 2;
const OP_AND_NOT = 3;
const OP_MEETS = 4;

export class Bdd {
  private variable = new Int32Array(1 << 12);
  private low = new Int32Array(1 << 12);
  private high = new Int32Array(1 << 12);
  private count = 2;
  private table = new Int32Array(1 << 13).fill(-1);
  // The operation cache grows with the diagram (up to 2^20 entries), so small analyses
  // stay small.
  private cacheSize = 1 << 10;
  private cacheOp = new Int32Array(this.cacheSize);
  private cacheA = new Int32Array(this.cacheSize);
  private cacheB = new Int32Array(this.cacheSize);
  private cacheResult = new Int32Array(this.cacheSize);

  constructor(readonly variables: number) {
    // Terminals sit below every variable.
    this.variable[0] = variables;
    this.variable[1] = variables;
  }

  get size(): number {
    return this.count;
  }

  varOf(n: BddNode): number {
    return this.variable[n]!;
  }

  lowOf(n: BddNode): BddNode {
    return this.low[n]!;
  }

  highOf(n: BddNode): BddNode {
    return this.high[n]!;
  }

  /** The node testing `v`, `lo` when false and `hi` when true (shared, reduced). */
  make(v: number, lo: BddNode, hi: BddNode): BddNode {
    if (lo === hi) return lo;
    const mask = this.table.length - 1;
    let slot = hash3(v, lo, hi) & mask;
    for (;;) {
      const n = this.table[slot]!;
      if (n < 0) break;
      if (this.variable[n] === v && this.low[n] === lo && this.high[n] === hi) return n;
      slot = (slot + 1) & mask;
    }
    if (this.count === this.variable.length) this.growNodes();
    const n = this.count++;
    this.variable[n] = v;
    this.low[n] = lo;
    this.high[n] = hi;
    this.table[slot] = n;
    if (this.count * 2 > this.table.length) this.rehash();
    if (this.count > this.cacheSize && this.cacheSize < 1 << 20) this.growCache();
    return n;
  }

  private growNodes(): void {
    const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.variable = grow(this.variable);
    this.low = grow(this.low);
    this.high = grow(this.high);
  }

  private growCache(): void {
    this.cacheSize *= 4;
    this.cacheOp = new Int32Array(this.cacheSize);
    this.cacheA = new Int32Array(this.cacheSize);
    this.cacheB = new Int32Array(this.cacheSize);
    this.cacheResult = new Int32Array(this.cacheSize);
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = table.length - 1;
    for (let n = 2; n < this.count; n++) {
      let slot = hash3(this.variable[n]!, this.low[n]!, this.high[n]!) & mask;
      while (table[slot]! >= 0) slot = (slot + 1) & mask;
      table[slot] = n;
    }
    this.table = table;
  }

  and(a: BddNode, b: BddNode): BddNode {
    return this.apply(OP_AND, a, b);
  }

  or(a: BddNode, b: BddNode): BddNode {
    return this.apply(OP_OR, a, b);
  }

  /** `a` without `b`. */
  andNot(a: BddNode, b: BddNode): BddNode {
    return this.apply(OP_AND_NOT, a, b);
  }

  private apply(op: number, a: BddNode, b: BddNode): BddNode {
    // Terminal cases.
    if (op === OP_AND) {
      if (a === FALSE || b === FALSE) return FALSE;
      if (a === TRUE) return b;
      if (b === TRUE || a === b) return a;
      if (a > b) [a, b] = [b, a];
    } else if (op === OP_OR) {
      if (a === TRUE || b === TRUE) return TRUE;
      if (a === FALSE) return b;
      if (b === FALSE || a === b) return a;
      if (a > b) [a, b] = [b, a];
    } else {
      if (a === FALSE || b === TRUE || a === b) return FALSE;
      if (b === FALSE) return a;
    }
    const slot = hash3(op, a, b) & (this.cacheSize - 1);
    if (this.cacheOp[slot] === op && this.cacheA[slot] === a && this.cacheB[slot] === b) {
      return this.cacheResult[slot]!;
    }
    const va = this.variable[a]!;
    const vb = this.variable[b]!;
    const v = va < vb ? va : vb;
    const a0 = va === v ? this.low[a]! : a;
    const a1 = va === v ? this.high[a]! : a;
    const b0 = vb === v ? this.low[b]! : b;
    const b1 = vb === v ? this.high[b]! : b;
    const result = this.make(v, this.apply(op, a0, b0), this.apply(op, a1, b1));
    this.cacheOp[slot] = op;
    this.cacheA[slot] = a;
    this.cacheB[slot] = b;
    this.cacheResult[slot] = result;
    return result;
  }

  /**
   * Do the two sets share a member? The same walk as `and`, but it builds no node and stops
   * at the first shared member, so testing a small set against a large one stays cheap.
   */
  meets(a: BddNode, b: BddNode): boolean {
    if (a === FALSE || b === FALSE) return false;
    if (a === TRUE || b === TRUE || a === b) return true;
    if (a > b) [a, b] = [b, a];
    const slot = hash3(OP_MEETS, a, b) & (this.cacheSize - 1);
    if (this.cacheOp[slot] === OP_MEETS && this.cacheA[slot] === a && this.cacheB[slot] === b) {
      return this.cacheResult[slot] === TRUE;
    }
    const va = this.variable[a]!;
    const vb = this.variable[b]!;
    const v = va < vb ? va : vb;
    const result =
      this.meets(va === v ? this.low[a]! : a, vb === v ? this.low[b]! : b) ||
      this.meets(va === v ? this.high[a]! : a, vb === v ? this.high[b]! : b);
    this.cacheOp[slot] = OP_MEETS;
    this.cacheA[slot] = a;
    this.cacheB[slot] = b;
    this.cacheResult[slot] = result ? TRUE : FALSE;
    return result;
  }

  /** Does the assignment (`bit(v)` for variable v) lie in the set? */
  contains(n: BddNode, bit: (v: number) => boolean): boolean {
    while (n > TRUE) n = bit(this.variable[n]!) ? this.high[n]! : this.low[n]!;
    return n === TRUE;
  }

  /**
   * One member of a non-empty set, as the values of variables `[from, to)`: the member that
   * is smallest when read as a binary number in variable order (free variables are 0).
   */
  firstMember(n: BddNode): Uint8Array {
    const bits = new Uint8Array(this.variables);
    while (n > TRUE) {
      const lo = this.low[n]!;
      if (lo !== FALSE) {
        n = lo;
      } else {
        bits[this.variable[n]!] = 1;
        n = this.high[n]!;
      }
    }
    return bits;
  }

  /** The set with variables `[from, to)` existentially quantified away (a projection). */
  exists(n: BddNode, from: number, to: number): BddNode {
    const memo = new Map<BddNode, BddNode>();
    const walk = (m: BddNode): BddNode => {
      if (m <= TRUE) return m;
      const known = memo.get(m);
      if (known !== undefined) return known;
      const v = this.variable[m]!;
      let result: BddNode;
      if (v >= to) result = m;
      else {
        const lo = walk(this.low[m]!);
        const hi = walk(this.high[m]!);
        result = v >= from ? this.or(lo, hi) : this.make(v, lo, hi);
      }
      memo.set(m, result);
      return result;
    };
    return walk(n);
  }
}

function hash3(a: number, b: number, c: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}
