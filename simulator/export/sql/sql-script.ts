/**
 * The classification script: given a table `flows` with the flow-file columns (`src`, `host`,
 * `ip`, `proto`, `port`, `method`, `path`; any other columns are kept; an absent value is NULL
 * or an empty string), a view `egress_decisions` with every column of `flows` plus `verdict`,
 * `rule` and `log`, decided exactly as the simulator decides (docs/language.md "Resolution"
 * and "Matching"):
 *
 * 1. the distinct flow tuples are read once (`flow_keys`) and classified; the view joins the
 *    decisions back to every row;
 * 2. each tuple is checked as the flow reader checks a line (a row the reader would reject
 *    gets NULL in all three columns) and its addresses parsed into fixed-width hex;
 * 3. the source and destination resolve through the topology tables (sql-tables.ts);
 * 4. the outbound-only guard decides first (`inbound`), then the matching rule with the
 *    lowest priority (rule order), else the default.
 *
 * The script is one statement, written against the dialect layer (sql-dialect.ts).
 */
import type { PolicyModel } from '../../core/model.js';
import { sqlLiteral, type SqlDialect } from './sql-dialect.js';
import type { SqlTable, SqlTables } from './sql-tables.js';

/** The flow-file columns, in the order the flow-file header lists them. */
export const FLOW_COLUMNS = ['src', 'host', 'ip', 'proto', 'port', 'method', 'path'] as const;

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = `^${OCTET}([.]${OCTET}){3}$`;
const DOTTED = '[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+';
const LABEL = '[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?';
const DOMAIN = `^${LABEL}([.]${LABEL})+$`;
const MAPPED_V4_PREFIX = '00000000000000000000ffff';

function inline(d: SqlDialect, table: SqlTable): string {
  return `${table.name} AS (\n  ${d.rows(table.columns, table.rows)}\n)`;
}

/** A column as trimmed text, '' when NULL: the key of a flow tuple. */
export function keyOf(d: SqlDialect, column: string): string {
  return `COALESCE(TRIM(CAST(${column} AS ${d.type('text')})), '')`;
}

/** The four octets of a dotted quad as hex: eight digits, or two IPv6 groups with `:`. */
function v4Hex(d: SqlDialect, text: string, separator = ''): string {
  const octets = [0, 1, 2, 3].map((i) =>
    d.hexByte(d.toInt(d.extract(text, `^(?:[0-9]+[.]){${i}}([0-9]+)`))),
  );
  const middle = separator === '' ? ' || ' : ` || '${separator}' || `;
  return `${octets[0]} || ${octets[1]}${middle}${octets[2]} || ${octets[3]}`;
}

/** '0:' repeated `count` times (1–8), without a repeat function (Trino's makes arrays). */
function zeroGroups(count: string): string {
  const arms = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `WHEN ${n} THEN '${'0:'.repeat(n)}'`);
  return `CASE ${count} ${arms.join(' ')} END`;
}

/**
 * The stages that parse the text column `{p}_t` as an IP address into `{p}_family` (4, 6 or
 * NULL) and `{p}_hex`, as `parseIp` does: a dotted quad without leading zeros, or IPv6 with
 * at most one `::` that stands for at least one group and an optional dotted tail; an
 * IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is that IPv4 address.
 */
