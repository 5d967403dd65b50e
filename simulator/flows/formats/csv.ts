/**
 * Egress Studio's own CSV flow files (docs/cli.md "Flow inputs"): a header naming the columns
 * `src,host,ip,proto,port,method,path` in any order, then one flow per row. Blank lines and
 * `#` comment lines are skipped; a bad header makes the whole file unreadable.
 */
import type { FlowFormat, FlowLineOutcome, FlowLineParser } from '../flow-format.js';
import type { FlowColumn } from '../flow-record.js';
import {
  FLOW_CSV_COLUMNS,
  parseFlowCsvHeader,
  parseFlowCsvRow,
  splitCsvLine,
} from '../flow-record.js';

const SKIP: FlowLineOutcome[] = [];

export const csvFlowFormat: FlowFormat = {
  name: 'csv',
  description: `CSV with the header ${FLOW_CSV_COLUMNS.join(',')} (any order; src and proto required)`,
  detect(head) {
    const first = head.find((line) => !line.startsWith('#'));
    if (first === undefined) return false;
    // A header that names `src` or `proto` is ours even with a mistake elsewhere in it: the
    // mistake is then reported precisely, as a bad header, not as an unknown format.
    const cells = (splitCsvLine(first.replace(/^\uFEFF/, '')) ?? []).map((c) =>
      c.trim().toLowerCase(),
    );
    return parseFlowCsvHeader(first).ok || cells.includes('src') || cells.includes('proto');
  },
  open(): FlowLineParser {
    let columns: FlowColumn[] | undefined;
    // One array for every row's outcome: no allocation per row beyond the outcome itself.
    const one: FlowLineOutcome[] = [];
    return {
      push(text, line) {
        if (text.startsWith('#')) return SKIP;
        if (columns === undefined) {
          const header = parseFlowCsvHeader(text);
          if (!header.ok) return [{ kind: 'unreadable', line, reason: header.reason }];
          columns = header.columns;
          return SKIP;
        }
        const parsed = parseFlowCsvRow(text, columns);
        one[0] = parsed.ok
          ? { kind: 'flow', observed: { flow: parsed.flow, line } }
          : { kind: 'malformed', line, reason: parsed.reason };
        return one;
      },
      finish: () => SKIP,
    };
  },
};
