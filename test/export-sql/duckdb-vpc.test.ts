/**
 * `egress simulate --engine duckdb` over AWS VPC flow logs against the in-process reader
 * (aws-vpc.ts), on random logs whose records reuse a few addresses and ports, so that
 * connections repeat and answer each other: the same flows in the same order with the same
 * logged actions and fields in the same order, the same records passed over for the same
 * reasons (no data, other protocols, port 0, replies, continuations) and the same records
 * refused, in the reader's words and on the same lines, whichever way the records spell their
 * addresses (one connection's ends in upper case here, with leading zeros there). In the
 * default format with its header line and without one, and in a custom one with TCP flags,
 * the packet's source address and the header's other spellings; and in logs with spoiled lines (fields missing or too many,
 * runs of spaces and tabs, blank lines, headers again or bad ones, addresses that are none).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readFlowText } from '../../simulator/flows/flow-reader.js';
import { normalizeFlow } from '../../simulator/flows/flow-record.js';
import { CONTINUATION, makeFlow, REPLY } from '../../simulator/flows/formats/log-fields.js';
import { decideWithDuckDb, type DuckDbRow } from '../../simulator/node/duckdb-engine.js';
import { collectRows, exampleSqlScript } from './duckdb.js';
import { type Layout, logArb, logText, noiseArb, noisyLogText } from './vpc-logs.js';

const dir = mkdtempSync(join(tmpdir(), 'egress-duckdb-vpc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What `simulate --engine duckdb` makes of the rows: flows, counted skips, refused lines. */
function asReader(rows: readonly DuckDbRow[]) {
  const flows: string[] = [];
  const skips = new Map<string, number>();
  const problems: string[] = [];
  for (const r of rows) {
    const parsed = normalizeFlow(r.fields);
    const line = r.row;
    if (r.skip !== undefined && (parsed.ok || (r.skip !== REPLY && r.skip !== CONTINUATION))) {
      skips.set(r.skip, (skips.get(r.skip) ?? 0) + 1);
    } else if (r.problem !== undefined) {
      problems.push(`${line}: ${r.problem}`);
    } else if (!parsed.ok) {
      problems.push(`${line}: (refused by the flow's check: ${parsed.reason})`);
    } else {
      const f = parsed.flow;
      const flow = makeFlow(f.src, { ip: f.ip! }, f.proto, f.port ?? 0);
      flows.push(`${line} ${JSON.stringify(flow)} ${r.logged ?? '-'}`);
    }
  }
  return { flows, skips: [...skips].sort(), problems };
}

describe('simulate --engine duckdb over AWS VPC flow logs', () => {
  const script = exampleSqlScript('ml-training', 'duckdb/egress-decisions.sql');

  async function agrees(text: string, file: string): Promise<void> {
    writeFileSync(file, text);
    const own = readFlowText(text, { file, format: 'aws-vpc' });
    const sql = asReader(await collectRows(decideWithDuckDb(script, file, 'aws-vpc')));
    expect(sql.flows).toEqual(
      own.flows.map((o) => `${o.line} ${JSON.stringify(o.flow)} ${o.logged ?? '-'}`),
    );
    expect(sql.skips).toEqual(own.skips.map((s) => [s.reason, s.count]).sort());
    expect(sql.problems).toEqual(own.problems.map((p) => `${p.line}: ${p.reason}`));
  }

  it.each<Layout>(['default', 'headerless', 'custom'])(
    '%s format: the reader’s flows, passed-over records and refusals',
    async (layout) => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(logArb, async (records) => {
          await agrees(logText(records, layout), join(dir, `vpc-${layout}-${run++}.log`));
        }),
        { numRuns: 60, seed: 20_261_207 },
      );
    },
    300_000,
  );

  it.each<Layout>(['default', 'headerless', 'custom'])(
    '%s format with spoiled lines: refused where the reader refuses them, in its words',
    async (layout) => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(logArb, fc.array(noiseArb, { maxLength: 20 }), async (records, noise) => {
          const text = noisyLogText(records, layout, noise);
          await agrees(text, join(dir, `vpc-noisy-${layout}-${run++}.log`));
        }),
        { numRuns: 60, seed: 20_261_208 },
      );
    },
    300_000,
  );
});
