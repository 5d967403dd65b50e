/** Exported-file texts with the real generated-file header (simulator/export/header.ts). */
import { withHeader } from '../../simulator/export/header.js';
import type { ExportInput } from '../../simulator/export/types.js';

const INPUT = {
  project: { name: 'lab', policyFile: 'policy.egress' },
  policy: { name: 'lab-egress' },
} as unknown as ExportInput;

export function generated(target: string, body: string): string {
  return withHeader(body, INPUT, target, '#');
}
