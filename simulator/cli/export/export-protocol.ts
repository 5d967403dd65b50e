/**
 * The messages between `egress export` and its worker threads (parallel-export.ts and
 * export-worker.ts): plain data, structured-cloned.
 */
import type { ExportOptions, ExportResult } from '../../export/types.js';
import type { ProjectTexts } from '../worker-project.js';

/** What every worker is started with: the project's texts and the export options. */
export interface ExportSetup extends ProjectTexts {
  options: ExportOptions;
}

export interface ExportTask {
  target: string;
}

export type ExportReply =
  { kind: 'result'; result: ExportResult } | { kind: 'failed'; message: string; stack?: string };
