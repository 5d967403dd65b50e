/**
 * A fidelity reason's example flow belongs to the cause it illustrates. The per-role targets
 * check each role's export against the policy; when one mismatch has several causes (in
 * terraform-aws, every rule whose names resolve to addresses the security group then admits
 * for any connection), each cause's example must go to an address that cause's rule reaches,
 * never to one only another rule reaches (checked against the topology as written, not the
 * exporter's resolution).
 */
import { describe, expect, it } from 'vitest';
import type { TopologyNode } from '../../simulator/core/model.js';
import {
  cidrTextSet,
  isEmpty,
  subtract,
  unionAll,
  type IpSet,
} from '../../simulator/export/model/ip-set.js';
import { domainMatches, isDomainProblem, parseDomainPattern } from '../../simulator/util/domain.js';
import { CLOUD_EXPORTERS, exampleInput, exampleNames, randomInput } from './cloud-exports.js';
import { terraformAwsExporter as AWS } from '../../simulator/export/terraform-aws.js';
import type { ExportInput, Exporter } from '../../simulator/export/types.js';

const RANDOM_SEEDS = 60;
/** The targets that check each role's export against the policy and give examples. */
const PER_ROLE = ['kubernetes', 'cilium', 'istio', 'terraform-aws', 'terraform-gcp'];

/**
 * Every address a rule's destinations can reach, from the topology as written: its CIDRs,
 * the addresses of its nodes, roles and zones, and of the nodes listing a host its names match.
 */
function ruleAddresses(input: ExportInput, ruleId: string): IpSet {
  const rule = input.policy.rules.find((r) => r.id === ruleId);
  if (rule === undefined) throw new Error(`no rule ${ruleId}`);
  const nodes = input.topology?.nodes ?? [];
  const sets: IpSet[] = [];
  const ofNodes = (pick: (n: TopologyNode) => boolean) => {
    for (const node of nodes.filter(pick)) sets.push(...node.addresses.map(cidrTextSet));
  };
  for (const item of rule.to) {
    if (item.kind === 'any') return unionAll([cidrTextSet('0.0.0.0/0'), cidrTextSet('::/0')]);
    if (item.kind === 'cidr') sets.push(cidrTextSet(item.cidr));
    if (item.kind === 'node') ofNodes((n) => n.id === item.name);
    if (item.kind === 'role') ofNodes((n) => n.roles.includes(item.name));
    if (item.kind === 'zone') {
      ofNodes((n) => n.zone === item.name);
      const zone = input.topology?.zones.find((z) => z.id === item.name);
      sets.push(...(zone?.cidrs ?? []).map(cidrTextSet));
    }
    if (item.kind === 'domain' || item.kind === 'wildcard') {
      const pattern = parseDomainPattern(item.kind === 'domain' ? item.domain : `*.${item.suffix}`);
      if (isDomainProblem(pattern)) throw new Error(`not a name in ${ruleId}`);
      ofNodes((n) => n.hosts.some((h) => domainMatches(pattern, h)));
    }
  }
  return unionAll(sets);
}

interface RuleCause {
  finding: string;
  rule: string;
  example: string;
}

/** The ways a cause names the rule whose export explains it. */
const NAMING = [
  /admits the addresses (\S+?)'s names resolve to/g,
  /so (\S+) (?:admits|refuses) every request/g,
  /rule (\S+) (?:is enforced for all|is left out|covers other addresses)/g,
];

/**
 * Every cause with an example that names one rule, from the target's reasons: the text
 * between one example and the next names the rule.
 */
function ruleCauses(input: ExportInput, exporter: Exporter = AWS): RuleCause[] {
  const out: RuleCause[] = [];
  for (const entry of exporter.run(input, {}).fidelity) {
    const reason = entry.reason ?? '';
    let from = 0;
    for (const example of reason.matchAll(/\(e\.g\. [^()]*? to ([0-9a-f:./]+)(?: and more)?\)/g)) {
      const text = reason.slice(from, example.index);
      from = example.index + example[0].length;
      const rules = new Set(NAMING.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]!)));
      if (rules.size !== 1) continue;
      out.push({ finding: entry.rule, rule: [...rules][0]!, example: example[1]! });
    }
  }
  return out;
}

function misplaced(input: ExportInput, exporter: Exporter): string[] {
  return ruleCauses(input, exporter)
    .filter((c) => !isEmpty(subtract(cidrTextSet(c.example), ruleAddresses(input, c.rule))))
    .map(
      (c) => `${c.finding}: ${c.rule}'s cause shows ${c.example}, which ${c.rule} does not reach`,
    );
}

describe('fidelity: each cause shows an example of its own', () => {
  const counts = new Map<string, number>();
  it('llm-gateway: the default widened by two providers shows each its own address', () => {
    const causes = ruleCauses(exampleInput('llm-gateway'));
    const example = (rule: string) => causes.find((c) => c.rule === rule)?.example;
    expect(example('openai-inference')).toBe('203.0.113.10');
    expect(example('anthropic-messages')).toBe('198.51.100.20');
  });

  for (const exporter of CLOUD_EXPORTERS.filter((e) => PER_ROLE.includes(e.target))) {
    it(`${exporter.target}: the examples and ${RANDOM_SEEDS} seeded random projects`, () => {
      let checked = 0;
      const inputs = [
        ...exampleNames().map((name) => ({ name, input: exampleInput(name) })),
        ...Array.from({ length: RANDOM_SEEDS }, (_, i) => ({
          name: `seed ${i + 1}`,
          input: randomInput(i + 1, true),
        })),
      ];
      for (const { name, input } of inputs) {
        checked += ruleCauses(input, exporter).length;
        expect(misplaced(input, exporter), name).toEqual([]);
      }
      counts.set(exporter.target, checked);
    });
  }

  it('the check has something to check: causes with examples that name a rule', () => {
    // terraform-aws widens through resolved names; the per-role targets leave rules out.
    expect(counts.get('terraform-aws')).toBeGreaterThan(20);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(60);
  });
});
