/**
 * The messages between `egress simulate` and its worker threads (parallel-simulate.ts and
 * simulate-worker.ts): plain data, structured-cloned, with byte buffers transferred.
 */
import type { FlowProblem } from '../../flows/flow-reader.js';
import type { ProjectTexts } from '../worker-project.js';

/** What every worker is started with: the project's texts and the result formatter's format. */
export interface WorkerSetup extends ProjectTexts {
  format: 'jsonl' | 'csv' | 'summary';
  strictInput: boolean;
}

/** One piece of a flow file, cut after a line break. */
export interface ChunkTask {
  id: number;
  file: string;
  /** UTF-8 bytes of whole lines (the last piece of a file may end without a line break). */
  bytes: Uint8Array;
  /**
   * How to read it: the first piece with the file's own detection (or `--input-format`);
   * every later one with the detected format, primed with the CSV header when there is one.
   */
  reading: { inputFormat?: string } | { format: string; header?: string };
  /** A buffer an earlier piece's output was written from, to write this one's output into. */
  spare?: ArrayBuffer;
}

export interface ChunkResult {
  id: number;
  /** The output of the piece's flows, UTF-8, in order. */
  output: Uint8Array;
  /** Line breaks in the piece: where the next piece's line numbers start. */
  lineBreaks: number;
  /** Problems in order; lines counted from the piece's first line (1). */
  problems: FlowProblem[];
  /** With --strict-input, the piece stopped at its first problem. */
  stopped: boolean;
  /** Flows per `decide` result (shifted by DECISION_BIAS). */
  flowsByDecision: Float64Array;
  total: number;
  allowed: number;
  /** The piece's own bytes, given back to be read into again. */
  input: ArrayBuffer;
}

export type WorkerReply =
  { kind: 'result'; result: ChunkResult } | { kind: 'failed'; message: string };
