/**
 * The log formats, in detection order: the most specific content first (Zeek's `#fields`
 * headers and field names, then the JSON formats by the fields only they have, then the
 * space-separated text formats). None of them claims Egress Studio's own CSV and JSONL flow
 * files, so those formats can be tried before or after these.
 */
import type { FlowFormat } from '../flow-format.js';
import { AWS_VPC_FORMAT } from './aws-vpc.js';
import { GCP_FORMAT } from './gcp.js';
import { HUBBLE_FORMAT } from './hubble.js';
import { SQUID_ACCESS_FORMAT } from './squid-access.js';
import { SURICATA_FORMAT } from './suricata.js';
import { ZEEK_FORMAT } from './zeek.js';

export const LOG_FORMATS: readonly FlowFormat[] = [
  ZEEK_FORMAT,
  SURICATA_FORMAT,
  HUBBLE_FORMAT,
  GCP_FORMAT,
  AWS_VPC_FORMAT,
  SQUID_ACCESS_FORMAT,
];
