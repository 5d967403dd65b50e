/**
 * Audit-mode firewall exports against real traffic (docs/exporters.md "Audit mode"): for seeded
 * random policies and every example project, the `--mode audit` ruleset runs in a namespace
 * lab; every flow must get through, and the kernel log, read back by the importer (the
 * netfilter format), must hold exactly the flows the simulator denies (among those whose
 * deciding rule is exact), each named by its deciding rule and logged as let through — and
 * nothing for the flows it allows (support/firewall-read-back.ts).
 *
 * The log is the kernel's (`dmesg`): `net.netfilter.nf_log_all_netns` is turned on for the
 * run so that packets logged inside the lab's namespaces reach it, then restored.
 *
 * Replay a seed: EGS_ENGINE_SEED=<seed> npx vitest run test/export-engines/audit-differential
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithEngines } from './support/engines.js';
import { logAllNamespaces } from './support/kernel-log.js';
import { exportedText, runL3Case, type L3Case } from './support/l3-run.js';
import { namespacePrefix, sweepStaleNamespaces } from './support/netns-lab.js';
import { exampleNames, loadExample } from './support/examples.js';
import { isUnicastLabAddress, randomL3Flows, randomL3Project } from './support/random-l3.js';
import { seedsFor } from './support/seeds.js';

const FLOWS_PER_SEED = 80;
const SEEDS = 4;
const FLOWS_PER_EXAMPLE = 120;

describeWithEngines(
  'audit-mode firewall exports against real traffic',
  ['netns', 'nft', 'iptables'],
  () => {
    let restore: () => void = () => undefined;
    beforeAll(() => {
      sweepStaleNamespaces();
      restore = logAllNamespaces();
    });
    afterAll(() => restore());

    for (const engine of ['nftables', 'iptables'] as const) {
      it(`${engine}: every flow passes and exactly the denied ones are logged with their rule`, async () => {
        const failures: string[] = [];
        let compared = 0;
        let denied = 0;
        let readBack = 0;
        let ran = 0;
        for (const seed of seedsFor(`${engine}-audit`, () => false, SEEDS)) {
          const { topology, policy } = randomL3Project(seed);
          const c: L3Case = {
            name: `audit-${seed}`,
            topology,
            policy,
            flows: randomL3Flows(seed, topology, policy, FLOWS_PER_SEED),
            hook: seed % 3 === 0 ? 'output' : 'forward',
            mode: 'audit',
          };
          const report = await runL3Case(
            engine,
            c,
            namespacePrefix(`${engine.slice(0, 3)}a${ran}`),
          );
          ran++;
          compared += report.compared;
          denied += report.denied ?? 0;
          readBack += report.readBack ?? 0;
          if (report.problems.length > 0) {
            failures.push(
              `seed ${seed} (${c.hook}; EGS_ENGINE_SEED=${seed}):\n  ${report.problems.slice(0, 12).join('\n  ')}\n${exportedText(engine, c)}`,
            );
          }
        }
        console.log(
          `${engine} audit: ${ran} policies, ${compared} flows compared, ${denied} of them would-be denials, ${readBack} attempts read back from the kernel log`,
        );
        expect(failures).toEqual([]);
        expect(compared).toBeGreaterThan(0);
        expect(denied, 'some flows must be would-be denials').toBeGreaterThan(0);
        expect(readBack, 'the importer must read the denials back').toBeGreaterThanOrEqual(denied);
      }, 240_000);

      it(`${engine}: example projects in audit mode`, async () => {
        const failures: string[] = [];
        for (const [i, name] of exampleNames().entries()) {
          const example = loadExample(name);
          const topology = example.topology ?? {
            version: 1,
            name,
            zones: [],
            nodes: [],
            edges: [],
          };
          for (const seed of seedsFor(`${engine}-audit-${name}`, () => false, 1)) {
            const c: L3Case = {
              name,
              topology,
              policy: example.policy,
              flows: randomL3Flows(
                seed,
                topology,
                example.policy,
                FLOWS_PER_EXAMPLE,
                isUnicastLabAddress,
              ),
              hook: 'forward',
              mode: 'audit',
            };
            const report = await runL3Case(
              engine,
              c,
              namespacePrefix(`${engine.slice(0, 3)}ax${i}`),
            );
            console.log(
              `${engine} audit ${name}: ${report.flows} flows, ${report.compared} compared, ${report.denied ?? 0} would-be denials, ${report.readBack ?? 0} read back from the kernel log`,
            );
            expect(report.compared, `${name}: some flows must be comparable`).toBeGreaterThan(0);
            if (report.problems.length > 0)
              failures.push(
                `${name} seed ${seed}:\n  ${report.problems.slice(0, 12).join('\n  ')}`,
              );
          }
        }
        expect(failures).toEqual([]);
      }, 240_000);
    }
  },
);
