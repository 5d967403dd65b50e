/**
 * Destination names: exact domains in a hash map, and wildcard suffixes found with one
 * backward pass over the host. The pass keeps a rolling hash of the characters to the right
 * of the current position; at every dot that hash names the suffix after it (`a.b.example.com`
 * → `b.example.com`, `example.com`, `com`), which is looked up in a table keyed by hash and
 * then confirmed by comparing the text. No substring is built, so a lookup allocates nothing.
 * Each name maps to a caller-chosen integer id.
 */

const LENGTH_TABLE = 256;

interface WildcardEntry {
  suffix: string;
  id: number;
  /** Another suffix with the same hash. */
  next: WildcardEntry | null;
}

/** Hash of `text[from…]` read right to left, as `matchWildcards` computes it. */
function suffixHash(text: string, from: number): number {
  let h = 0;
  for (let i = text.length - 1; i >= from; i--) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h & 0x3fffffff;
}

/** Hash of a whole name, as `wildcardFreeHash` gives it: for sets of names kept by hash. */
export function nameHash(name: string): number {
  return suffixHash(name, 0);
}

export class DomainIndex {
  private readonly exact = new Map<string, number>();
  private readonly wildcards = new Map<string, number>();
  private readonly byHash = new Map<number, WildcardEntry>();
  /** `wildLengths[n] === 1` when some wildcard suffix has n characters. */
  private readonly wildLengths = new Uint8Array(LENGTH_TABLE);
  private longWildcard = false;
  /** Ids found by the last `matchWildcards`. */
  found = new Int32Array(16);

  exactId(domain: string): number | undefined {
    return this.exact.get(domain);
  }

  wildcardId(suffix: string): number | undefined {
    return this.wildcards.get(suffix);
  }

  exactDomains(): IterableIterator<string> {
    return this.exact.keys();
  }

  addExact(domain: string, id: number): void {
    this.exact.set(domain, id);
  }

  addWildcard(suffix: string, id: number): void {
    this.wildcards.set(suffix, id);
    const h = suffixHash(suffix, 0);
    this.byHash.set(h, { suffix, id, next: this.byHash.get(h) ?? null });
    if (suffix.length < LENGTH_TABLE) this.wildLengths[suffix.length] = 1;
    else this.longWildcard = true;
  }

  get wildcardCount(): number {
    return this.wildcards.size;
  }

  /**
   * For a normalised host of ASCII characters in `bytes[from, to)`: -1 when a wildcard may
   * match it (a suffix after one of its dots has a wildcard's length and hash), else its
   * `nameHash`. One pass, right to left, as `matchWildcards`; a hash shared by chance only
   * says -1 where no wildcard matches, never the other way round.
   */
  wildcardFreeHash(bytes: Uint8Array, from: number, to: number): number {
    let h = 0;
    for (let i = to - 1; i >= from; i--) {
      const c = bytes[i]!;
      if (c === 46) {
        const suffixLength = to - i - 1;
        if (
          (suffixLength < LENGTH_TABLE
            ? this.wildLengths[suffixLength] === 1
            : this.longWildcard) &&
          this.byHash.has(h & 0x3fffffff)
        ) {
          return -1;
        }
      }
      h = (Math.imul(h, 31) + c) | 0;
    }
    return h & 0x3fffffff;
  }

  /** Ids of every wildcard `*.S` with host ending in `.S`, into `found`; returns the count. */
  matchWildcards(host: string): number {
    let n = 0;
    const len = host.length;
    let h = 0;
    for (let i = len - 1; i >= 0; i--) {
      const c = host.charCodeAt(i);
      if (c === 46) {
        const suffixLength = len - i - 1;
        if (
          suffixLength < LENGTH_TABLE ? this.wildLengths[suffixLength] === 1 : this.longWildcard
        ) {
          let e = this.byHash.get(h & 0x3fffffff) ?? null;
          for (; e !== null; e = e.next) {
            if (e.suffix.length === suffixLength && host.endsWith(e.suffix)) {
              if (n === this.found.length) {
                const grown = new Int32Array(n * 2);
                grown.set(this.found);
                this.found = grown;
              }
              this.found[n++] = e.id;
            }
          }
        }
      }
      h = (Math.imul(h, 31) + c) | 0;
    }
    return n;
  }
}
