/** Roles a pod label cannot carry: both pod-based targets report their rules narrowed. */
import { describe, expect, it } from 'vitest';
import { exportCilium } from '../../simulator/export/cilium.js';
import { exportKubernetes } from '../../simulator/export/kubernetes.js';
import type { ExportResult } from '../../simulator/export/types.js';
import { input, node, policy, rule, topology, zone } from './builders.js';

const t = topology(
  [zone('vpc', 'internal', ['10.0.0.0/16']), zone('internet', 'external')],
  [
    node('ok', 'vpc', { roles: ['trainer'], addresses: ['10.0.1.0/24'] }),
    node('odd', 'vpc', { roles: ['batch_'], addresses: ['10.0.2.0/24'] }),
  ],
);
const p = policy([
  rule('from-odd', 'allow', { from: ['role:batch_'], to: ['203.0.113.0/24'], on: ['tcp/443'] }),
  rule('from-ok', 'allow', { from: ['role:trainer'], to: ['203.0.113.0/24'], on: ['tcp/443'] }),
]);

describe.each([
  ['kubernetes', exportKubernetes],
  ['cilium', exportCilium],
] as const)('%s', (_target, run) => {
  const result: ExportResult = run(input(p, t));

  it('selects no pods by a role that is not a label value, and says so', () => {
    const odd = result.fidelity.find((f) => f.rule === 'from-odd')!;
    // Its only source is that role, so nothing of the rule is exported at all.
    expect(odd.fidelity).toBe('unsupported');
    expect(odd.reason).toContain('role "batch_" is not a valid label value');
    expect(result.files[0]!.content).not.toContain('egress-studio/role: batch_');
  });

  it('exports the other roles exactly', () => {
    expect(result.fidelity.find((f) => f.rule === 'from-ok')!.fidelity).toBe('exact');
    expect(result.files[0]!.content).toContain('egress-studio/role: trainer');
  });
});
