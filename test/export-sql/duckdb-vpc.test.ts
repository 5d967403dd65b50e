/**
 * `egress simulate --engine duckdb` over AWS VPC flow logs against the in-process reader
 * (aws-vpc.ts), on random logs whose records reuse a few addresses and ports, so that
 * connections repeat and answer each other: the same flows in the same order with the same
 * logged actions and fields in the same order, the same records passed over for the same
 * reasons (no data, other protocols, port 0, replies, continuations) and the same records
 * refused. In the default format and in a custom one with TCP flags, the packet's source
 * address and the header's other spellings (`${tcp-flags}`, `pkt_srcaddr`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { sqlExporter } from '../../simulator/export/sql.js';
import { readFlowText } from '../../simulator/flows/flow-reader.js';
import { normalizeFlow } from '../../simulator/flows/flow-record.js';
import { CONTINUATION, makeFlow, REPLY } from '../../simulator/flows/formats/log-fields.js';
import { decideWithDuckDb, type DuckDbRow } from '../../simulator/node/duckdb-engine.js';
import { exampleInput } from '../export-cloud/cloud-exports.js';

const dir = mkdtempSync(join(tmpdir(), 'egress-duckdb-vpc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ADDRESSES = ['10.30.1.7', '10.30.2.9', '104.18.7.192', '203.0.113.5', 'fd00:30::7'];
const PORTS = ['443', '80', '53', '1000', '1023', '1024', '32768', '40000', '50000', '0'];
const PROTOCOLS = ['6', '6', '6', '17', '17', '1', '58', '50', '-'];
const FLAGS = ['-', '0', '1', '2', '2', '3', '18', '19', '16'];
const ACTIONS = ['ACCEPT', 'ACCEPT', 'REJECT', '-', 'LOST'];

interface RecordParts {
  status: string;
  src: string;
  dst: string;
  srcport: string;
  dstport: string;
  protocol: string;
  flags: string;
  pktSrc: string;
  action: string;
}

const recordArb: fc.Arbitrary<RecordParts> = fc.record({
  status: fc.constantFrom('OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'NODATA', 'SKIPDATA'),
  src: fc.constantFrom(...ADDRESSES),
  dst: fc.constantFrom(...ADDRESSES),
  srcport: fc.constantFrom(...PORTS),
  dstport: fc.constantFrom(...PORTS),
  protocol: fc.constantFrom(...PROTOCOLS),
  flags: fc.constantFrom(...FLAGS),
  pktSrc: fc.constantFrom('-', '-', '-', ...ADDRESSES),
  action: fc.constantFrom(...ACTIONS),
});

/** A log of these records: some records are the reverse of an earlier one. */
const logArb = fc
  .tuple(
    fc.array(recordArb, { minLength: 1, maxLength: 60 }),
    fc.array(fc.nat(), { maxLength: 60 }),
  )
  .map(([records, reversals]) => {
    for (const [k, pick] of reversals.entries()) {
      if (k >= records.length || k === 0) continue;
      const earlier = records[pick % k]!;
      records[k] = {
        ...records[k]!,
        src: earlier.dst,
        dst: earlier.src,
        srcport: earlier.dstport,
        dstport: earlier.srcport,
        protocol: earlier.protocol,
      };
    }
    return records;
  });

type Layout = 'default' | 'custom';

function logText(records: readonly RecordParts[], layout: Layout): string {
  const lines =
    layout === 'default'
      ? [
          'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
        ]
      : [
          '${version} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${tcp-flags} pkt_srcaddr ${action} log_status',
        ];
  for (const r of records) {
    const noData = r.status !== 'OK';
    const v = (value: string) => (noData ? '-' : value);
    lines.push(
      layout === 'default'
        ? `2 123456789010 eni-1 ${v(r.src)} ${v(r.dst)} ${v(r.srcport)} ${v(r.dstport)} ${v(r.protocol)} 10 840 1 2 ${v(r.action)} ${r.status}`
        : `5 ${v(r.src)} ${v(r.dst)} ${v(r.srcport)} ${v(r.dstport)} ${v(r.protocol)} ${v(r.flags)} ${v(r.pktSrc)} ${v(r.action)} ${r.status}`,
    );
  }
  return lines.join('\n') + '\n';
}

async function collect(gen: AsyncGenerator<DuckDbRow[]>): Promise<DuckDbRow[]> {
  const out: DuckDbRow[] = [];
  for await (const batch of gen) out.push(...batch);
  return out;
}

/** What `simulate --engine duckdb` makes of the rows: flows, counted skips, refused lines. */
function asReader(rows: readonly DuckDbRow[]) {
  const flows: string[] = [];
  const skips = new Map<string, number>();
  const problems: string[] = [];
  for (const r of rows) {
    const parsed = normalizeFlow(r.fields);
    const line = r.row + 1;
    if (r.skip !== undefined && (parsed.ok || (r.skip !== REPLY && r.skip !== CONTINUATION))) {
      skips.set(r.skip, (skips.get(r.skip) ?? 0) + 1);
    } else if (r.problem !== undefined) {
      problems.push(`${line}: ${r.problem}`);
    } else if (!parsed.ok) {
      problems.push(`${line}: (refused)`);
    } else {
      const f = parsed.flow;
      const flow = makeFlow(f.src, { ip: f.ip! }, f.proto, f.port ?? 0);
      flows.push(`${line} ${JSON.stringify(flow)} ${r.logged ?? '-'}`);
    }
  }
  return { flows, skips: [...skips].sort(), problems };
}

describe('simulate --engine duckdb over AWS VPC flow logs', () => {
  const input = exampleInput('ml-training');
  const script = sqlExporter
    .run(input, {})
    .files.find((f) => f.path === 'duckdb/egress-decisions.sql')!.content;

  it.each<Layout>(['default', 'custom'])(
    '%s format: the reader’s flows, passed-over records and refusals',
    async (layout) => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(logArb, async (records) => {
          const text = logText(records, layout);
          const file = join(dir, `vpc-${layout}-${run++}.log`);
          writeFileSync(file, text);
          const own = readFlowText(text, { file, format: 'aws-vpc' });
          const sql = asReader(await collect(decideWithDuckDb(script, file, 'aws-vpc')));
          expect(sql.flows).toEqual(
            own.flows.map((o) => `${o.line} ${JSON.stringify(o.flow)} ${o.logged ?? '-'}`),
          );
          expect(sql.skips).toEqual(own.skips.map((s) => [s.reason, s.count]).sort());
          // Refused records: the same lines; the reason where the log's own field says it (a
          // bad address is worded by the flow's check instead).
          expect(sql.problems).toEqual(
            own.problems.map((p) =>
              /addr "/.test(p.reason) ? `${p.line}: (refused)` : `${p.line}: ${p.reason}`,
            ),
          );
        }),
        { numRuns: 60, seed: 20_261_207 },
      );
    },
    300_000,
  );
});