export function ipStages(d: SqlDialect, p: string): string[][] {
  const t = `${p}_t`;
  const x6 = `${p}_x6`;
  const e = `${p}_e`;
  const lead = `CASE WHEN ${e} LIKE ':%' THEN substr(${e}, 2) ELSE ${e} END`;
  const s = `CASE WHEN ${lead} LIKE '%:' THEN substr(${lead}, 1, length(${lead}) - 1) ELSE ${lead} END`;
  const colons = `(length(${x6}) - length(replace(${x6}, ':', '')))`;
  const groups = [1, 2, 3, 4, 5, 6, 7, 8].map(
    (i) => `lpad(${d.extract(`${p}_s`, `^(?:[0-9a-f]*:){${i - 1}}([0-9a-f]*)`)}, 4, '0')`,
  );
  return [
    [
      `CASE WHEN ${d.matches(t, IPV4)} THEN ${t} END AS ${p}_v4`,
      `${d.extract(t, `^(.*:)${DOTTED}$`)} AS ${p}_head`,
      `${d.extract(t, `^.*:(${DOTTED})$`)} AS ${p}_tail`,
    ],
    [
      `CASE WHEN ${p}_v4 IS NOT NULL THEN ${v4Hex(d, `${p}_v4`)} END AS ${p}_v4hex`,
      `CASE WHEN ${t} LIKE '%:%' AND length(${t}) <= 45 THEN CASE WHEN COALESCE(${p}_tail, '') = '' THEN ${t} WHEN ${d.matches(`${p}_tail`, IPV4)} THEN ${p}_head || ${v4Hex(d, `${p}_tail`, ':')} END END AS ${x6}`,
    ],
    [
      `CASE WHEN ${x6} LIKE '%::%' THEN ${colons} - (CASE WHEN ${x6} LIKE '::%' THEN 1 ELSE 0 END) - (CASE WHEN ${x6} LIKE '%::' THEN 1 ELSE 0 END) ELSE ${colons} + 1 END AS ${p}_g`,
    ],
    [
      `(${x6} NOT LIKE '%:::%' AND length(${x6}) - length(replace(${x6}, '::', '')) <= 2 AND ((${x6} LIKE '%::%' AND ${p}_g <= 7) OR (${x6} NOT LIKE '%::%' AND ${p}_g = 8))) AS ${p}_ok6`,
      `CASE WHEN ${x6} LIKE '%::%' AND ${p}_g >= 0 AND ${p}_g <= 7 THEN replace(${x6}, '::', ':' || ${zeroGroups(`8 - ${p}_g`)}) ELSE ${x6} END AS ${e}`,
    ],
    [`${s} AS ${p}_s`],
    [
      `CASE WHEN ${p}_ok6 AND ${d.matches(`${p}_s`, '^[0-9a-f]{1,4}(:[0-9a-f]{1,4}){7}$')} THEN ${groups.join(' || ')} END AS ${p}_hex6`,
    ],
    [
      `CASE WHEN ${p}_v4 IS NOT NULL THEN 4 WHEN ${p}_hex6 LIKE '${MAPPED_V4_PREFIX}%' THEN 4 WHEN ${p}_hex6 IS NOT NULL THEN 6 END AS ${p}_family`,
      `CASE WHEN ${p}_v4 IS NOT NULL THEN ${p}_v4hex WHEN ${p}_hex6 LIKE '${MAPPED_V4_PREFIX}%' THEN substr(${p}_hex6, 25, 8) ELSE ${p}_hex6 END AS ${p}_hex`,
    ],
  ];
}

/** The CTEs from `flow_keys` to `flow_fields` (parsed, checked tuples). */
function fieldStages(d: SqlDialect): string[] {
  const src = ipStages(d, 's');
  const dst = ipStages(d, 'd');
  const host = `lower(k_host)`;
  const first = [
    'k_id',
    ...FLOW_COLUMNS.map((c) => `k_${c}`),
    `lower(k_src) AS s_t`,
    `lower(k_ip) AS d_t`,
    `lower(k_proto) AS proto`,
    `CASE WHEN ${host} LIKE '%.' THEN substr(${host}, 1, length(${host}) - 1) ELSE ${host} END AS host`,
  ];
  const stages: string[] = [
    `flow_parse_0 AS (\n  SELECT ${first.join(',\n    ')}\n  FROM flow_keys\n)`,
  ];
  for (let i = 0; i < src.length; i++) {
    const columns = [...src[i]!, ...dst[i]!];
    stages.push(
      `flow_parse_${i + 1} AS (\n  SELECT flow_parse_${i}.*,\n    ${columns.join(',\n    ')}\n  FROM flow_parse_${i}\n)`,
    );
  }
  const last = `flow_parse_${src.length}`;
  const port = d.toInt('k_port');
  const valid = [
    `(s_family IS NOT NULL OR ${d.matches('k_src', '^[a-z0-9][a-z0-9-]*$')})`,
    `proto IN ('tcp', 'udp', 'icmp')`,
    `(host <> '' OR k_ip <> '')`,
    `(k_host = '' OR (length(host) <= 253 AND ${d.matches('host', DOMAIN)}))`,
    `(k_ip = '' OR d_family IS NOT NULL)`,
    `((proto = 'icmp' AND k_port = '') OR (proto <> 'icmp' AND ${d.matches('k_port', '^[0-9]{1,5}$')} AND ${port} >= 1 AND ${port} <= 65535))`,
    `(k_method = '' OR ${d.matches('k_method', '^[A-Z]+$')})`,
    `(k_path = '' OR k_path LIKE '/%')`,
  ];
  stages.push(
    `flow_fields AS (\n  SELECT ${last}.*,\n    CASE WHEN proto = 'icmp' THEN NULL ELSE ${port} END AS port,\n    COALESCE(${valid.join('\n      AND ')}, FALSE) AS valid\n  FROM ${last}\n)`,
  );
  return stages;
}

