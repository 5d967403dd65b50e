/**
 * Egress Studio's own JSONL flow files (docs/cli.md "Flow inputs"): one JSON object per line
 * with the fields src, host, ip, proto, port, method, path. Blank lines and `#` comment lines
 * are skipped.
 */
import type { FlowFormat, FlowLineOutcome, FlowLineParser } from '../flow-format.js';
import { FLOW_CSV_COLUMNS, parseFlowJsonLine } from '../flow-record.js';

const SKIP: FlowLineOutcome[] = [];

export const jsonlFlowFormat: FlowFormat = {
  name: 'jsonl',
  description: `one JSON object per line with the fields ${FLOW_CSV_COLUMNS.join(', ')}`,
  detect(head) {
    const first = head.find((line) => !line.startsWith('#'));
    if (first === undefined || !first.trimStart().startsWith('{')) return false;
    // Other logs are JSON lines too (Hubble, Suricata, …): claim only objects of our fields,
    // or a line that is not JSON at all (reported as malformed rather than unclaimed).
    try {
      const value: unknown = JSON.parse(first);
      if (typeof value !== 'object' || value === null) return false;
      return 'src' in value || 'proto' in value;
    } catch {
      return true;
    }
  },
  open(): FlowLineParser {
    return {
      push(text, line) {
        if (text.startsWith('#')) return SKIP;
        const parsed = parseFlowJsonLine(text);
        return [
          parsed.ok
            ? { kind: 'flow', observed: { flow: parsed.flow, line } }
            : { kind: 'malformed', line, reason: parsed.reason },
        ];
      },
      finish: () => SKIP,
    };
  },
};
