/**
 * One case of the inventory's exactness check (exactness.test.ts, regressions.test.ts).
 */
import { expect } from 'vitest';
import type { Flow, PolicyModel, Topology } from '../../simulator/core/model.js';
import { buildInventory } from '../../simulator/analysis/inventory.js';
import { evaluateReference } from '../../simulator/engine/index.js';
import { validFlows } from './brute-force.js';
import { classContains, vocabularyOf } from './class-membership.js';

/** Every combination of the pools' sources, names, addresses, services, methods, paths. */
export function universe(
  sources: Flow[],
  hosts: Flow[],
  ips: Flow[],
  services: Flow[],
  methods: Flow[],
  paths: Flow[],
): Flow[] {
  const distinct = <T>(items: T[]): T[] => [...new Set(items)];
  const out: Flow[] = [];
  for (const src of distinct(sources.map((f) => f.src)))
    for (const host of distinct([undefined, ...hosts.map((f) => f.host)]))
      for (const ip of distinct([undefined, ...ips.map((f) => f.ip)]))
        for (const s of services)
          for (const method of distinct(methods.map((f) => f.method)))
            for (const path of distinct(paths.map((f) => f.path))) {
              if (host === undefined && ip === undefined) continue;
              const flow: Flow = { src, proto: s.proto };
              if (host !== undefined) flow.host = host;
              if (ip !== undefined) flow.ip = ip;
              if (s.port !== undefined) flow.port = s.port;
              if (method !== undefined) flow.method = method;
              if (path !== undefined) flow.path = path;
              out.push(flow);
            }
  return out;
}

export function checkInventory(
  topology: Topology | undefined,
  policy: PolicyModel,
  flows: Flow[],
): void {
  const inventory = buildInventory(policy, topology);
  const v = vocabularyOf(policy, topology);
  for (const c of inventory.allowed) {
    const verdict = evaluateReference(policy, topology, c.witness);
    expect(verdict, `class witness ${JSON.stringify(c.witness)}`).toEqual({
      verdict: 'allow',
      rule: c.rule,
      log: c.log,
    });
    expect(classContains(c, c.witness, topology, v), JSON.stringify(c)).toBe(true);
  }
  for (const f of inventory.findings) {
    const c = inventory.allowed[f.class - 1]!;
    expect(evaluateReference(policy, topology, f.witness).rule).toBe(c.rule);
    expect(classContains(c, f.witness, topology, v), JSON.stringify(f)).toBe(true);
  }
  for (const flow of validFlows(flows, topology)) {
    const verdict = evaluateReference(policy, topology, flow);
    const holders = inventory.allowed.filter((c) => classContains(c, flow, topology, v));
    const expected = verdict.verdict === 'allow' ? [verdict.rule] : [];
    expect(
      holders.map((c) => c.rule),
      `${JSON.stringify(flow)} → ${JSON.stringify(verdict)}`,
    ).toEqual(expected);
  }
}
