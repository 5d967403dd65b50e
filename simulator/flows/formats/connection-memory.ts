/**
 * Recently read connections, by protocol, source, source port, destination and destination
 * port, to recognise the other direction of a connection already read (a reply) and the same
 * direction read again (a later aggregation window) in logs that record each direction of a
 * connection separately (docs/cli.md, `Flow inputs`).
 *
 * Bounded: two generations of at most `capacity / 2` connections; when the young one is full
 * the old one is dropped whole, so memory stays flat on logs of any length.
 *
 * `ConnectionMemory` keeps its connections in typed arrays allocated once, outside the
 * JavaScript heap's objects. A remembered connection lives for up to `capacity` records: kept
 * as strings in a Map, every one of them outlived the young generation of the garbage
 * collector, was copied into the old one and died there, which grew the heap of a ten-million
 * line log to three times its live size and cost half the reading time (measured: 297 MB and
 * 5.1 s for a million AWS VPC Flow Logs lines, 112 MB and 2.7 s without the memory).
 * `ReferenceConnectionMemory` is the plain version with Maps: a property test holds the two
 * to the same answers.
 */
import type { Protocol } from '../../core/model.js';
import { sideByPorts } from './log-fields.js';

export type ConnectionSide = 'attempt' | 'reply' | 'continuation';

/** What a log reader asks of the memory of connections. */
export interface ConnectionClassifier {
  /**
   * Decides one record and remembers it when it is an attempt. With `portsTell`, the side on
   * the well-known port (below 1024, then below 32768) answers first.
   */
  classify(
    proto: Protocol,
    src: string,
    srcPort: number,
    dst: string,
    dstPort: number,
    portsTell: boolean,
  ): ConnectionSide;
}

/** Characters a generation sets aside per connection; longer keys make it grow. */
const CHARS_PER_ENTRY = 96;
const EMPTY = -1;

export class ConnectionMemory implements ConnectionClassifier {
  private young: Generation;
  private old: Generation;

  /**
   * A `hashMask` of few bits exists for the tests: connections then share hashes, so the
   * comparison of ports and characters, not the hash, must tell them apart.
   */
  constructor(
    capacity = 1 << 17,
    private readonly hashMask = -1,
  ) {
    const entries = Math.max(1, capacity >> 1);
    this.young = new Generation(entries);
    this.old = new Generation(entries);
  }

  classify(
    proto: Protocol,
    src: string,
    srcPort: number,
    dst: string,
    dstPort: number,
    portsTell: boolean,
  ): ConnectionSide {
    // Ports first: they need no lookup. A record the ports call a reply is never
    // remembered, so one they call an attempt cannot be the reverse of a remembered one.
    const side = portsTell && proto !== 'icmp' ? sideByPorts(srcPort, dstPort) : 'unknown';
    if (side === 'reply') return 'reply';
    const forward = keyHash(proto, src, srcPort, dst, dstPort) & this.hashMask;
    if (this.has(forward, proto, src, srcPort, dst, dstPort)) return 'continuation';
    if (side === 'unknown') {
      const backward = keyHash(proto, dst, dstPort, src, srcPort) & this.hashMask;
      if (this.has(backward, proto, dst, dstPort, src, srcPort)) return 'reply';
    }
    if (!this.young.add(forward, proto, src, srcPort, dst, dstPort)) {
      const dropped = this.old;
      dropped.clear();
      this.old = this.young;
      this.young = dropped;
      this.young.add(forward, proto, src, srcPort, dst, dstPort);
    }
    return 'attempt';
  }

  private has(
    hash: number,
    proto: string,
    src: string,
    srcPort: number,
    dst: string,
    dstPort: number,
  ): boolean {
    return (
      this.young.has(hash, proto, src, srcPort, dst, dstPort) ||
      this.old.has(hash, proto, src, srcPort, dst, dstPort)
    );
  }
}

/** FNV-1a over the key's parts, strings by UTF-16 code unit, with the ports mixed in. */
function keyHash(
  proto: string,
  src: string,
  srcPort: number,
  dst: string,
  dstPort: number,
): number {
  let hash = 0x811c9dc5 | 0;
  hash = hashString(hash, proto);
  hash = Math.imul(hash ^ srcPort, 0x01000193);
  hash = hashString(hash, src);
  hash = Math.imul(hash ^ dstPort, 0x01000193);
  hash = hashString(hash, dst);
  return Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
}

