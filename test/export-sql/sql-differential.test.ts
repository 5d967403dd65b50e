/**
 * The DuckDB script of the `sql` target decides every flow as the simulator does: random
 * topologies, policies and boundary-biased flows (the generators of the matcher's
 * differential test), run through a real DuckDB and compared with the reference interpreter,
 * flow by flow. Rows the flow reader rejects must get no decision at all. On failure
 * fast-check prints the seed; replay with EGRESS_FC_SEED=<seed> EGRESS_FC_PATH=<path>.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Flow, PolicyModel, Topology } from '../../simulator/core/model.js';
import { evaluateReference } from '../../simulator/engine/index.js';
import { sourceProblem } from '../../simulator/engine/validate-flow.js';
import { sqlExporter } from '../../simulator/export/sql.js';
import { normalizeFlow } from '../../simulator/flows/flow-record.js';
import { fcParameters, flowArb, policyArb, topologyArb } from '../engine/arbitraries.js';
import { asDecision, decideInDuckDb, flowRow, type RawRow } from './duckdb.js';

function script(policy: PolicyModel, topology: Topology | undefined): string {
  const result = sqlExporter.run(
    {
      policy,
      ...(topology ? { topology } : {}),
      project: { name: 'random', policyFile: 'policy.egress' },
    },
    {},
  );
  return result.files.find((f) => f.path === 'duckdb/egress-decisions.sql')!.content;
}

let flowsCompared = 0;

const UNDECIDED = { verdict: null, rule: null, log: null };

/**
 * The simulator's answer for a flow the reader accepted: its verdict, or none when the
 * source names no node of the topology (the reader reports such a flow instead).
 */
function expectedDecision(policy: PolicyModel, topology: Topology | undefined, flow: Flow) {
  if (topology !== undefined && sourceProblem(flow.src, topology) !== undefined) return UNDECIDED;
  return asDecision(evaluateReference(policy, topology, flow));
}

describe('sql target on DuckDB = simulator', () => {
  it('decides random flows of random projects exactly (at least 5,000 flows a run)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(topologyArb, { freq: 5, nil: undefined }),
        policyArb(10),
        fc.array(flowArb, { minLength: 35, maxLength: 60 }),
        fc.boolean(),
        fc.boolean(),
        async (topology, policy, flows, emptyAsAbsent, integerPort) => {
          const rows = flows.map((f) => {
            const row = flowRow(f, emptyAsAbsent);
            // An integer column has no empty string: absent is NULL there.
            if (integerPort && row.port === '') row.port = null;
            return row;
          });
          const got = await decideInDuckDb(script(policy, topology), rows, { integerPort });
          flows.forEach((flow, i) => {
            expect(got[i], JSON.stringify(flow)).toEqual(expectedDecision(policy, topology, flow));
          });
          flowsCompared += flows.length;
        },
      ),
      fcParameters(150),
    );
    expect(flowsCompared).toBeGreaterThanOrEqual(5000);
  }, 600_000);

  it('gives no decision to rows the flow reader rejects, and the simulator’s to the rest', async () => {
    const text = fc.oneof(
      fc.constantFrom('', ' ', 'trainer', '10.0.1.5', 'fd00::1', '::ffff:10.0.1.5', '1.2.3'),
      fc.constantFrom('10.0.1.256', '01.2.3.4', 'fd00::1::2', '1:2:3:4:5:6:7:8::', '::1.2.3.4'),
      fc.constantFrom('::', '1::', 'fe80::1', '2001:db8::ffff:1.2.3.4', 'FD00::1', 'g::1'),
    );
    const row = fc.record({
      src: fc.oneof(text, fc.constantFrom('notebook', 'gateway')),
      host: fc.constantFrom(
        '',
        'pypi.org',
        'PyPI.org.',
        '*.x.org',
        'a..b',
        '-a.org',
        'x',
        'a_b.org',
      ),
      ip: text,
      proto: fc.constantFrom('', 'tcp', 'TCP', 'udp', 'icmp', 'sctp'),
      port: fc.constantFrom('', '0', '1', '443', '0443', '65535', '65536', '123456', 'x', ' 80 '),
      method: fc.constantFrom('', 'GET', 'get', 'POST'),
      path: fc.constantFrom('', '/', '/v1/x', 'v1'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.option(topologyArb, { freq: 5, nil: undefined }),
        policyArb(8),
        fc.array(row, { minLength: 10, maxLength: 40 }),
        async (topology, policy, rows) => {
          const got = await decideInDuckDb(script(policy, topology), rows as RawRow[]);
          rows.forEach((raw, i) => {
            const fields: Record<string, string> = {};
            for (const [k, v] of Object.entries(raw)) if (v.trim() !== '') fields[k] = v.trim();
            const parsed = normalizeFlow(fields);
            const expected = parsed.ok
              ? expectedDecision(policy, topology, parsed.flow as Flow)
              : UNDECIDED;
            expect(got[i], JSON.stringify(raw)).toEqual(expected);
          });
        },
      ),
      fcParameters(60),
    );
  }, 600_000);
});
