/**
 * Flows given as parts (FlowParts, simulator/engine/matcher.ts) decide as the flows they were
 * resolved from: on random topologies, policies and flows, and on the benchmark workload, a
 * reader that resolves each distinct text once through the matcher's parts (and keeps the
 * records across flows, as csv-byte-rows.ts does) gets `decide`'s answer for every flow, with
 * plain `decide` calls interleaved.
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
import { parseIp } from '../../simulator/net/ip.js';
import { generateWorkload } from '../../bench/flows.js';
import { fcParameters, flowArb, policyArb, topologyArb } from './arbitraries.js';

/** A reader keeping what each distinct text resolved to, as a cell table does. */
class PartsReader {
  private readonly sources = new Map<string, Int32Array>();
  private readonly hosts = new Map<string, Int32Array>();
  private readonly addresses = new Map<string, AddressResolution>();
  private readonly ipv4 = new AddressResolution();
  readonly parts = new FlowParts();

  constructor(private readonly m: PartsMatcher) {}

  of(flow: Flow): FlowParts {
    const { m, parts } = this;
    const srcV4 = ipv4Number(flow.src);
    if (srcV4 !== undefined) {
      parts.sourceData = m.ipv4SourceRecord(srcV4);
    } else {
      let record = this.sources.get(flow.src);
      if (record === undefined) this.sources.set(flow.src, (record = m.sourceRecord(flow.src)));
      parts.sourceData = record;
    }
    parts.sourceAt = 0;
    parts.srcText = flow.src;
    parts.hasHost = flow.host !== undefined && flow.host !== '';
    if (parts.hasHost) {
      let record = this.hosts.get(flow.host!);
      if (record === undefined) this.hosts.set(flow.host!, (record = m.hostRecord(flow.host!)));
      parts.hostData = record;
    } else {
      parts.hostData = m.hostRecord('');
    }
    parts.hostAt = 0;
    const ipV4 = flow.ip === undefined ? undefined : ipv4Number(flow.ip);
    if (flow.ip === undefined || flow.ip === '') {
      parts.address = new AddressResolution();
    } else if (ipV4 !== undefined) {
      m.addressOfIpv4(ipV4, this.ipv4);
      parts.address = this.ipv4;
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
}

/** An IPv4 address as an int32, when the text is one. */
function ipv4Number(text: string): number | undefined {
  const ip = parseIp(text);
  return ip?.family === 4 ? Number(ip.value) | 0 : undefined;
}

function agree(topology: Topology | undefined, policy: PolicyModel, flows: Flow[]): void {
  const matcher = compileMatcher(policy, topology);
  const reader = new PartsReader(matcher.parts);
  // Twice, so that the second pass reads kept records.
  for (const flow of [...flows, ...flows]) {
    const expected = matcher.decide(flow);
    expect(matcher.parts.decideParts(reader.of(flow)), JSON.stringify(flow)).toBe(expected);
  }
}

describe('flows given as parts decide as the flows', () => {
  it('on random topologies, policies and flows', () => {
    fc.assert(
      fc.property(
        fc.option(topologyArb, { freq: 5, nil: undefined }),
        fc.oneof(policyArb(12), policyArb(90, 20), policyArb(90, 20, true)),
        fc.array(flowArb, { minLength: 1, maxLength: 60 }),
        agree,
      ),
      fcParameters(300),
    );
  });

  it('on the benchmark workload', () => {
    const { topology, policy, flows } = generateWorkload(2000, 4000, 11);
    agree(topology, policy, flows);
  });
});
