/**
 * `sql` target (docs/exporters.md): the policy as SQL, for DuckDB, Trino (Amazon Athena), Spark
 * SQL and BigQuery, so that flow logs too large for one machine are decided where they lie,
 * with the simulator's semantics. Per dialect, a folder with:
 *
 * - `egress-decisions.sql`: one statement creating the view `egress_decisions` over a table
 *   `flows` with the flow-file columns (sql/sql-script.ts), the rules and the topology's
 *   resolution inline;
 * - `egress-rules.sql` and `egress-rules.csv`: the rules table on its own, one row per
 *   combination of a rule's items, for reviews and joins of one's own;
 * - for Trino, `egress-decisions-vpc-flow-logs.sql`: the same over Athena's documented
 *   `vpc_flow_logs` table.
 *
 * SQL sees every field the simulator sees, so every rule is exact.
 */
import { csvCell } from '../flows/flow-record.js';
import { withHeader } from './header.js';
import { SQL_DIALECTS, type SqlDialect } from './sql/sql-dialect.js';
import { classificationScript } from './sql/sql-script.js';
import { portsSayReply } from './sql/vpc-ports.js';
import { sqlTables, type SqlTable } from './sql/sql-tables.js';
import type { ExportFile, ExportInput, ExportResult, Exporter } from './types.js';

export const SQL_TARGET = 'sql';

function usage(d: SqlDialect): string {
  const steps: Record<SqlDialect['name'], string> = {
    duckdb:
      "CREATE TABLE flows AS SELECT * FROM read_csv('flows.csv', all_varchar = true); then run this file",
    trino: 'a table or view named flows in the current schema; run this file in the same schema',
    spark:
      "spark.read.csv('flows.csv', header=True).createOrReplaceTempView('flows'); then spark.sql(this file)",
    bigquery: 'a table flows in the default dataset of the query job (bq query --dataset_id=…)',
  };
  return [
    `-- Decides every row of the table flows as the Egress Studio simulator does (${d.title}).`,
    `-- flows has the flow-file columns src, host, ip, proto, port, method, path (others are kept;`,
    `-- NULL or '' means absent). The view egress_decisions adds verdict, rule and log; a row the`,
    `-- flow reader would reject as malformed gets NULL in all three.`,
    `-- Set up: ${steps[d.name]}.`,
    `-- Query: SELECT rule, verdict, count(*) FROM egress_decisions GROUP BY rule, verdict;`,
    '',
  ].join('\n');
}

function rulesCsv(table: SqlTable): string {
  const lines = [table.columns.map((c) => c.name).join(',')];
  for (const row of table.rows) {
    lines.push(row.map((v) => (v === null ? '' : csvCell(v))).join(','));
  }
  return lines.join('\n') + '\n';
}

/** Athena's documented VPC flow log table as the flows of the script. */
function vpcFlowsCte(d: SqlDialect): string {
  const text = d.type('text');
  const addr = (pkt: string, plain: string) =>
    `COALESCE(NULLIF(NULLIF(${pkt}, '-'), ''), ${plain})`;
  // What `egress simulate` passes over without remembering connections (aws-vpc.ts): a
  // TCP record with flags but no SYN (a continuation) or with SYN-ACK (a reply); without
  // flags, a record from a service's port to a client's (a reply); a record to port 0.
  const passedOver =
    '(protocol = 6 AND tcp_flags IS NOT NULL AND (bitwise_and(tcp_flags, 2) = 0 OR bitwise_and(tcp_flags, 16) = 16)) OR ' +
    `((protocol = 17 OR (protocol = 6 AND tcp_flags IS NULL)) AND ${portsSayReply('srcport', 'dstport')}) OR ` +
    '(protocol IN (6, 17) AND dstport = 0)';
  return `flows AS (
  SELECT v.*,
    ${addr('v.pkt_srcaddr', 'v.srcaddr')} AS src,
    CAST(NULL AS ${text}) AS host,
    ${addr('v.pkt_dstaddr', 'v.dstaddr')} AS ip,
    CASE v.protocol WHEN 6 THEN 'tcp' WHEN 17 THEN 'udp' WHEN 1 THEN 'icmp' WHEN 58 THEN 'icmp' END AS proto,
    CASE WHEN v.protocol IN (6, 17) THEN CAST(v.dstport AS ${text}) END AS port,
    CAST(NULL AS ${text}) AS method,
    CAST(NULL AS ${text}) AS path,
    CASE v.action WHEN 'ACCEPT' THEN 'allow' WHEN 'REJECT' THEN 'deny' END AS logged
  FROM vpc_flow_logs v
  WHERE v.log_status = 'OK' AND v.protocol IN (1, 6, 17, 58) AND NOT (${passedOver})
)`;
}

function exportSql(input: ExportInput): ExportResult {
  const tables = sqlTables(input.policy, input.topology);
  const files: ExportFile[] = [];
  const csv = rulesCsv(tables.rules);
  for (const d of SQL_DIALECTS) {
    const script = classificationScript(d, input.policy, tables, { view: 'egress_decisions' });
    files.push({
      path: `${d.name}/egress-decisions.sql`,
      content: withHeader(`${usage(d)}${script};\n`, input, SQL_TARGET, '--'),
    });
    const rules = `${d.createTable('egress_rules')}\n${d.rows(tables.rules.columns, tables.rules.rows)};\n`;
    files.push({
      path: `${d.name}/egress-rules.sql`,
      content: withHeader(rules, input, SQL_TARGET, '--'),
    });
    files.push({
      path: `${d.name}/egress-rules.csv`,
      content: withHeader(csv, input, SQL_TARGET, '#'),
    });
    if (d.name === 'trino') {
      const vpc = classificationScript(d, input.policy, tables, {
        view: 'egress_decisions_vpc',
        flowsCte: vpcFlowsCte(d),
        extraColumns: [
          `CASE WHEN fl.logged IS NOT NULL AND fl.logged <> fd.verdict THEN TRUE ELSE FALSE END AS disagrees`,
        ],
      });
      const intro = [
        `-- The same decisions over Amazon Athena's vpc_flow_logs table (the table the Athena`,
        `-- documentation creates for VPC Flow Logs versions 2-5). Each accepted or rejected`,
        `-- record that may open a connection becomes a flow from pkt-srcaddr (else srcaddr) to`,
        `-- pkt-dstaddr (else dstaddr) on its protocol and dstport. Left out, as egress simulate`,
        `-- leaves them out: TCP records with flags but no SYN (continuations) or with SYN-ACK`,
        `-- (replies); without TCP flags, records from a port below 1024 to one above, or below`,
        `-- 32768 to one above (replies); records to port 0. egress simulate also remembers the`,
        `-- connections it has read and leaves out their later records: it may count fewer.`,
        `-- Flow logs carry no names, methods or paths: rules that name them never match here.`,
        `-- logged is the record's action; disagrees marks rows where it differs from verdict.`,
        '',
      ].join('\n');
      files.push({
        path: `${d.name}/egress-decisions-vpc-flow-logs.sql`,
        content: withHeader(`${intro}${vpc};\n`, input, SQL_TARGET, '--'),
      });
    }
  }
  const fidelity = [
    ...input.policy.rules.map((r) => ({ rule: r.id, fidelity: 'exact' as const })),
    { rule: 'default', fidelity: 'exact' as const },
  ];
  return { target: SQL_TARGET, files, fidelity };
}

export const sqlExporter: Exporter = {
  target: SQL_TARGET,
  description: 'SQL for DuckDB, Trino/Athena, Spark and BigQuery: flow tables decided in place',
  options: [],
  run: exportSql,
};
