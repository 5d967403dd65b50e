/**
 * Streams flow records from a CSV or JSONL file (or stdin) in batches, with constant
 * memory: lines are split out of the byte stream chunk by chunk and parsed one at a time.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Flow } from '../core/model.js';
import type { FlowColumn, FlowParse } from '../flows/flow-record.js';
import { parseFlowCsvHeader, parseFlowCsvRow, parseFlowJsonLine } from '../flows/flow-record.js';
import { describeIoError, UserError } from './errors.js';

export type FlowFileFormat = 'csv' | 'jsonl';

export interface FlowLine {
  line: number;
  result: FlowParse;
}

export function formatFromName(name: string): FlowFileFormat | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.json'))
    return 'jsonl';
  return undefined;
}

/** Opens a flow file (`-` for stdin); unreadable files are user errors. */
export async function openFlowSource(path: string): Promise<NodeJS.ReadableStream> {
  // Decoded by the stream (Node's native UTF-8 decoder, which keeps a character split
  // across chunks whole): cheaper than decoding each chunk in JavaScript.
  if (path === '-') return process.stdin.setEncoding('utf8');
  try {
    const info = await stat(path);
    if (info.isDirectory())
      throw new UserError(`${path}: is a folder; give a .csv or .jsonl flow file`);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${path}: ${describeIoError((error as NodeJS.ErrnoException).code ?? '')}`);
  }
  return createReadStream(path, { encoding: 'utf8' });
}

/** The longest flow line read (docs/language.md "Input limits"); a flow line is ~100 characters. */
export const MAX_FLOW_LINE_LENGTH = 65_536;

/**
 * Yields parsed flow lines in batches. The format comes from the file name, else from the
 * first non-empty line (`{` means JSONL). Blank lines and `#` comment lines are skipped.
 */
export async function* readFlowLines(
  stream: NodeJS.ReadableStream,
  name: string,
): AsyncGenerator<FlowLine[]> {
  let format = formatFromName(name);
  let columns: FlowColumn[] | undefined;
  let remainder = '';
  let lineNo = 0;
  const decoder = new TextDecoder('utf-8');

  const parseLine = (raw: string, out: FlowLine[]): void => {
    lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.startsWith('#')) return;
    if (format === undefined) format = line.trimStart().startsWith('{') ? 'jsonl' : 'csv';
    if (format === 'jsonl') {
      out.push({ line: lineNo, result: parseFlowJsonLine(line) });
      return;
    }
    if (columns === undefined) {
      const header = parseFlowCsvHeader(line);
      if (!header.ok) throw new UserError(`${name}:${lineNo}: ${header.reason}`);
      columns = header.columns;
      return;
    }
    out.push({ line: lineNo, result: parseFlowCsvRow(line, columns) });
  };

  try {
    for await (const chunk of stream) {
      // A line that never ends would be held whole and re-split with every chunk.
      if (remainder.length > MAX_FLOW_LINE_LENGTH) {
        throw new UserError(
          `${name}:${lineNo + 1}: the line is longer than ${MAX_FLOW_LINE_LENGTH.toLocaleString('en')} characters (the limit of a flow line); is this a flow file?`,
        );
      }
      const text =
        remainder +
        (typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true }));
      const lines = text.split('\n');
      remainder = lines.pop() ?? '';
      const batch: FlowLine[] = [];
      for (const line of lines) parseLine(line, batch);
      if (batch.length > 0) yield batch;
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`${name}: ${code ? describeIoError(code) : (error as Error).message}`);
  }
  const tail: FlowLine[] = [];
  remainder += decoder.decode();
  if (remainder !== '') parseLine(remainder, tail);
  if (tail.length > 0) yield tail;
}

export type { Flow };
