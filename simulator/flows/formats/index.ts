/**
 * Every flow input format, in detection order: a format added here is read by the CLI
 * (`--input-format NAME`, or detected), the app's worker and the desktop alike.
 */
import type { FlowFormat } from '../flow-format.js';
import { csvFlowFormat } from './csv.js';
import { jsonlFlowFormat } from './jsonl.js';

export const FLOW_FORMATS: readonly FlowFormat[] = [csvFlowFormat, jsonlFlowFormat];

export function flowFormatNamed(name: string): FlowFormat | undefined {
  return FLOW_FORMATS.find((f) => f.name === name);
}
