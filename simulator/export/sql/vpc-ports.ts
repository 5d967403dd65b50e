/**
 * The VPC flow log reader's port rule (`sideByPorts` in flows/formats/log-fields.ts) in SQL,
 * for the scripts that read VPC flow logs: the Athena variant of the `sql` target and
 * `egress simulate --engine duckdb`. A record from a service's port (below 1024, else below
 * 32768) to a client's is a reply; the mirror of that test, an attempt.
 */
export function portsSayReply(fromPort: string, toPort: string): string {
  return `((${fromPort} < 1024 AND ${toPort} >= 1024) OR (${fromPort} < 32768 AND ${toPort} >= 32768))`;
}
