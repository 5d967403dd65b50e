/**
 * The memory of recent connections in typed arrays (simulator/flows/formats/connection-memory.ts)
 * against the plain version with Maps: on random sequences of records over a few addresses
 * and ports (so that records repeat and reverse each other), with memories small enough to
 * drop generations often, both give the same side to every record. Hashes cut to 0 or 2 bits
 * make different connections collide, so the comparison of the key itself is tested; long
 * and non-ASCII names make a generation grow its characters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Protocol } from '../../../simulator/core/model.js';
import {
  ConnectionMemory,
  ReferenceConnectionMemory,
} from '../../../simulator/flows/formats/connection-memory.js';

const ADDRESSES = [
  '10.0.0.1',
  '10.0.0.10',
  '10.0.0.100',
  '2001:db8::1',
  '2001:db8:0:0:0:0:0:1',
  'pod/ns/trainer-7f9c',
  'ü',
  '',
  'x'.repeat(300),
];
const PORTS = [0, 22, 53, 443, 1023, 1024, 8080, 32767, 32768, 50000];

const record = fc.record({
  proto: fc.constantFrom<Protocol>('tcp', 'udp', 'icmp'),
  src: fc.oneof(fc.constantFrom(...ADDRESSES), fc.string({ maxLength: 6 })),
  srcPort: fc.constantFrom(...PORTS),
  dst: fc.oneof(fc.constantFrom(...ADDRESSES), fc.string({ maxLength: 6 })),
  dstPort: fc.constantFrom(...PORTS),
  portsTell: fc.boolean(),
  reverse: fc.boolean(),
});

describe('the memory of recent connections', () => {
  it('gives every record the side the plain version gives (seeded)', () => {
    const seed = 2026_12_07_3;
    console.log(`connection-memory: fast-check seed ${seed}`);
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 20, maxLength: 300, size: 'max' }),
        fc.constantFrom(1, 2, 3, 8, 64, 1 << 17),
        fc.constantFrom(-1, 0, 3),
        (records, capacity, hashMask) => {
          const memory = new ConnectionMemory(capacity, hashMask);
          const reference = new ReferenceConnectionMemory(capacity);
          let previous: (typeof records)[number] | undefined;
          for (const r of records) {
            // Half the records answer the one before: the reverse of a connection just read.
            const asked =
              r.reverse && previous !== undefined
                ? {
                    ...r,
                    src: previous.dst,
                    srcPort: previous.dstPort,
                    dst: previous.src,
                    dstPort: previous.srcPort,
                    proto: previous.proto,
                  }
                : r;
            const args = [
              asked.proto,
              asked.src,
              asked.srcPort,
              asked.dst,
              asked.dstPort,
              asked.portsTell,
            ] as const;
            expect(memory.classify(...args)).toBe(reference.classify(...args));
            previous = asked;
          }
        },
      ),
      { seed, numRuns: 400 },
    );
  });

  it('tells a reply, a continuation and an attempt apart, and forgets after two generations', () => {
    const memory = new ConnectionMemory(4);
    expect(memory.classify('tcp', '10.0.0.1', 40000, '10.0.0.2', 5000, false)).toBe('attempt');
    expect(memory.classify('tcp', '10.0.0.1', 40000, '10.0.0.2', 5000, false)).toBe('continuation');
    expect(memory.classify('tcp', '10.0.0.2', 5000, '10.0.0.1', 40000, false)).toBe('reply');
    expect(memory.classify('udp', '10.0.0.2', 5000, '10.0.0.1', 40000, false)).toBe('attempt');
    // Generations of two: four more attempts drop the first connection.
    for (let port = 1; port <= 4; port++)
      expect(memory.classify('tcp', '10.0.0.9', port, '10.0.0.8', 7, false)).toBe('attempt');
    expect(memory.classify('tcp', '10.0.0.1', 40000, '10.0.0.2', 5000, false)).toBe('attempt');
  });
});
