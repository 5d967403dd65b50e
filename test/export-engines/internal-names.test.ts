/**
 * A name never opens an internal address (docs/exporters.md "Domain rules on L3/L4 targets"):
 * when the topology resolves a name into an internal zone — here an external node whose
 * static address lies in the internal network — no exporter may widen an allow of that name
 * onto the internal address, which the simulator denies for an address-only flow. Every
 * address-based target is exported straight through its exporter function, as the app's
 * worker does, without the topology validation that reports such a node.
 */
import { describe, expect, it } from 'vitest';
import { evaluateReference } from '../../simulator/engine/index.js';
import { ciliumExporter } from '../../simulator/export/cilium.js';
import { planFirewall } from '../../simulator/export/firewall-plan.js';
import { iptablesExporter } from '../../simulator/export/iptables.js';
import { kubernetesExporter } from '../../simulator/export/kubernetes.js';
import { nftablesExporter } from '../../simulator/export/nftables.js';
import { terraformAwsExporter } from '../../simulator/export/terraform-aws.js';
import { terraformGcpExporter } from '../../simulator/export/terraform-gcp.js';
import type { Exporter } from '../../simulator/export/types.js';
import { planCoversPacket } from './support/comparable.js';
import { describeWithEngines } from './support/engines.js';
import { runL3Case } from './support/l3-run.js';
import { exportInput, node, policy, rule, topology, zone } from './support/model.js';
import { namespacePrefix } from './support/netns-lab.js';

const INTERNAL_ADDRESS = '10.30.2.7';

const TOPOLOGY = topology(
  'lateral',
  [zone('corp', 'internal', ['10.30.0.0/16']), zone('internet', 'external')],
  [
    node('trainer', 'corp', { roles: ['trainer'], addresses: ['10.30.1.5'] }),
    node('files', 'internet', { hosts: ['files.example.com'], addresses: [INTERNAL_ADDRESS] }),
    node('cdn', 'internet', { hosts: ['cdn.example.com'], addresses: ['198.51.100.9'] }),
  ],
);

const POLICY = policy(
  'lateral',
  [
    rule('wild', 'allow', { from: ['role:trainer'], to: ['*.example.com'], on: ['tcp/443'] }),
    rule('named', 'allow', {
      from: ['role:trainer'],
      to: ['files.example.com'],
      on: ['tcp/443'],
    }),
  ],
  { action: 'deny' },
);

const L3_TARGETS: Exporter[] = [
  nftablesExporter,
  iptablesExporter,
  kubernetesExporter,
  ciliumExporter,
  terraformAwsExporter,
  terraformGcpExporter,
];

/** The file text without comments (where reasons may quote the address). */
function withoutComments(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*(#|\/\/)/.test(line))
    .map((line) => line.replace(/\s+comment\s+"[^"]*"/g, '').replace(/--comment\s+"[^"]*"/g, ''))
    .join('\n');
}

describe('a name that resolves into an internal zone', () => {
  it('is denied by the simulator for an address-only flow', () => {
    const flow = { src: '10.30.1.5', ip: INTERNAL_ADDRESS, proto: 'tcp' as const, port: 443 };
    expect(evaluateReference(POLICY, TOPOLOGY, flow).verdict).toBe('deny');
  });

  for (const exporter of L3_TARGETS) {
    it(`${exporter.target}: never allows the internal address`, () => {
      const result = exporter.run(exportInput(POLICY, TOPOLOGY), {});
      for (const f of result.files) {
        expect(withoutComments(f.content), `${f.path} names ${INTERNAL_ADDRESS}`).not.toContain(
          INTERNAL_ADDRESS,
        );
      }
      for (const entry of result.fidelity) {
        if (entry.rule === 'wild' || entry.rule === 'named')
          expect(entry.fidelity, `${entry.rule}: ${entry.reason}`).not.toBe('exact');
      }
    });
  }

  it('the firewall plan covers the external name but not the internal address', () => {
    const plan = planFirewall(POLICY, TOPOLOGY, 'forward');
    const allows = plan.rules.filter((r) => r.verdict === 'accept');
    const packet = (dst: string) => ({ src: '10.30.1.5', dst, proto: 'tcp' as const, port: 443 });
    expect(allows.some((r) => planCoversPacket(r, packet(INTERNAL_ADDRESS)))).toBe(false);
    expect(allows.some((r) => planCoversPacket(r, packet('198.51.100.9')))).toBe(true);
    const reasons = plan.fidelity.map((e) => `${e.rule}: ${e.fidelity}: ${e.reason ?? ''}`);
    expect(reasons.find((r) => r.startsWith('wild:'))).toContain('internal zone');
    expect(reasons.find((r) => r.startsWith('named:'))).toContain('internal zone');
  });

  // Kubernetes sees no names at all; every other target says what happens to the address.
  for (const exporter of L3_TARGETS.filter((e) => e.target !== 'kubernetes')) {
    it(`${exporter.target}: the rule's fidelity names the internal zone`, () => {
      const result = exporter.run(exportInput(POLICY, TOPOLOGY), {});
      const wild = result.fidelity.find((e) => e.rule === 'wild');
      expect(wild?.reason).toContain('resolves into an internal zone');
    });
  }
});

describeWithEngines(
  'a name into an internal zone, on real firewalls',
  ['netns', 'nft', 'iptables'],
  () => {
    for (const engine of ['nftables', 'iptables'] as const) {
      it(`${engine}: the internal address is refused like the simulator refuses it`, async () => {
        const flows = [
          { id: 0, src: '10.30.1.5', dst: INTERNAL_ADDRESS, proto: 'tcp' as const, port: 443 },
        ];
        const report = await runL3Case(
          engine,
          { name: 'lateral', topology: TOPOLOGY, policy: POLICY, flows, hook: 'forward' },
          namespacePrefix(`${engine.slice(0, 3)}l`),
        );
        expect(report.problems).toEqual([]);
        // Comparable only when no allow the firewall holds covers the address.
        expect(report.compared).toBe(flows.length);
      }, 60_000);
    }
  },
);
