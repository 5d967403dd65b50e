/**
 * The messages between `egress export` and its worker threads (parallel-export.ts and
 * export-worker.ts): plain data, structured-cloned.
 */
import type { Topology } from '../../core/model.js';
import type { ExportOptions, ExportResult } from '../../export/types.js';

/** What every worker is started with: enough to build the same `Project`. */
export interface ExportSetup {
  name: string;
  policyText: string;
  policyFile: string;
  topology: Topology | undefined;
  options: ExportOptions;
}

export interface ExportTask {
  target: string;
}

export type ExportReply =
  { kind: 'result'; result: ExportResult } | { kind: 'failed'; message: string; stack?: string };
