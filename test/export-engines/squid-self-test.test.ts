/**
 * The exported Squid self-test and `egress verify --target squid` against a real Squid
 * (docs/exporters.md "Self-test and verify"): for every example project, Squid runs the
 * exported squid.conf in a private namespace holding every address of the probes, and the
 * script (and the CLI) send their requests through it. Both must pass on the correct config
 * and fail (exit 1) with a rule's http_access lines removed or the default turned into an
 * allow; with no proxy answering they refuse (exit 2).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { squidSelfTestProbes } from '../../simulator/export/self-test-squid-probes.js';
import { planSquid } from '../../simulator/export/squid-plan.js';
import { squidExporter } from '../../simulator/export/squid.js';
import { describeWithEngines } from './support/engines.js';
import { exampleNames, loadExample, POLICIES_DIR } from './support/examples.js';
import {
  createNamespace,
  destroyNamespace,
  namespacePrefix,
  sweepStaleNamespaces,
} from './support/netns-lab.js';
import { run, runOrThrow, startService, stopChild } from './support/process.js';
import { TEST_PROXY_PORT } from './support/random-squid.js';
import { testConfig } from './support/squid-run.js';

const SERVER_SCRIPT = fileURLToPath(new URL('./support/probe-http-server.mjs', import.meta.url));
const CLI = fileURLToPath(new URL('../../dist/egress.mjs', import.meta.url));
const PROXY_V4 = `127.0.0.1:${TEST_PROXY_PORT}`;
const PROXY_V6 = `[::1]:${TEST_PROXY_PORT}`;
const work = mkdtempSync(join(tmpdir(), 'egs-squid-self-test-'));
const squidDirs: string[] = [];
afterAll(() => {
  for (const dir of [work, ...squidDirs]) rmSync(dir, { recursive: true, force: true });
});

beforeAll(() => {
  runOrThrow(process.execPath, [
    fileURLToPath(new URL('../../scripts/build-cli.mjs', import.meta.url)),
  ]);
});

function proxyUid(): number {
  const r = run('id', ['-u', 'proxy']);
  return r.status === 0 ? Number(r.stdout.trim()) : 0;
}

/** Squid with `conf` in namespace `ns`, once it accepts connections. */
async function startSquid(
  ns: string,
  conf: string,
  hosts: Map<string, string>,
): Promise<ChildProcess> {
  // Squid runs as its own user: its folder sits directly in the system's temporary folder.
  const dir = mkdtempSync(join(tmpdir(), 'egs-squid-st-'));
  squidDirs.push(dir);
  chownSync(dir, proxyUid(), 0);
  writeFileSync(join(dir, 'squid.conf'), testConfig(conf, dir));
  writeFileSync(join(dir, 'hosts'), [...hosts].map(([n, ip]) => `${ip} ${n}`).join('\n') + '\n');
  const squid = spawn('ip', ['netns', 'exec', ns, 'squid', '-N', '-f', join(dir, 'squid.conf')], {
    stdio: 'ignore',
  });
  const cacheLog = join(dir, 'cache.log');
  for (let i = 0; i < 300; i++) {
    if (
      existsSync(cacheLog) &&
      readFileSync(cacheLog, 'utf8').includes('Accepting HTTP Socket connections')
    )
      return squid;
    if (squid.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await stopChild(squid);
  throw new Error(
    `squid did not start:\n${existsSync(cacheLog) ? readFileSync(cacheLog, 'utf8').slice(-2000) : ''}`,
  );
}

function selfTest(ns: string, script: string): { code: number; out: string } {
  const path = join(work, `self-test-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(path, script);
  const env = [
    `EGRESS_PROXY=${PROXY_V4}`,
    `EGRESS_PROXY6=${PROXY_V6}`,
    'EGRESS_SELF_TEST_TIMEOUT=5',
  ];
  const r = run('ip', ['netns', 'exec', ns, 'env', ...env, 'sh', path]);
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
}

function verify(ns: string, name: string): { code: number; out: string } {
  const args = ['verify', join(POLICIES_DIR, name), '--from-host', '--target', 'squid'];
  const proxies = ['--proxy', PROXY_V4, '--proxy', PROXY_V6, '--timeout', '5000'];
  const r = run('ip', ['netns', 'exec', ns, process.execPath, CLI, ...args, ...proxies]);
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
}

describeWithEngines('the exported Squid self-test against a real Squid', ['netns', 'squid'], () => {
  it('passes on the export, fails on broken ones, refuses when the proxy does not answer', async () => {
    sweepStaleNamespaces();
    let brokenRule = 0;
    let brokenDefault = 0;
    for (const [i, name] of exampleNames().entries()) {
      const example = loadExample(name);
      const input = {
        policy: example.policy,
        ...(example.topology ? { topology: example.topology } : {}),
        project: { name, policyFile: 'policy.egress' },
      };
      const files = new Map(
        squidExporter.run(input, { 'with-self-test': 'yes' }).files.map((f) => [f.path, f.content]),
      );
      const conf = files.get('squid.conf')!;
      const script = files.get('egress-self-test.sh');
      expect(script, `${name}: the self-test is written beside squid.conf`).toBeDefined();
      const probes = squidSelfTestProbes(
        input.policy,
        input.topology,
        planSquid(input.policy, input.topology),
      );
      // Sources outside the project (the inbound guard's probes) stay off this "client".
      const local = probes.filter((p) => p.rule !== 'inbound');
      expect(local.length, `${name}: some probes`).toBeGreaterThan(0);
      const hosts = new Map(probes.filter((p) => p.host !== p.ip).map((p) => [p.host, p.ip]));
      const ns = namespacePrefix(`sst${i}`);
      createNamespace(ns);
      try {
        const addresses = new Set([...local.map((p) => p.src), ...probes.map((p) => p.ip)]);
        addresses.delete('198.18.0.1');
        const onLo = [...addresses]
          .filter((a) => !a.startsWith('127.'))
          .map((a) =>
            a.includes(':') ? `addr add ${a}/128 dev lo nodad` : `addr add ${a}/32 dev lo`,
          );
        runOrThrow('ip', ['-n', ns, '-batch', '-'], onLo.join('\n') + '\n');
        const server = await startService(
          'ip',
          ['netns', 'exec', ns, process.execPath, SERVER_SCRIPT],
          JSON.stringify({ ports: [...new Set(probes.map((p) => p.port))] }),
          'ready',
        );
        try {
          const check = async (
            config: string,
            want: number,
            what: string,
            pattern: RegExp,
          ): Promise<void> => {
            const squid = await startSquid(ns, config, hosts);
            try {
              const s = selfTest(ns, script!);
              expect(s.code, `${name} ${what}: the script\n${s.out}`).toBe(want);
              expect(s.out).toMatch(pattern);
              const v = verify(ns, name);
              expect(v.code, `${name} ${what}: egress verify\n${v.out}`).toBe(want);
            } finally {
              await stopChild(squid);
            }
          };
          await check(conf, 0, 'as exported', /all as the policy says/);

          const allowed = local.find((p) => p.expected === 'allow' && p.rule !== 'default');
          if (allowed) {
            const mark = `rule_${allowed.rule}_mark`;
            const without = conf
              .split('\n')
              .filter((l) => !(l.startsWith('http_access ') && l.includes(mark)))
              .join('\n');
            await check(
              without,
              1,
              `without ${allowed.rule}`,
              new RegExp(`FAIL .*expected allow \\(${allowed.rule}\\)`),
            );
            brokenRule++;
          }
          if (local.some((p) => p.expected === 'deny' && p.rule === 'default')) {
            const flipped = conf.replace(
              'http_access deny all egress_default_mark',
              'http_access allow all egress_default_mark',
            );
            expect(flipped).not.toBe(conf);
            await check(flipped, 1, 'with the default flipped', /FAIL .*expected deny \(default\)/);
            brokenDefault++;
          }
          // No proxy listening: nothing answers, nothing is proven.
          const s = selfTest(ns, script!);
          expect(s.code, `${name} without a proxy\n${s.out}`).toBe(2);
          expect(s.out).toMatch(/the proxy answered no probe/);
          const v = verify(ns, name);
          expect(v.code, `${name} without a proxy: egress verify\n${v.out}`).toBe(2);
          expect(v.out).toMatch(/cannot probe: no probe got an answer/);
        } finally {
          await stopChild(server);
        }
      } finally {
        destroyNamespace(ns);
      }
    }
    console.log(
      `squid self-test: ${brokenRule} removed rules and ${brokenDefault} flipped defaults caught`,
    );
    expect(brokenRule).toBeGreaterThan(0);
    expect(brokenDefault).toBeGreaterThan(0);
  }, 240_000);
});
