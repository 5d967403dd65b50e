/**
 * The `sql` target's script over Athena's `vpc_flow_logs` table (trino/
 * egress-decisions-vpc-flow-logs.sql), run on DuckDB with Trino's function names, over a
 * table typed as the Athena documentation creates it, against the in-process reader of the
 * same log (aws-vpc.ts) and the compiled matcher: the view decides exactly the records the
 * reader reads when it sees each record alone (without the connections it remembers), so
 * every flow the reader reads from the whole log is a row of the view, from the same record,
 * with the matcher's verdict; every valid row has the matcher's verdict; `logged` is the
 * record's action and `disagrees` says when it differs from the verdict.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMatcher } from '../../simulator/engine/index.js';
import { sourceProblem } from '../../simulator/engine/validate-flow.js';
import { FlowReader, readFlowText } from '../../simulator/flows/flow-reader.js';
import { normalizeFlow } from '../../simulator/flows/flow-record.js';
import { exampleInput } from '../export-cloud/cloud-exports.js';
import { DIALECT_MACROS, duckdb, exampleSqlScript } from './duckdb.js';
import { logArb, logText, type RecordParts } from './vpc-logs.js';

/** Athena's documented table, with the columns a version 5 custom format fills. */
const TABLE = `CREATE OR REPLACE TABLE vpc_flow_logs (
  version INTEGER, account_id VARCHAR, interface_id VARCHAR, srcaddr VARCHAR, dstaddr VARCHAR,
  srcport INTEGER, dstport INTEGER, protocol BIGINT, packets BIGINT, bytes BIGINT, start BIGINT,
  "end" BIGINT, action VARCHAR, log_status VARCHAR, vpc_id VARCHAR, subnet_id VARCHAR,
  instance_id VARCHAR, tcp_flags INTEGER, type VARCHAR, pkt_srcaddr VARCHAR, pkt_dstaddr VARCHAR)`;

/** A field as Athena's text reader types it: an integer column holds NULL for `-`. */
function integer(text: string): string {
  return /^[0-9]+$/.test(text) ? text : 'NULL';
}

function quoted(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The record as a row; `start` is its place in the log, to find it again. */
function tableRow(r: RecordParts, place: number): string {
  const v = (value: string) => (r.status === 'OK' ? value : '-');
  return `(5, NULL, NULL, ${quoted(v(r.src))}, ${quoted(v(r.dst))}, ${integer(v(r.srcport))}, ${integer(v(r.dstport))}, ${integer(v(r.protocol))}, 10, 840, ${place}, ${place}, ${quoted(v(r.action))}, ${quoted(r.status)}, NULL, NULL, NULL, ${integer(v(r.flags))}, NULL, ${quoted(v(r.pktSrc))}, '-')`;
}

/**
 * What the in-process reader does with each record of the log, by its place: reads a flow,
 * passes it over (and why) or refuses it (and why).
 */
function readerOutcomes(text: string): string[] {
  const reader = new FlowReader({ file: 'vpc.log', format: 'aws-vpc' });
  const [header, ...lines] = text.trimEnd().split('\n');
  reader.pushLine(header!);
  const counts = new Map<string, number>();
  return lines.map((line) => {
    const readings = reader.pushLine(line);
    if (readings.length > 0) {
      const r = readings[0]!;
      return r.kind === 'flow' ? 'flow' : `refused: ${r.problem.reason}`;
    }
    for (const { reason, count } of reader.skips) {
      if (count !== (counts.get(reason) ?? 0)) {
        counts.set(reason, count);
        return `passed over: ${reason}`;
      }
    }
    return 'nothing';
  });
}

/** The flow of a row of the view, read as a flow file's row is. */
function rowFlow(row: Record<string, unknown>) {
  return normalizeFlow({
    src: String(row['src']),
    ip: String(row['ip']),
    proto: String(row['proto']),
    ...(row['port'] !== null ? { port: String(row['port']) } : {}),
  });
}

describe('the sql target over Athena’s vpc_flow_logs table', () => {
  const input = exampleInput('ml-training');
  const script = exampleSqlScript('ml-training', 'trino/egress-decisions-vpc-flow-logs.sql');
  const matcher = compileMatcher(input.policy, input.topology);

  it('keeps every flow the reader reads, and decides every valid row as the matcher does', async () => {
    const c = await duckdb();
    await c.run(DIALECT_MACROS.trino);
    await fc.assert(
      fc.asyncProperty(logArb, async (records) => {
        await c.run(TABLE);
        await c.run(`INSERT INTO vpc_flow_logs VALUES ${records.map(tableRow).join(', ')}`);
        await c.run(script);
        const view = await c.runAndReadAll(
          'SELECT start, src, ip, proto, port, verdict, rule, logged, disagrees FROM egress_decisions_vpc ORDER BY start',
        );
        const rows = new Map(view.getRowObjects().map((r) => [Number(r['start']), r]));
        const own = readFlowText(logText(records, 'custom'), {
          file: 'vpc.log',
          format: 'aws-vpc',
        });
        for (const { flow, line, logged } of own.flows) {
          const row = rows.get(line - 2);
          expect(row, `line ${line}: ${JSON.stringify(flow)}`).toBeDefined();
          const fields = rowFlow(row!);
          expect(fields.ok && fields.flow).toEqual(flow);
          expect(row!['logged'] ?? undefined).toEqual(logged);
        }
        // The view reads each record on its own, as the reader does without the connections
        // it remembers: it decides exactly the records the reader reads from a log holding
        // that record alone (its action made valid: the view does not check it).
        records.forEach((record, place) => {
          const alone = readerOutcomes(logText([{ ...record, action: 'ACCEPT' }], 'custom'))[0]!;
          const kept = rows.has(place) && rows.get(place)!['verdict'] !== null;
          expect(kept, `record ${place}, alone: ${alone}`).toBe(alone === 'flow');
        });
        for (const [place, row] of rows) {
          const parsed = rowFlow(row);
          const decided =
            row['verdict'] === null ? null : { verdict: row['verdict'], rule: row['rule'] };
          if (!parsed.ok || sourceProblem(parsed.flow.src, input.topology) !== undefined) {
            expect(decided, `record ${place}`).toBeNull();
            continue;
          }
          const expected = matcher.evaluate(parsed.flow);
          expect(decided, `record ${place}: ${JSON.stringify(parsed.flow)}`).toEqual({
            verdict: expected.verdict,
            rule: expected.rule,
          });
          const action = records[place]!.action;
          const logged = action === 'ACCEPT' ? 'allow' : action === 'REJECT' ? 'deny' : null;
          expect(row['logged']).toEqual(logged);
          expect(row['disagrees']).toBe(logged !== null && logged !== expected.verdict);
        }
      }),
      { numRuns: 60, seed: 20_261_207 },
    );
  }, 300_000);
});
