/**
 * The dialect layer of the `sql` target: each script is accepted by a real parser of its
 * dialect (Trino's and Spark's own ANTLR grammars through dt-sql-parser, BigQuery's through
 * node-sql-parser), and where a dialect differs from DuckDB only in function names (Trino,
 * Spark), its script runs on DuckDB with macros that give DuckDB those names, and decides
 * every flow as the DuckDB script does.
 */
import { SparkSQL, TrinoSQL } from 'dt-sql-parser';
import fc from 'fast-check';
import nodeSqlParser from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import type { PolicyModel, Topology } from '../../simulator/core/model.js';
import { sqlExporter } from '../../simulator/export/sql.js';
import { fcParameters, flowArb, policyArb, topologyArb } from '../engine/arbitraries.js';
import { exampleInput, exampleNames } from '../export-cloud/cloud-exports.js';
import { DIALECT_MACROS, decideInDuckDb, flowRow } from './duckdb.js';

function files(policy: PolicyModel, topology: Topology | undefined): Map<string, string> {
  const result = sqlExporter.run(
    { policy, ...(topology ? { topology } : {}), project: { name: 'p', policyFile: 'p.egress' } },
    {},
  );
  return new Map(result.files.map((f) => [f.path, f.content]));
}

/** The statement of a script file, without its comment lines and final semicolon. */
function statement(content: string): string {
  return content
    .split('\n')
    .filter((l) => !l.startsWith('--'))
    .join('\n')
    .trim()
    .replace(/;$/, '');
}

describe('sql dialects', () => {
  const trino = new TrinoSQL();
  const spark = new SparkSQL();
  const bigquery = new nodeSqlParser.Parser();

  for (const name of exampleNames()) {
    it(`${name}: every script parses in its dialect`, () => {
      const input = exampleInput(name);
      const out = files(input.policy, input.topology);
      for (const [path, content] of out) {
        if (!path.endsWith('.sql')) continue;
        const sql = statement(content);
        if (path.startsWith('trino/')) expect(trino.validate(sql), path).toEqual([]);
        if (path.startsWith('spark/')) expect(spark.validate(sql), path).toEqual([]);
        if (path.startsWith('bigquery/')) {
          expect(() => bigquery.astify(sql, { database: 'bigquery' }), path).not.toThrow();
        }
      }
    });
  }

  it('the parsers reject what their dialect does not accept', () => {
    expect(trino.validate('SELECT FROM WHERE')).not.toEqual([]);
    expect(spark.validate('SELECT regexp_like(')).not.toEqual([]);
    expect(() => bigquery.astify('SELECT * FROM UNNEST([', { database: 'bigquery' })).toThrow();
  });

  it('Trino and Spark scripts decide as the DuckDB script does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(topologyArb, { freq: 5, nil: undefined }),
        policyArb(8),
        fc.array(flowArb, { minLength: 10, maxLength: 30 }),
        async (topology, policy, flows) => {
          const out = files(policy, topology);
          const rows = flows.map((f) => flowRow(f));
          const expected = await decideInDuckDb(out.get('duckdb/egress-decisions.sql')!, rows);
          for (const dialect of ['trino', 'spark'] as const) {
            const got = await decideInDuckDb(out.get(`${dialect}/egress-decisions.sql`)!, rows, {
              prelude: DIALECT_MACROS[dialect],
            });
            expect(got, dialect).toEqual(expected);
          }
        },
      ),
      fcParameters(25),
    );
  }, 600_000);
});
