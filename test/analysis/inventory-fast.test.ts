/**
 * The inventory read from atom runs (`buildInventory`) against the plain reference that
 * reads every class atom by atom and tests drawn edges against the union of every allowed
 * set (`buildInventoryPlain`): the same classes, edge notes, findings and denied edges, field
 * for field and in the same key order (the audit files are its JSON).
 * The run operations and `FlowSpace.runSet` are checked against sets of indices. Seeds are
 * printed; replay with
 *   EGRESS_FC_SEED=<seed> EGRESS_FC_PATH=<path> npx vitest run test/analysis/inventory-fast.test.ts
 * and keep a failing case as a named one below.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateWorkload } from '../../bench/flows.js';
import type { PolicyModel, Rule, Topology } from '../../simulator/core/model.js';
import {
  atomsOf,
  differenceRuns,
  positionsIn,
  runsCover,
  runsHave,
  runsOf,
  runsSize,
  unionRuns,
} from '../../simulator/analysis/atom-runs.js';
import { buildInventory, buildInventoryPlain } from '../../simulator/analysis/inventory.js';
import { buildSpace } from '../../simulator/analysis/space.js';
import { DIMENSIONS, type AtomPoint } from '../../simulator/analysis/symbolic.js';
import { fcParameters, policyArb, topologyArb } from '../engine/arbitraries.js';
import { exampleInput, exampleNames } from '../export-cloud/cloud-exports.js';

function expectSameInventory(policy: PolicyModel, topology: Topology | undefined): void {
  const fast = buildInventory(policy, topology);
  const plain = buildInventoryPlain(policy, topology);
  expect(fast).toEqual(plain);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(plain));
}

/** An allowing policy of the given rules (any service), default allow. */
function policyOf(rules: Pick<Rule, 'from' | 'to'>[]): PolicyModel {
  const at = { line: 1, column: 1, offset: 0 };
  return {
    name: 'named',
    rules: rules.map((r, index) => ({
      id: `r${index}`,
      index,
      action: 'allow',
      ...r,
      services: null,
      methods: null,
      paths: null,
      log: false,
      description: null,
      range: { start: at, end: at },
    })),
    sets: [],
    default: { action: 'allow', log: false },
    expectations: [],
  };
}

function seeded(name: string, runs: number): fc.Parameters<unknown> {
  const params = fcParameters(runs);
  const seed = params.seed ?? Date.now() ^ (Math.random() * 0x7fffffff);
  console.log(`${name}: seed ${seed}, ${params.numRuns ?? 0} runs`);
  return { ...params, seed };
}

/** Random topologies with drawn edges (some with notes, some on services no rule names). */
const topologyWithEdgesArb: fc.Arbitrary<Topology> = topologyArb.chain((topology) => {
  const ids = topology.nodes.map((n) => n.id);
  if (ids.length === 0) return fc.constant(topology);
  const edge = fc.record(
    {
      from: fc.constantFrom(...ids),
      to: fc.constantFrom(...ids),
      service: fc.constantFrom('tcp/443', 'tcp/80', 'udp/53', 'icmp', 'tcp/8000-8100', 'tcp/5432'),
      note: fc.constantFrom('pulls images', 'reads the index', ''),
    },
    { requiredKeys: ['from', 'to', 'service'] },
  );
  return fc.array(edge, { maxLength: 6 }).map((edges) => ({ ...topology, edges }));
});

/** Sorted distinct indices below 64. */
const indicesArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 63 }), { maxLength: 40 })
  .map((xs) => xs.sort((a, b) => a - b));

describe('atom runs equal sets of indices', () => {
  it('on random index sets', () => {
    fc.assert(
      fc.property(indicesArb, indicesArb, (xs, ys) => {
        const a = runsOf(xs);
        const b = runsOf(ys);
        const inB = new Set(ys);
        expect(atomsOf(a)).toEqual(xs);
        expect(runsSize(a)).toBe(xs.length);
        // Runs are never adjacent: one run per stretch of consecutive indices.
        expect(a.length).toBe(xs.filter((x, i) => i === 0 || xs[i - 1] !== x - 1).length);
        for (let i = 0; i < 64; i++) expect(runsHave(a, i)).toBe(xs.includes(i));
        expect(runsCover(b, a)).toBe(xs.every((x) => inB.has(x)));
        expect(atomsOf(unionRuns(a, b))).toEqual(
          [...new Set([...xs, ...ys])].sort((p, q) => p - q),
        );
        expect(atomsOf(differenceRuns(a, b))).toEqual(xs.filter((x) => !inB.has(x)));
        expect(positionsIn(a, ys).map((k) => ys[k])).toEqual(ys.filter((y) => xs.includes(y)));
      }),
      seeded('atom runs', 300),
    );
  });

  it('runSet holds exactly the atoms of its runs, in every dimension', () => {
    const { topology, policy } = generateWorkload(60, 1);
    const space = buildSpace(topology, [policy]);
    const origin: AtomPoint = { source: 0, host: 0, ip: 0, service: 0, method: 0, path: 0 };
    fc.assert(
      fc.property(fc.constantFrom(...DIMENSIONS), indicesArb, (dim, xs) => {
        const count = space.countOf(dim);
        const inside = xs.filter((x) => x < count);
        const set = space.runSet(dim, runsOf(inside));
        for (let i = 0; i < count; i++) {
          expect(space.contains(set, { ...origin, [dim]: i })).toBe(inside.includes(i));
        }
      }),
      seeded('runSet', 200),
    );
  });
});

describe('buildInventory equals the plain reference', () => {
  it('on random topologies and policies', () => {
    fc.assert(
      fc.property(fc.option(topologyWithEdgesArb, { freq: 4 }), policyArb(10), (topology, policy) =>
        expectSameInventory(policy, topology ?? undefined),
      ),
      seeded('inventory from runs', 500),
    );
  }, 900_000);

  it('an edge note falls only in classes holding its source node by name (seed 1261840783)', () => {
    // The default's class from ::/0 holds trainer's IPv6 addresses (and so flows of the edge)
    // but not the name `trainer`: the note stays with the class that names it.
    const topology: Topology = {
      version: 1,
      name: 'generated',
      zones: [],
      nodes: [
        {
          id: 'trainer',
          kind: 'generic',
          zone: 'vpc',
          roles: [],
          addresses: ['151.101.0.0/16', 'fd00:1::/32'],
          hosts: [],
        },
      ],
      edges: [{ from: 'trainer', to: 'trainer', service: 'icmp', note: 'pulls images' }],
    };
    const policy = policyOf([
      {
        from: [{ kind: 'cidr', cidr: '0.0.0.0/0', via: [] }],
        to: [{ kind: 'node', name: 'trainer', via: [] }],
      },
    ]);
    expectSameInventory(policy, topology);
    const noted = buildInventory(policy, topology).allowed.filter((c) => c.edgeNotes.length > 0);
    expect(noted.map((c) => [c.rule, c.sources.nodes])).toEqual([['r0', ['trainer']]]);
  });

  it('on the generated workload of 300 rules (long runs of names and addresses)', () => {
    const { topology, policy } = generateWorkload(300, 1);
    expectSameInventory(policy, topology);
  });

  for (const name of exampleNames()) {
    it(`on the example ${name}`, () => {
      const { policy, topology } = exampleInput(name);
      expectSameInventory(policy, topology);
    });
  }
});
