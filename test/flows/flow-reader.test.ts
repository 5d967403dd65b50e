/**
 * The one flow reader: lines split across chunks, detection, forced formats, problems with
 * their line numbers (capped), and unknown sources, whatever the chunking.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FlowInputError,
  FlowReader,
  PROBLEMS_KEPT,
  readFlowText,
} from '../../simulator/flows/flow-reader.js';
import type { FlowReading } from '../../simulator/flows/flow-reader.js';

const CSV = [
  '# a comment',
  'src,host,ip,proto,port,method,path',
  'trainer,pypi.org,,tcp,443,,',
  '',
  '10.30.1.999,pypi.org,,tcp,443,,',
  'trainr,pypi.org,,tcp,443,,',
  '10.0.1.5,,203.0.113.10,udp,53,,',
].join('\r\n');

const nodes = new Set(['trainer', 'notebook']);
const sourceProblem = (src: string) =>
  nodes.has(src) ? undefined : `unknown source node "${src}"`;

function summary(readings: FlowReading[]): string[] {
  return readings.map((r) =>
    r.kind === 'flow'
      ? `${r.observed.line} flow ${r.observed.flow.src}`
      : `${r.problem.line} ${r.problem.kind}: ${r.problem.reason}`,
  );
}

function readInChunks(text: string, cuts: number[], file = 'flows'): string[] {
  const reader = new FlowReader({ file, sourceProblem });
  const out: FlowReading[] = [];
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    out.push(...reader.push(text.slice(at, cut)));
    at = cut;
  }
  out.push(...reader.push(text.slice(at)), ...reader.end());
  return summary(out);
}

describe('FlowReader', () => {
  it('reports malformed lines and unknown sources with their line numbers, in file order', () => {
    expect(readInChunks(CSV, [])).toEqual([
      '3 flow trainer',
      '5 malformed: src "10.30.1.999" is neither an IP address nor a node id (lower-case letters, digits, "-")',
      '6 unknown-source: unknown source node "trainr"',
      '7 flow 10.0.1.5',
    ]);
  });

  it('gives the same answer however the text is cut into chunks (seeded)', () => {
    const whole = readInChunks(CSV, []);
    const seed = 1606;
    console.log(`flow reader chunking property: seed ${seed}`);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: CSV.length }), { maxLength: 8 }), (cuts) => {
        expect(readInChunks(CSV, cuts)).toEqual(whole);
      }),
      { seed, numRuns: 300 },
    );
  });

  it('detects JSONL and CSV by content, and falls back to the extension', () => {
    const jsonl = '{"src":"trainer","host":"pypi.org","proto":"tcp","port":443}\n';
    const reader = new FlowReader({ file: 'x' });
    reader.push(jsonl);
    reader.end();
    expect(reader.format?.name).toBe('jsonl');
    const broken = new FlowReader({ file: 'flows.jsonl' });
    const out = [...broken.push('{not json\n'), ...broken.end()];
    expect(broken.format?.name).toBe('jsonl');
    expect(out[0]?.kind).toBe('problem');
  });

  it('detects over the first lines only once it has them, without losing any', () => {
    const rows = Array.from({ length: 45 }, () => 'trainer,pypi.org,,tcp,443,,');
    const text = ['src,host,ip,proto,port,method,path', ...rows].join('\n');
    expect(readFlowText(text, { file: 'f' }).flows.map((f) => f.line)).toEqual(
      rows.map((_, i) => i + 2),
    );
  });

  it('reads a file that starts with a byte order mark as one without (JSONL, CSV, VPC)', () => {
    const flow = '{"src":"trainer","host":"pypi.org","proto":"tcp","port":443}';
    const jsonl = readFlowText(`\ufeff${flow}\n${flow}\n`, { file: 'f.jsonl' });
    expect(jsonl.problems).toEqual([]);
    expect(jsonl.flows.map((f) => f.line)).toEqual([1, 2]);
    const csv = readFlowText('\ufeffsrc,host,proto,port\ntrainer,pypi.org,tcp,443\n', {
      file: 'f',
    });
    expect(csv.flows.map((f) => f.line)).toEqual([2]);
    const vpc = readFlowText(
      '\ufeff2 123 eni-1 10.0.0.1 10.0.0.2 40000 443 6 1 1 1 2 ACCEPT OK\n',
      { file: 'f', format: 'aws-vpc' },
    );
    expect(vpc.flows).toHaveLength(1);
    // Further down, it is a character of the line like any other.
    expect(readFlowText(`${flow}\n\ufeff${flow}\n`, { file: 'f.jsonl' }).problems).toHaveLength(1);
  });

  it('refuses what no format claims, a bad header, and an unknown forced format', () => {
    expect(() => readFlowText('hello\n', { file: 'f.txt' })).toThrow(FlowInputError);
    expect(() => readFlowText('src,hots,proto\n', { file: 'f' })).toThrow(
      'f:1: unknown column "hots"',
    );
    expect(() => new FlowReader({ file: 'f', format: 'nope' })).toThrow(
      /unknown input format "nope"/,
    );
    expect(() =>
      readFlowText('{"src":"trainer","host":"pypi.org","proto":"tcp","port":443}\n', {
        file: 'f',
        format: 'csv',
      }),
    ).toThrow(/f:1: unknown column/);
  });

  it('keeps the first problems and counts them all', () => {
    const text = 'src,proto\n' + 'x,tcp\n'.repeat(PROBLEMS_KEPT + 5);
    const read = readFlowText(text, { file: 'f' });
    expect(read.problems).toHaveLength(PROBLEMS_KEPT);
    expect(read.problemCount).toBe(PROBLEMS_KEPT + 5);
  });

  it('accepts any id-shaped source without a topology', () => {
    const read = readFlowText('src,host,proto,port\nanything,pypi.org,tcp,443\n', { file: 'f' });
    expect(read.flows).toHaveLength(1);
    expect(read.problems).toEqual([]);
  });
});