export interface ScriptOptions {
  /** The relation holding the flows: the table `flows`, or a CTE named `flows` given here. */
  flowsCte?: string;
  /** The view to create. */
  view: string;
  /** Columns the view adds after `verdict`, `rule`, `log` (expressions over `fl`). */
  extraColumns?: string[];
}

export function classificationScript(
  d: SqlDialect,
  policy: PolicyModel,
  tables: SqlTables,
  options: ScriptOptions,
): string {
  const keys = FLOW_COLUMNS.map((c) => `${keyOf(d, c)} AS k_${c}`);
  const order = FLOW_COLUMNS.map((c) => `k_${c}`).join(', ');
  const defaultAction = sqlLiteral(policy.default.action);
  const defaultLog = sqlLiteral(policy.default.log);
  const guard = sqlLiteral(tables.guard);
  // With a topology, a source that names no node is reported by the flow reader, not decided.
  const undecided = tables.topology ? 'NOT f.valid OR NOT r.src_known' : 'NOT f.valid';
  const src = [
    `(e.src_kind = 'any'`,
    `(e.src_kind = 'node' AND e.src_name = r.src_name)`,
    `(e.src_kind = 'zone' AND e.src_name = r.src_zone)`,
    `(e.src_kind = 'cidr' AND e.src_family = r.src_family AND r.src_ip >= e.src_lo AND r.src_ip <= e.src_hi))`,
  ].join(' OR ');
  const dst = [
    `(e.dst_kind = 'any'`,
    `(e.dst_kind = 'node' AND e.dst_name = r.dst_node)`,
    `(e.dst_kind = 'zone' AND e.dst_name = r.dst_zone)`,
    `(e.dst_kind = 'cidr' AND e.dst_family = r.dst_family AND r.dst_ip >= e.dst_lo AND r.dst_ip <= e.dst_hi)`,
    `(e.dst_kind = 'domain' AND e.dst_name = r.host)`,
    `(e.dst_kind = 'wildcard' AND length(r.host) > length(e.dst_name) AND substr(r.host, length(r.host) - length(e.dst_name)) = '.' || e.dst_name))`,
  ].join(' OR ');
  const service = `(e.proto IS NULL OR (e.proto = r.proto AND (e.port_lo IS NULL OR r.port >= e.port_lo AND r.port <= e.port_hi)))`;
  const method = `(e.method IS NULL OR e.method = r.k_method)`;
  const path = `(e.path IS NULL OR (r.k_path <> '' AND ((e.path_prefix AND substr(r.k_path, 1, length(e.path)) = e.path) OR (NOT e.path_prefix AND r.k_path = e.path))))`;

  const ctes = [
    ...(options.flowsCte ? [options.flowsCte] : []),
    inline(d, tables.rules),
    inline(d, tables.regions),
    inline(d, tables.nodes),
    inline(d, tables.hosts),
    `flow_keys AS (\n  SELECT t.*, row_number() OVER (ORDER BY ${order}) AS k_id\n  FROM (SELECT DISTINCT ${keys.join(', ')} FROM flows) t\n)`,
    ...fieldStages(d),
    `flow_resolved AS (
  SELECT f.k_id, f.host, f.proto, f.port, f.k_method, f.k_path,
    CASE WHEN f.s_family IS NOT NULL THEN sr.node ELSE f.k_src END AS src_name,
    CASE WHEN f.s_family IS NOT NULL THEN sr.zone ELSE sn.zone END AS src_zone,
    CASE WHEN f.s_family IS NOT NULL THEN COALESCE(sr.outside, FALSE) ELSE COALESCE(sn.outside, ${guard}) END AS src_outside,
    (f.s_family IS NOT NULL OR sn.id IS NOT NULL) AS src_known,
    CASE WHEN f.s_family IS NOT NULL THEN f.s_family ELSE sn.first_family END AS src_family,
    CASE WHEN f.s_family IS NOT NULL THEN f.s_hex ELSE sn.first_ip END AS src_ip,
    COALESCE(h.node, dr.node) AS dst_node,
    CASE WHEN f.d_family IS NOT NULL THEN f.d_family ELSE hn.first_family END AS dst_family,
    CASE WHEN f.d_family IS NOT NULL THEN f.d_hex ELSE hn.first_ip END AS dst_ip
  FROM flow_fields f
  LEFT JOIN egress_regions sr ON sr.family = f.s_family AND f.s_hex >= sr.lo AND f.s_hex <= sr.hi
  LEFT JOIN egress_nodes sn ON f.s_family IS NULL AND sn.id = f.k_src
  LEFT JOIN egress_hosts h ON h.host = f.host
  LEFT JOIN egress_nodes hn ON hn.id = h.node
  LEFT JOIN egress_regions dr ON dr.family = f.d_family AND f.d_hex >= dr.lo AND f.d_hex <= dr.hi
  WHERE f.valid
)`,
    `flow_destinations AS (
  SELECT r.*, dn.zone AS dst_zone
  FROM flow_resolved r
  LEFT JOIN egress_nodes dn ON dn.id = r.dst_node
)`,
    `flow_matches AS (
  SELECT r.k_id, MIN(e.priority) AS priority
  FROM flow_destinations r
  JOIN egress_rules e
    ON ${src}
    AND ${dst}
    AND ${service}
    AND ${method}
    AND ${path}
  WHERE NOT r.src_outside
  GROUP BY r.k_id
)`,
    `egress_rule_list AS (\n  SELECT DISTINCT priority, rule, action, log FROM egress_rules\n)`,
    `flow_decisions AS (
  SELECT f.k_id,
    CASE WHEN ${undecided} THEN NULL WHEN r.src_outside THEN 'deny' WHEN m.priority IS NOT NULL THEN l.action ELSE ${defaultAction} END AS verdict,
    CASE WHEN ${undecided} THEN NULL WHEN r.src_outside THEN 'inbound' WHEN m.priority IS NOT NULL THEN l.rule ELSE 'default' END AS rule,
    CASE WHEN ${undecided} THEN NULL WHEN r.src_outside THEN ${defaultLog} WHEN m.priority IS NOT NULL THEN l.log ELSE ${defaultLog} END AS log
  FROM flow_fields f
  LEFT JOIN flow_resolved r ON r.k_id = f.k_id
  LEFT JOIN flow_matches m ON m.k_id = f.k_id
  LEFT JOIN egress_rule_list l ON l.priority = m.priority
)`,
  ];
  const join = FLOW_COLUMNS.map((c) => `${keyOf(d, `fl.${c}`)} = k.k_${c}`).join('\n  AND ');
  const extra = (options.extraColumns ?? []).map((c) => `,\n  ${c}`).join('');
  return (
    `${d.createView(options.view)}\nWITH\n${ctes.join(',\n')}\n` +
    `SELECT fl.*, fd.verdict, fd.rule, fd.log${extra}\nFROM flows fl\nJOIN flow_keys k\n  ON ${join}\n` +
    `JOIN flow_decisions fd ON fd.k_id = k.k_id`
  );
}
