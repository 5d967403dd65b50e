/**
 * The squid export against a real Squid (docs/exporters.md): for seeded random projects on loopback,
 * every request whose deciding rule is exact must get the simulator's verdict (200 or 403),
 * be logged with the same deciding rule, and appear in the logged-decisions log exactly when
 * the verdict's `log` flag says so.
 *
 * Every example project in policies/ runs too: its own addresses are put on `lo` of the
 * test's private namespace, so the same loopback setup serves any topology.
 *
 * Replay a seed: EGS_ENGINE_SEED=<seed> npx vitest run test/export-engines/squid-differential
 * The closed loop: Squid also writes its native access.log, which the squid log importer reads
 * back; every attempt read from it, simulated, must get the verdict of the request that was sent
 * (support/squid-read-back.ts).
 *
 * A failing seed belongs in test/fixtures/engines/regression-seeds.json.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeWithEngines } from './support/engines.js';
import { namespacePrefix, sweepStaleNamespaces } from './support/netns-lab.js';
import { exampleNames, loadExample } from './support/examples.js';
import { isUnicastLabAddress } from './support/random-l3.js';
import { exampleSquidCase, randomSquidCase } from './support/random-squid.js';
import { exportSquid, runSquidCase } from './support/squid-run.js';
import { replaying, seedsFor } from './support/seeds.js';

const REQUESTS_PER_SEED = 130;
const REQUESTS_PER_EXAMPLE = 150;
/** The bar: at least this many exact requests compared per run, over at least MIN_SEEDS. */
const MIN_COMPARED = 500;
const MIN_SEEDS = 4;
const MAX_SEEDS = 12;

describeWithEngines('squid export against a real Squid', ['netns', 'squid'], () => {
  beforeAll(() => {
    sweepStaleNamespaces();
  });

  it("generated policies get the simulator's verdicts and deciding rules", async () => {
    const started = Date.now();
    let requests = 0;
    let compared = 0;
    let comparedExact = 0;
    let readBack = 0;
    let readBackConnect = 0;
    let ran = 0;
    const failures: string[] = [];
    const enough = (): boolean => ran >= MIN_SEEDS && comparedExact >= MIN_COMPARED;
    for (const seed of seedsFor('squid-random', enough, MAX_SEEDS)) {
      const c = { name: `random-${seed}`, ...randomSquidCase(seed, REQUESTS_PER_SEED) };
      const report = await runSquidCase(c, namespacePrefix(`sq${ran}`));
      ran++;
      requests += report.requests;
      compared += report.compared;
      comparedExact += report.comparedExact;
      readBack += report.readBack;
      readBackConnect += report.readBackConnectMethod;
      if (report.problems.length > 0) {
        const shown = report.problems.slice(0, 12).join('\n  ');
        failures.push(
          `seed ${seed} (replay with EGS_ENGINE_SEED=${seed}):\n  ${shown}\n` +
            `exported:\n${exportSquid(c).files[0]!.content}\nhosts: ${JSON.stringify([...c.hosts])}`,
        );
      }
    }
    console.log(
      `squid: ${ran} policies, ${requests} requests, ${compared} compared with the simulator ` +
        `(${comparedExact} decided by an exact rule), ${Date.now() - started} ms; ` +
        `${readBack} read back from the native access.log and simulated again ` +
        `(${readBackConnect} CONNECT tunnels needed their method back)`,
    );
    expect(failures).toEqual([]);
    if (!replaying()) expect(comparedExact).toBeGreaterThanOrEqual(MIN_COMPARED);
    expect(readBack).toBeGreaterThan(compared / 2);
  }, 240_000);

  it("example projects get the simulator's verdicts and deciding rules", async () => {
    const names = exampleNames();
    expect(names.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const [i, name] of names.entries()) {
      const example = loadExample(name);
      const topology = example.topology ?? { version: 1, name, zones: [], nodes: [], edges: [] };
      for (const seed of seedsFor(`squid-example-${name}`, () => false, 1)) {
        const c = {
          name,
          ...exampleSquidCase(
            seed,
            topology,
            example.policy,
            REQUESTS_PER_EXAMPLE,
            isUnicastLabAddress,
          ),
        };
        const report = await runSquidCase(c, namespacePrefix(`sqx${i}`));
        console.log(
          `squid ${name}: ${report.requests} requests, ${report.compared} compared (${report.comparedExact} by exact rules), ${report.readBack} read back from the native access.log`,
        );
        expect(report.compared, `${name}: some requests must be comparable`).toBeGreaterThan(0);
        if (report.problems.length > 0) {
          failures.push(
            `${name} seed ${seed} (EGS_ENGINE_SEED=${seed}):\n  ${report.problems.slice(0, 12).join('\n  ')}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  }, 240_000);

  it('audit mode: every request passes, and the access log shows the would-be verdict and rule', async () => {
    const failures: string[] = [];
    let compared = 0;
    let ran = 0;
    for (const seed of seedsFor('squid-audit', () => false, 3)) {
      const c = { name: `audit-${seed}`, mode: 'audit' as const, ...randomSquidCase(seed, 100) };
      const report = await runSquidCase(c, namespacePrefix(`sqa${ran}`));
      ran++;
      compared += report.compared;
      if (report.problems.length > 0)
        failures.push(
          `seed ${seed} (EGS_ENGINE_SEED=${seed}):\n  ${report.problems.slice(0, 12).join('\n  ')}`,
        );
    }
    for (const [i, name] of exampleNames().entries()) {
      const example = loadExample(name);
      const topology = example.topology ?? { version: 1, name, zones: [], nodes: [], edges: [] };
      const seed = [...seedsFor(`squid-audit-${name}`, () => false, 1)][0]!;
      const c = {
        name,
        mode: 'audit' as const,
        ...exampleSquidCase(seed, topology, example.policy, 100, isUnicastLabAddress),
      };
      const report = await runSquidCase(c, namespacePrefix(`sqax${i}`));
      compared += report.compared;
      if (report.problems.length > 0)
        failures.push(`${name} seed ${seed}:\n  ${report.problems.slice(0, 12).join('\n  ')}`);
    }
    console.log(`squid audit: ${ran} policies and the examples, ${compared} requests compared`);
    expect(failures).toEqual([]);
    expect(compared).toBeGreaterThan(0);
  }, 240_000);
});
