/**
 * The log formats through the one reader, as the CLI and the app read them: detected from
 * content (or forced), fed in chunks, the file end told last; each fixture gives its golden
 * flows, its skips counted by reason; companion logs read into a collector first.
 */
import { describe, expect, it } from 'vitest';
import { FlowInputError, FlowReader, readFlowText } from '../../../simulator/flows/flow-reader.js';
import type { FlowReading } from '../../../simulator/flows/flow-reader.js';
import { ZEEK_FORMAT } from '../../../simulator/flows/formats/zeek.js';
import { fixtureText, LOG_FIXTURES } from './read-log.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES: Record<string, string> = {
  'aws-vpc/default-v2.log': 'aws-vpc',
  'aws-vpc/default-v2-cloudwatch.log': 'aws-vpc',
  'aws-vpc/custom-v3-tcp-flags.log': 'aws-vpc',
  'aws-vpc/custom-v5-nat-gateway.log': 'aws-vpc',
  'gcp/firewall.json': 'gcp',
  'gcp/vpc-flows.json': 'gcp',
  'hubble/observe.json': 'hubble',
  'squid/access.log': 'squid',
  'suricata/eve.json': 'suricata',
  'suricata/aws-network-firewall.json': 'suricata',
  'zeek/conn.json': 'zeek',
};

function goldenLines(fixture: string): string[] {
  return readFileSync(join(LOG_FIXTURES, `${fixture}.expected.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean);
}

/** Feeds the text in chunks of `size` characters, as a stream would. */
function readInChunks(reader: FlowReader, text: string, size: number): FlowReading[] {
  const out: FlowReading[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...reader.push(text.slice(i, i + size)));
  out.push(...reader.end());
  return out;
}

describe('the reader over every log fixture', () => {
  for (const [fixture, format] of Object.entries(FIXTURES)) {
    it(`${fixture}: detected as ${format}, its golden flows whole and in 7-character chunks`, () => {
      const text = fixtureText(fixture);
      const whole = readFlowText(text, { file: fixture });
      if (fixture !== 'zeek/conn.json') {
        expect(whole.flows.map((f) => JSON.stringify(f))).toEqual(goldenLines(fixture));
      }
      const reader = new FlowReader({ file: fixture });
      const chunked = readInChunks(reader, text, 7).flatMap((r) =>
        r.kind === 'flow' ? [r.observed] : [],
      );
      expect(reader.format?.name).toBe(format);
      expect(chunked).toEqual(whole.flows);
      expect(whole.problemCount).toBe(0);
    });
  }

  it('counts skips by reason, in the order first seen', () => {
    const { skips } = readFlowText(fixtureText('aws-vpc/default-v2.log'), { file: 'v2.log' });
    expect(skips).toEqual([
      { reason: 'reply', count: 3 },
      { reason: 'continuation of a connection already read', count: 1 },
      { reason: 'protocol 50 is not tcp, udp or icmp', count: 1 },
      { reason: 'no data in the capture window (NODATA or SKIPDATA)', count: 2 },
    ]);
  });

  it('reads companions into a collector, then names the conn.log hosts with them', () => {
    const collector = ZEEK_FORMAT.companion!.collector();
    for (const name of ['ssl.log', 'http.log', 'dns.log']) {
      const r = readFlowText(fixtureText(`zeek/${name}`), {
        file: name,
        format: 'zeek',
        collectInto: collector,
      });
      expect(r.flows).toEqual([]);
      expect(r.problemCount).toBe(0);
    }
    const conn = readFlowText(fixtureText('zeek/conn.log'), {
      file: 'conn.log',
      companions: new Map([['zeek', collector]]),
    });
    expect(conn.flows.map((f) => JSON.stringify(f))).toEqual(goldenLines('zeek/conn.log'));
  });

  it('refuses a companion log read as flows', () => {
    expect(() => readFlowText(fixtureText('zeek/ssl.log'), { file: 'ssl.log' })).toThrow(
      FlowInputError,
    );
    expect(() => readFlowText(fixtureText('zeek/dns.json'), { file: 'dns.json' })).toThrow(
      /dns\.json: a zeek companion log/,
    );
  });

  it('still reads Egress Studio flow files as csv and jsonl', () => {
    const csv = new FlowReader({ file: 'f' });
    csv.push('src,host,proto,port\ntrainer,pypi.org,tcp,443\n');
    csv.end();
    expect(csv.format?.name).toBe('csv');
    const jsonl = new FlowReader({ file: 'f' });
    jsonl.push('{"src":"trainer","host":"pypi.org","proto":"tcp","port":443}\n');
    jsonl.end();
    expect(jsonl.format?.name).toBe('jsonl');
  });
});
