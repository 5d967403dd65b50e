/**
 * Every flow input format, in detection order: a format added here is read by the CLI
 * (`--input-format NAME`, or detected), the app's worker and the desktop alike.
 *
 * Egress Studio's CSV goes first: its detection asks for a header naming `src` or `proto`,
 * which no log has. The log formats follow (Zeek's `#fields` headers, then the JSON logs by
 * the fields only they have); our JSONL comes after the JSON logs, because it also claims a
 * line starting with `{` that is not JSON at all (to report it as malformed); the
 * space-separated text logs last, the kernel's netfilter lines at the very end (a kernel log
 * holds other messages, so one packet line among its first lines claims it).
 */
import type { FlowFormat } from '../flow-format.js';
import { AWS_VPC_FORMAT } from './aws-vpc.js';
import { csvFlowFormat } from './csv.js';
import { GCP_FORMAT } from './gcp.js';
import { HUBBLE_FORMAT } from './hubble.js';
import { jsonlFlowFormat } from './jsonl.js';
import { NETFILTER_LOG_FORMAT } from './netfilter-log.js';
import { SQUID_ACCESS_FORMAT } from './squid-access.js';
import { SURICATA_FORMAT } from './suricata.js';
import { ZEEK_FORMAT } from './zeek.js';

export const FLOW_FORMATS: readonly FlowFormat[] = [
  csvFlowFormat,
  ZEEK_FORMAT,
  SURICATA_FORMAT,
  HUBBLE_FORMAT,
  GCP_FORMAT,
  jsonlFlowFormat,
  AWS_VPC_FORMAT,
  SQUID_ACCESS_FORMAT,
  NETFILTER_LOG_FORMAT,
];

export function flowFormatNamed(name: string): FlowFormat | undefined {
  return FLOW_FORMATS.find((f) => f.name === name);
}

/** Egress Studio's own flow files, as opposed to the logs other systems write. */
export function isFlowFileFormat(format: FlowFormat): boolean {
  return format === csvFlowFormat || format === jsonlFlowFormat;
}

/** What a file's first lines say it is: flows of a format, or companions of one. */
export type FlowFileRole = { role: 'flows' | 'companion'; format: FlowFormat };

/**
 * Detection in registry order, companions included (Zeek's `dns.log` in JSON has a `proto`
 * field, and Zeek comes before our JSONL): undefined when nothing claims the lines. With
 * `forced` (`--input-format`), a file is that format's companion or its flows.
 */
export function detectFlowFile(
  head: readonly string[],
  forced?: FlowFormat,
): FlowFileRole | undefined {
  if (forced !== undefined) {
    return { role: forced.companion?.detect(head) ? 'companion' : 'flows', format: forced };
  }
  for (const format of FLOW_FORMATS) {
    if (format.detect(head)) return { role: 'flows', format };
    if (format.companion?.detect(head)) return { role: 'companion', format };
  }
  return undefined;
}
