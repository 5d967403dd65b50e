/**
 * Flows given as parts (FlowParts, simulator/engine/matcher.ts) decide as the flows they were
 * resolved from: on random topologies, policies and flows, and on the benchmark workload, a
 * reader that resolves each distinct text once through the matcher's parts (and keeps the
 * records across flows, as csv-byte-rows.ts does) gets `decide`'s answer for every flow, with
 * plain `decide` calls interleaved. A host the matcher says matches nothing from its bytes
 * (`hostMatchesNothing`, as the CSV reader asks it) has the record of no host, word for word.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Flow, PolicyModel, Topology } from '../../simulator/core/model.js';
import {
  AddressResolution,
  compileMatcher,
  FlowParts,
  type PartsMatcher,
} from '../../simulator/engine/index.js';
import { parseIpInto } from '../../simulator/engine/tuned/fast-ip.js';
import { generateWorkload } from '../../bench/flows.js';
import { isPlainDomainBytes } from '../../simulator/util/domain.js';
import { fcParameters, flowArb, policyArb, topologyArb } from './arbitraries.js';

/** A reader keeping what each distinct text resolved to, as a cell table does. */
class PartsReader {
  private readonly sources = new Map<string, Int32Array>();
  private readonly hosts = new Map<string, Int32Array>();
  private readonly addresses = new Map<string, AddressResolution>();
  private readonly srcAddress = new AddressResolution();
  private readonly ipAddress = new AddressResolution();
  readonly parts = new FlowParts();
  /** Hosts `hostMatchesNothing` answered for, and how many it said match nothing. */
  asked = 0;
  nothing = 0;

  constructor(private readonly m: PartsMatcher) {}

  /** `byNumber`: addresses given as numbers (else resolved by text and kept). */
  of(flow: Flow, byNumber: boolean): FlowParts {
    const { m, parts } = this;
    if (byNumber && this.address(flow.src, this.srcAddress)) {
      parts.sourceData = m.ipSourceRecord(this.srcAddress);
      // The same record, word for word, as the source's text gives.
      const byText = m.sourceRecord(flow.src);
      expect([...parts.sourceData.subarray(0, byText.length)], flow.src).toEqual([...byText]);
    } else {
      let record = this.sources.get(flow.src);
      if (record === undefined) this.sources.set(flow.src, (record = m.sourceRecord(flow.src)));
      parts.sourceData = record;
    }
    parts.sourceAt = 0;
    parts.srcText = flow.src;
    parts.hasHost = flow.host !== undefined && flow.host !== '';
    if (parts.hasHost && byNumber && this.matchesNothing(flow.host!)) {
      parts.hostData = m.hostRecord('');
    } else if (parts.hasHost) {
      let record = this.hosts.get(flow.host!);
      if (record === undefined) this.hosts.set(flow.host!, (record = m.hostRecord(flow.host!)));
      parts.hostData = record;
    } else {
      parts.hostData = m.hostRecord('');
    }
    parts.hostAt = 0;
    if (flow.ip === undefined || flow.ip === '') {
      parts.address = new AddressResolution();
    } else if (byNumber && this.address(flow.ip, this.ipAddress)) {
      parts.address = this.ipAddress;
    } else {
      let address = this.addresses.get(flow.ip);
      if (address === undefined) this.addresses.set(flow.ip, (address = m.addressOf(flow.ip)));
      parts.address = address;
    }
    parts.proto = m.protoCode(flow.proto);
    parts.port = flow.port ?? NaN;
    parts.method = flow.method === undefined ? -1 : m.methodId(flow.method);
    parts.path = flow.path;
    return parts;
  }

  /** `hostMatchesNothing` of the host's bytes, checked against its record. */
  private matchesNothing(host: string): boolean {
    const bytes = Buffer.from(`,${host},`);
    if (!isPlainDomainBytes(bytes, 1, bytes.length - 1)) return false;
    this.asked++;
    if (!this.m.hostMatchesNothing(bytes, 1, bytes.length - 1)) return false;
    this.nothing++;
    expect([...this.m.hostRecord(host)], host).toEqual([...this.m.hostRecord('')]);
    return true;
  }

  /** Resolves an address text through its numbers; false when the text is no address. */
  private address(text: string, out: AddressResolution): boolean {
    const words = new Int32Array(4);
    const family = parseIpInto(text, words);
    if (family === 4) this.m.addressOfIpv4(words[0]!, out);
    else if (family === 6) this.m.addressOfIpv6(words, out);
    return family !== 0;
  }
}

function agree(topology: Topology | undefined, policy: PolicyModel, flows: Flow[]): PartsReader {
  const matcher = compileMatcher(policy, topology);
  const reader = new PartsReader(matcher.parts);
  // Twice, so that the second pass reads kept records.
  [...flows, ...flows].forEach((flow, i) => {
    const expected = matcher.decide(flow);
    // Each flow both ways: by numbers in one pass, by texts in the other.
    const parts = reader.of(flow, i < flows.length === (i % 2 === 0));
    expect(matcher.parts.decideParts(parts), JSON.stringify(flow)).toBe(expected);
  });
  return reader;
}

describe('flows given as parts decide as the flows', () => {
  it('on random topologies, policies and flows', () => {
    fc.assert(
      fc.property(
        fc.option(topologyArb, { freq: 5, nil: undefined }),
        fc.oneof(policyArb(12), policyArb(90, 20), policyArb(90, 20, true)),
        fc.array(flowArb, { minLength: 1, maxLength: 60 }),
        (topology, policy, flows) => {
          agree(topology, policy, flows);
        },
      ),
      fcParameters(300),
    );
  });

  it('on the benchmark workload', () => {
    const { topology, policy, flows } = generateWorkload(2000, 4000, 11);
    const reader = agree(topology, policy, flows);
    // The hosts no rule names (a fifth of the flows, half of them with a host) are nearly all
    // told apart by their bytes.
    const unnamed = flows.filter((f) => f.host?.includes('nomatch')).length;
    expect(reader.nothing).toBeGreaterThan(0.9 * unnamed);
    expect(reader.nothing).toBeLessThan(reader.asked);
  });
});
