/**
 * The exported self-test against real firewalls (docs/exporters.md "Self-test and verify"):
 * for every example project, the nftables and iptables rulesets are loaded on the lab's
 * gateway and `egress-self-test.sh` runs in the client namespace behind it. It must pass on
 * the correct export, fail (exit 1) when a rule is removed (a TCP one and a UDP one) or the
 * default is flipped, and refuse (exit 2) where none of its sources is local or nothing
 * answers. UDP probes meet a responder bound to each destination address (one bound to the
 * wildcard would answer from the interface's address, which the client does not take as an
 * answer), except on the closed port, where the server's kernel answers "port unreachable".
 */
import { writeFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { iptablesExporter } from '../../simulator/export/iptables.js';
import { nftablesExporter } from '../../simulator/export/nftables.js';
import { planFirewall } from '../../simulator/export/firewall-plan.js';
import { selfTestProbes, type SelfTestProbe } from '../../simulator/export/self-test-probes.js';
import type { ExportResult } from '../../simulator/export/types.js';
import { describeWithEngines } from './support/engines.js';
import { exampleNames, loadExample, POLICIES_DIR } from './support/examples.js';
import { NetnsLab, namespacePrefix, sweepStaleNamespaces } from './support/netns-lab.js';
import { run, runOrThrow, startService, stopChild } from './support/process.js';

const SERVER_SCRIPT = fileURLToPath(new URL('./support/probe-server.mjs', import.meta.url));
const CLI = fileURLToPath(new URL('../../dist/egress.mjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'egs-self-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Engine = 'nftables' | 'iptables';

function load(engine: Engine, ns: string, files: Map<string, string>): void {
  if (engine === 'nftables') {
    runOrThrow('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], files.get('egress.nft')!);
  } else {
    runOrThrow('ip', ['netns', 'exec', ns, 'iptables-restore'], files.get('rules.v4')!);
    runOrThrow('ip', ['netns', 'exec', ns, 'ip6tables-restore'], files.get('rules.v6')!);
  }
}

function unload(engine: Engine, ns: string): void {
  if (engine === 'nftables') run('ip', ['netns', 'exec', ns, 'nft', 'flush', 'ruleset']);
  else {
    for (const restore of ['iptables-restore', 'ip6tables-restore']) {
      runOrThrow('ip', ['netns', 'exec', ns, restore], '*filter\n:FORWARD ACCEPT [0:0]\nCOMMIT\n');
    }
  }
}

/** The ruleset without the lines of one rule. */
function withoutRule(
  engine: Engine,
  files: Map<string, string>,
  rule: string,
): Map<string, string> {
  const marker = engine === 'nftables' ? `comment "${rule}"` : `--comment "egress:${rule}"`;
  return new Map(
    [...files].map(([path, text]) => [
      path,
      text
        .split('\n')
        .filter((l) => !l.includes(marker))
        .join('\n'),
    ]),
  );
}

/** The ruleset with its default turned into an accept. */
function defaultFlipped(engine: Engine, files: Map<string, string>): Map<string, string> {
  return new Map(
    [...files].map(([path, text]) => [
      path,
      engine === 'nftables'
        ? text
            .replace('policy drop;', 'policy accept;')
            .replace(
              /(log prefix "[^"]*" )?goto egress_reject comment "default"/,
              'accept comment "default"',
            )
        : text
            .replace(':FORWARD DROP', ':FORWARD ACCEPT')
            .split('\n')
            .map((l) =>
              l.includes('"egress:default"') ? l.replace('-j EGRESS_REJECT', '-j ACCEPT') : l,
            )
            .join('\n'),
    ]),
  );
}

/** A responder for every UDP probe's destination and port, but the closed port 9. */
function udpResponders(probes: readonly SelfTestProbe[]): { address: string; port: number }[] {
  const keys = probes
    .filter((p) => p.proto === 'udp' && p.port !== 9)
    .map((p) => `${p.dst}|${p.port}`);
  return [...new Set(keys)].map((k) => {
    const [address, port] = k.split('|');
    return { address: address!, port: Number(port) };
  });
}

/** A folder with only these commands, for a PATH that lacks the others. */
function toolDir(tools: readonly string[]): string {
  const dir = mkdtempSync(join(work, 'bin-'));
  for (const tool of tools)
    symlinkSync(runOrThrow('sh', ['-c', `command -v ${tool}`]).trim(), join(dir, tool));
  return dir;
}

function selfTest(ns: string, script: string, pathDir?: string): { code: number; out: string } {
  const path = join(work, `self-test-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(path, script);
  const env = ['EGRESS_SELF_TEST_TIMEOUT=2', ...(pathDir ? [`PATH=${pathDir}`] : [])];
  const r = run('ip', ['netns', 'exec', ns, 'env', ...env, '/bin/sh', path]);
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
}

/** The client's IPv4 default route, leaving from `src` (or as it was, with undefined). */
function defaultRouteFrom(ns: string, route: string, src?: string): void {
  runOrThrow('ip', [
    '-n',
    ns,
    'route',
    'replace',
    ...route.split(' '),
    ...(src ? ['src', src] : []),
  ]);
}

/** `egress verify --from-host`, run inside a namespace as it would run on the host. */
function verify(
  ns: string,
  engine: Engine,
  name: string,
  timeoutMs = '2000',
): { code: number; out: string } {
  const project = join(POLICIES_DIR, name);
  const args = ['verify', project, '--from-host', '--target', engine, '--timeout', timeoutMs];
  const r = run('ip', ['netns', 'exec', ns, process.execPath, CLI, ...args]);
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
}

describeWithEngines(
  'the exported self-test against real firewalls',
  ['netns', 'nft', 'iptables'],
  () => {
    for (const engine of ['nftables', 'iptables'] as const) {
      it(`${engine}: passes on the export, fails on broken ones, refuses where it cannot probe`, async () => {
        sweepStaleNamespaces();
        let brokenRule = 0;
        let brokenUdpRule = 0;
        let brokenDefault = 0;
        let brokenUdpDefault = 0;
        let udpFallbacks = 0;
        for (const [i, name] of exampleNames().entries()) {
          const example = loadExample(name);
          const input = {
            policy: example.policy,
            ...(example.topology ? { topology: example.topology } : {}),
            project: { name, policyFile: 'policy.egress' },
          };
          const exporter = engine === 'nftables' ? nftablesExporter : iptablesExporter;
          const result: ExportResult = exporter.run(input, { 'with-self-test': 'yes' });
          const files = new Map(result.files.map((f) => [f.path, f.content]));
          const script = files.get('egress-self-test.sh');
          expect(script, 'the self-test is written beside the ruleset').toBeDefined();
          const plan = planFirewall(input.policy, input.topology, 'forward');
          const probes = selfTestProbes(input.policy, input.topology, plan);
          const destinations = [...new Set(probes.map((p) => p.dst))];
          const local = (p: SelfTestProbe): boolean => !destinations.includes(p.src);
          const sources = [...new Set(probes.filter(local).map((p) => p.src))];
          expect(sources.length, `${name}: some probes can run from the client`).toBeGreaterThan(0);
          const lab = new NetnsLab(namespacePrefix(`st${engine.slice(0, 1)}${i}`));
          try {
            lab.setup(sources, destinations);
            const server = await startService(
              'ip',
              ['netns', 'exec', lab.server, process.execPath, SERVER_SCRIPT],
              JSON.stringify({
                tcpPorts: [...new Set(probes.filter((p) => p.proto === 'tcp').map((p) => p.port))],
                udpBinds: udpResponders(probes),
              }),
              'ready',
            );
            try {
              load(engine, lab.gateway, files);
              const good = selfTest(lab.client, script!);
              expect(good.code, `${name}: the correct export passes\n${good.out}`).toBe(0);
              expect(good.out).toMatch(/all as the policy says/);
              const verified = verify(lab.client, engine, name);
              expect(verified.code, `${name}: egress verify passes\n${verified.out}`).toBe(0);
              expect(verified.out).toMatch(/^FLOW +EXPECTED +OBSERVED +OK +RULE/);
              if (probes.some((p) => local(p) && p.proto === 'udp' && p.expected === 'allow')) {
                expect(good.out).toMatch(/^ok {4}udp .* expected allow \(\w+\), answered$/m);
                expect(verified.out).toMatch(/^udp .* allow +allow \(answered\) +ok/m);
              }
              if (probes.some((p) => local(p) && p.proto === 'udp' && p.expected === 'deny')) {
                expect(good.out).toMatch(/^ok {4}udp .* expected deny \(\w+\), rejected$/m);
                expect(verified.out).toMatch(/^udp .* deny +deny \(rejected\) +ok/m);
              }

              const udpLocal = probes.filter(
                (p) => local(p) && p.proto === 'udp' && !p.src.includes(':'),
              );
              if (i === 0 && udpLocal.length > 0) {
                // UDP dropped silently on the way: the UDP probes prove nothing, which is neither
                // a match nor a difference; the TCP ones still pass.
                runOrThrow(
                  'ip',
                  ['netns', 'exec', lab.gateway, 'nft', '-f', '-'],
                  'table inet udpsilent { chain f { type filter hook forward priority -10; meta l4proto udp drop; }; }\n',
                );
                const s = selfTest(lab.client, script!);
                expect(s.code, `${name}: UDP dropped silently\n${s.out}`).toBe(0);
                expect(s.out).toMatch(/^unproven udp .*, no answer$/m);
                expect(s.out).not.toMatch(/^(ok|FAIL) +udp/m);
                expect(s.out).toMatch(/UDP probes unproven/);
                const v = verify(lab.client, engine, name, '500');
                expect(v.code, `${name}: egress verify, UDP dropped silently\n${v.out}`).toBe(0);
                expect(v.out).toMatch(/^udp .* none \(no answer\) +unproven/m);
                expect(v.out).toMatch(/\d+ unproven: no answer/);
                runOrThrow('ip', [
                  'netns',
                  'exec',
                  lab.gateway,
                  'nft',
                  'delete',
                  'table',
                  'inet',
                  'udpsilent',
                ]);

                // Without python3, bash's /dev/udp probes from the source the route leaves from.
                const route = runOrThrow('ip', [
                  '-n',
                  lab.client,
                  '-4',
                  'route',
                  'show',
                  'default',
                ]).trim();
                const from = udpLocal[0]!.src;
                defaultRouteFrom(lab.client, route, from);
                try {
                  const b = selfTest(
                    lab.client,
                    script!,
                    toolDir(['curl', 'ip', 'awk', 'sed', 'bash']),
                  );
                  expect(b.code, `${name}: bash's /dev/udp\n${b.out}`).toBe(0);
                  expect(b.out).toMatch(
                    new RegExp(`^ok {4}udp ${from} .*, (answered|rejected)$`, 'm'),
                  );
                } finally {
                  defaultRouteFrom(lab.client, route);
                }
                // Neither: it cannot probe UDP, and says so.
                const n = selfTest(lab.client, script!, toolDir(['curl', 'ip', 'awk', 'sed']));
                expect(n.code, `${name}: no UDP tool\n${n.out}`).toBe(2);
                expect(n.out).toMatch(/cannot probe UDP: install python3, or bash and ip/);
                udpFallbacks++;
              }

              const allowed = probes.find(
                (p) => local(p) && p.expected === 'allow' && p.rule !== 'default',
              );
              if (allowed) {
                unload(engine, lab.gateway);
                load(engine, lab.gateway, withoutRule(engine, files, allowed.rule));
                const r = selfTest(lab.client, script!);
                expect(r.code, `${name} without ${allowed.rule}\n${r.out}`).toBe(1);
                expect(r.out).toMatch(new RegExp(`FAIL .*expected allow \\(${allowed.rule}\\)`));
                const v = verify(lab.client, engine, name);
                expect(v.code, `${name}: egress verify without ${allowed.rule}\n${v.out}`).toBe(1);
                expect(v.out).toMatch(new RegExp(`allow +deny \\(\\w+\\) +FAIL +${allowed.rule}`));
                brokenRule++;
              }
              const udpAllowed = probes.find(
                (p) =>
                  local(p) && p.proto === 'udp' && p.expected === 'allow' && p.rule !== 'default',
              );
              if (udpAllowed) {
                const rule = udpAllowed.rule;
                unload(engine, lab.gateway);
                load(engine, lab.gateway, withoutRule(engine, files, rule));
                const r = selfTest(lab.client, script!);
                expect(r.code, `${name} without ${rule}\n${r.out}`).toBe(1);
                expect(r.out).toMatch(
                  new RegExp(`FAIL {2}udp .*expected allow \\(${rule}\\), rejected`),
                );
                const v = verify(lab.client, engine, name);
                expect(v.code, `${name}: egress verify without ${rule}\n${v.out}`).toBe(1);
                expect(v.out).toMatch(
                  new RegExp(`^udp .* allow +deny \\(rejected\\) +FAIL +${rule}`, 'm'),
                );
                brokenUdpRule++;
              }
              if (probes.some((p) => local(p) && p.rule === 'default' && p.expected === 'deny')) {
                unload(engine, lab.gateway);
                load(engine, lab.gateway, defaultFlipped(engine, files));
                const r = selfTest(lab.client, script!);
                expect(r.code, `${name} with the default flipped\n${r.out}`).toBe(1);
                expect(r.out).toMatch(/FAIL .*expected deny \(default\)/);
                const v = verify(lab.client, engine, name);
                expect(v.code, `${name}: egress verify with the default flipped\n${v.out}`).toBe(1);
                expect(v.out).toMatch(/deny +allow \(connected\) +FAIL +default/);
                brokenDefault++;
                const udpDenied = probes.some(
                  (p) =>
                    local(p) && p.proto === 'udp' && p.rule === 'default' && p.expected === 'deny',
                );
                if (udpDenied) {
                  expect(r.out).toMatch(
                    /FAIL {2}udp .*expected deny \(default\), (answered|port unreachable)/,
                  );
                  expect(v.out).toMatch(
                    /^udp .* deny +allow \((answered|port unreachable)\) +FAIL +default/m,
                  );
                  brokenUdpDefault++;
                }
              }
              if (i === 0) {
                // A gateway that silently drops everything: every probe times out, which proves
                // nothing, so both refuse to pass.
                unload(engine, lab.gateway);
                runOrThrow(
                  'ip',
                  ['netns', 'exec', lab.gateway, 'nft', '-f', '-'],
                  'table inet silent { chain f { type filter hook forward priority 0; policy drop; }; }\n',
                );
                const s = selfTest(lab.client, script!);
                expect(s.code, `${name}: a silent network\n${s.out}`).toBe(2);
                expect(s.out).toMatch(/no probe got an answer/);
                const v = verify(lab.client, engine, name, '300');
                expect(v.code, `${name}: egress verify on a silent network\n${v.out}`).toBe(2);
                expect(v.out).toMatch(/cannot probe: no probe got an answer/);
                run('ip', [
                  'netns',
                  'exec',
                  lab.gateway,
                  'nft',
                  'delete',
                  'table',
                  'inet',
                  'silent',
                ]);
              }
              const nowhere = selfTest(lab.gateway, script!);
              expect(nowhere.code, `${name}: no source is local on the gateway`).toBe(2);
              expect(nowhere.out).toMatch(/cannot probe/);
              const away = verify(lab.gateway, engine, name);
              expect(away.code, `${name}: egress verify has no local source on the gateway`).toBe(
                2,
              );
              expect(away.out).toMatch(/cannot probe: no probe's source/);
            } finally {
              await stopChild(server);
            }
          } finally {
            lab.destroy();
          }
        }
        console.log(
          `${engine} self-test: ${brokenRule} removed rules (${brokenUdpRule} UDP) and ${brokenDefault} flipped defaults (${brokenUdpDefault} with UDP probes) caught`,
        );
        expect(brokenRule).toBeGreaterThan(0);
        expect(brokenUdpRule).toBeGreaterThan(0);
        expect(brokenDefault).toBeGreaterThan(0);
        expect(brokenUdpDefault).toBeGreaterThan(0);
        expect(udpFallbacks).toBe(1);
      }, 240_000);
    }
  },
);
