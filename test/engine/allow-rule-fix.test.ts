/**
 * The "add an allow rule" fix: after inserting its rule, the denied flow is allowed, the
 * rule sits above the rule that denied it (first match wins), and every other flow keeps
 * its decision unless the new rule matches it too.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  allowRuleFix,
  buildEdgeFlow,
  checkPolicy,
  compileMatcher,
  parseTopology,
  ruleMatchesReference,
  resolveReference,
  type Flow,
  type Topology,
} from '../../simulator/index.js';

function load(name: string): { text: string; topology: Topology } {
  const topology = parseTopology(readFileSync(`policies/${name}/topology.yaml`, 'utf8')).topology!;
  return { text: readFileSync(`policies/${name}/policy.egress`, 'utf8'), topology };
}

function insert(text: string, offset: number, line: string): string {
  return text.slice(0, offset) + line + text.slice(offset);
}

/** Flows to every node host and address, on the edges' and a few common services. */
function probeFlows(topology: Topology): Flow[] {
  const flows: Flow[] = [];
  for (const e of topology.edges) {
    const b = buildEdgeFlow(e, topology);
    if (b.ok) flows.push(b.flow);
  }
  for (const src of topology.nodes)
    for (const dst of topology.nodes)
      for (const host of dst.hosts)
        for (const port of [443, 80, 53, 3128])
          flows.push({ src: src.id, host, proto: 'tcp', port });
  flows.push({ src: topology.nodes[0]!.id, ip: '169.254.169.254', proto: 'tcp', port: 80 });
  flows.push({
    src: topology.nodes[0]!.id,
    host: 'example.com',
    proto: 'tcp',
    port: 443,
    method: 'POST',
    path: '/v1/x',
  });
  return flows;
}

describe('allowRuleFix', () => {
  for (const name of ['ml-training', 'llm-gateway', 'rag-app']) {
    it(`${name}: every denied outbound flow is allowed after the fix, and no other decision changes`, () => {
      const { text, topology } = load(name);
      const policy = checkPolicy(text, { topology }).model;
      const matcher = compileMatcher(policy, topology);
      const flows = probeFlows(topology);
      let fixed = 0;
      for (const flow of flows) {
        const before = matcher.evaluate(flow);
        const result = allowRuleFix(text, policy, topology, flow);
        if (before.verdict === 'allow' || before.rule === 'inbound') {
          expect(result.ok).toBe(false);
          continue;
        }
        expect(result.ok, JSON.stringify(flow)).toBe(true);
        if (!result.ok) continue;
        fixed++;
        const after = insert(text, result.fix.offset, result.fix.text);
        const checked = checkPolicy(after, { topology });
        expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const m2 = compileMatcher(checked.model, topology);
        expect(m2.evaluate(flow)).toMatchObject({ verdict: 'allow', rule: result.fix.ruleId });
        const added = checked.model.rules.find((r) => r.id === result.fix.ruleId)!;
        for (const other of flows) {
          if (ruleMatchesReference(added, resolveReference(topology, other), topology)) continue;
          expect(m2.evaluate(other)).toEqual(matcher.evaluate(other));
        }
      }
      expect(fixed).toBeGreaterThan(0);
    });
  }

  it('goes above the deciding deny rule and its comment block, not after it', () => {
    const text = [
      'policy p',
      'allow web from any to example.org on tcp/443',
      '',
      '# Nothing else from anywhere.',
      'deny rest from any to any',
      '',
      'expect allow node:a -> example.com on tcp/443',
      '',
    ].join('\n');
    const topology: Topology = {
      version: 1,
      name: 't',
      zones: [{ id: 'vpc', kind: 'internal', cidrs: ['10.0.0.0/16'] }],
      nodes: [{ id: 'a', kind: 'training-job', zone: 'vpc', roles: [], addresses: [], hosts: [] }],
      edges: [],
    };
    const policy = checkPolicy(text, { topology }).model;
    const result = allowRuleFix(text, policy, topology, {
      src: 'a',
      host: 'example.com',
      proto: 'tcp',
      port: 443,
    });
    expect(result).toEqual({
      ok: true,
      fix: {
        ruleId: 'allow-a-example-com',
        text: 'allow allow-a-example-com from node:a to example.com on tcp/443\n',
        line: 4,
        offset: text.indexOf('# Nothing'),
        before: 'rest',
      },
    });
  });

  it('after the last rule when the default decides; the id does not clash', () => {
    const text =
      'policy p\nallow allow-a-example-com from any to x.org on tcp/443\nexpect allow node:a -> example.com on tcp/443';
    const policy = checkPolicy(text).model;
    const result = allowRuleFix(text, policy, undefined, {
      src: 'a',
      host: 'example.com',
      proto: 'tcp',
      port: 443,
      method: 'GET',
      path: '/simple/',
    });
    expect(result.ok && result.fix).toMatchObject({
      ruleId: 'allow-a-example-com-2',
      text: 'allow allow-a-example-com-2 from node:a to example.com on tcp/443 methods GET paths /simple/\n',
      line: 3,
      before: null,
    });
  });

  it('offers nothing for an external source: the guard decides', () => {
    const { text, topology } = load('llm-gateway');
    const external = topology.nodes.find(
      (n) => topology.zones.find((z) => z.id === n.zone)?.kind === 'external',
    )!;
    const policy = checkPolicy(text, { topology }).model;
    const result = allowRuleFix(text, policy, topology, {
      src: external.id,
      host: 'example.com',
      proto: 'tcp',
      port: 443,
    });
    expect(result.ok).toBe(false);
  });
});