function hashString(hash: number, text: string): number {
  // The length first: "ab" + "c" and "a" + "bc" hash apart.
  let h = Math.imul(hash ^ text.length, 0x01000193);
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * One generation: an open-addressing table of entry numbers; each entry's ports, lengths and
 * the characters of its protocol, source and destination (one after the other) in arrays.
 */
class Generation {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly hashes: Int32Array;
  private readonly ports: Int32Array;
  private readonly at: Int32Array;
  /** Lengths of the protocol, source and destination, three per entry. */
  private readonly lengths: Int32Array;
  private chars: Uint16Array;
  private count = 0;
  private used = 0;

  constructor(private readonly entries: number) {
    let size = 2;
    while (size < entries * 2) size *= 2;
    this.slots = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    this.hashes = new Int32Array(entries);
    this.ports = new Int32Array(entries * 2);
    this.at = new Int32Array(entries);
    this.lengths = new Int32Array(entries * 3);
    this.chars = new Uint16Array(entries * CHARS_PER_ENTRY);
  }

  has(
    hash: number,
    proto: string,
    src: string,
    srcPort: number,
    dst: string,
    dstPort: number,
  ): boolean {
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[slot]!;
      if (entry === EMPTY) return false;
      if (
        this.hashes[entry] === hash &&
        this.ports[entry * 2] === srcPort &&
        this.ports[entry * 2 + 1] === dstPort &&
        this.lengths[entry * 3] === proto.length &&
        this.lengths[entry * 3 + 1] === src.length &&
        this.lengths[entry * 3 + 2] === dst.length &&
        this.sameChars(this.at[entry]!, proto, src, dst)
      )
        return true;
    }
  }

  /** Adds a connection `has` did not find; false when this generation is full. */
  add(
    hash: number,
    proto: string,
    src: string,
    srcPort: number,
    dst: string,
    dstPort: number,
  ): boolean {
    if (this.count === this.entries) return false;
    const length = proto.length + src.length + dst.length;
    if (this.used + length > this.chars.length) this.grow(this.used + length);
    let slot = hash & this.mask;
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
    const entry = this.count++;
    this.slots[slot] = entry;
    this.hashes[entry] = hash;
    this.ports[entry * 2] = srcPort;
    this.ports[entry * 2 + 1] = dstPort;
    this.at[entry] = this.used;
    this.lengths[entry * 3] = proto.length;
    this.lengths[entry * 3 + 1] = src.length;
    this.lengths[entry * 3 + 2] = dst.length;
    this.used = this.put(this.put(this.put(this.used, proto), src), dst);
    return true;
  }

  clear(): void {
    this.slots.fill(EMPTY);
    this.count = 0;
    this.used = 0;
  }

  /** Long keys (rare: addresses are short) make room for themselves; a generation never shrinks. */
  private grow(least: number): void {
    const grown = new Uint16Array(Math.max(least, this.chars.length * 2));
    grown.set(this.chars.subarray(0, this.used));
    this.chars = grown;
  }

  private put(at: number, text: string): number {
    const chars = this.chars;
    for (let i = 0; i < text.length; i++) chars[at + i] = text.charCodeAt(i);
    return at + text.length;
  }

  private sameChars(at: number, proto: string, src: string, dst: string): boolean {
    return (
      this.same(at, proto) &&
      this.same(at + proto.length, src) &&
      this.same(at + proto.length + src.length, dst)
    );
  }

  private same(at: number, text: string): boolean {
    const chars = this.chars;
    for (let i = 0; i < text.length; i++) if (chars[at + i] !== text.charCodeAt(i)) return false;
    return true;
  }
}

/** The plain version with Maps of string keys: the reference for `ConnectionMemory`. */
export class ReferenceConnectionMemory implements ConnectionClassifier {
  private young = new Map<string, true>();
  private old = new Map<string, true>();

  constructor(private readonly capacity = 1 << 17) {}

  classify(
    proto: Protocol,
    src: string,
    srcPort: number,
    dst: string,
    dstPort: number,
    portsTell: boolean,
  ): ConnectionSide {
    const side = portsTell && proto !== 'icmp' ? sideByPorts(srcPort, dstPort) : 'unknown';
    if (side === 'reply') return 'reply';
    const forward = JSON.stringify([proto, src, srcPort, dst, dstPort]);
    if (this.young.has(forward) || this.old.has(forward)) return 'continuation';
    const backward = JSON.stringify([proto, dst, dstPort, src, srcPort]);
    if (side === 'unknown' && (this.young.has(backward) || this.old.has(backward))) return 'reply';
    if (this.young.size >= Math.max(1, this.capacity >> 1)) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(forward, true);
    return 'attempt';
  }
}
