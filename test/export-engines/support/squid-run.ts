/**
 * One Squid differential run: export the project to squid.conf, run a real Squid with it on
 * loopback inside a fresh namespace, send every request through it from its 127.x source, and
 * compare with the simulator: 200 ⇔ allow, 403 ⇔ deny, and — from the access log, which the
 * exported config annotates with the deciding rule — the same deciding rule, and the `log`
 * flag (the second log holds exactly the logged decisions).
 *
 * The exported config is meant for production (http_port 3128, logs under /var/log/squid);
 * `testConfig` rewrites only the deployment lines for the test: http_port on 127.0.0.1, the
 * logs, pid file and cache log in a temporary directory, a hosts_file for the test names, and
 * an unreachable DNS server so that nothing is ever looked up outside.
 */
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PolicyModel, Topology, Verdict } from '../../../simulator/core/model.js';
import { compileMatcher, evaluateReference } from '../../../simulator/engine/index.js';
import { planSquid } from '../../../simulator/export/squid-plan.js';
import { squidExporter } from '../../../simulator/export/squid.js';
import type { ExportResult } from '../../../simulator/export/types.js';
import type { ExportMode } from '../../../simulator/export/export-mode.js';
import { WOULD_DENY_ACL } from '../../../simulator/export/squid-plan.js';
import { parseIp } from '../../../simulator/net/ip.js';
import { isComparableRequest } from './comparable.js';
import { readBackNativeLog } from './squid-read-back.js';
import { createNamespace, destroyNamespace } from './netns-lab.js';
import { run, runAsync, runOrThrow, startService, stopChild } from './process.js';
import { flowOf, TEST_PROXY_PORT, type SquidRequest } from './random-squid.js';
import { spawn, type ChildProcess } from 'node:child_process';

export interface SquidCaseInput {
  name: string;
  topology: Topology;
  policy: PolicyModel;
  hosts: Map<string, string>;
  requests: SquidRequest[];
  /**
   * `audit`: every request must pass (200), and the access log must carry the deciding rule
   * and its would-be verdict; the would-deny log holds exactly the would-be denials.
   */
  mode?: ExportMode;
}

export interface SquidReport {
  requests: number;
  /** Requests held to the simulator's verdict (see comparable.ts)… */
  compared: number;
  /** …of which decided by a rule (or default, or guard) whose fidelity is exact. */
  comparedExact: number;
  /** Attempts read back from the native access.log and simulated again (squid-read-back.ts)… */
  readBack: number;
  /** …of which CONNECT tunnels that needed their method back (see there). */
  readBackConnectMethod: number;
  problems: string[];
}

const SERVER_SCRIPT = fileURLToPath(new URL('./probe-http-server.mjs', import.meta.url));
const CLIENT_SCRIPT = fileURLToPath(new URL('./probe-http-client.mjs', import.meta.url));
const TEST_LOG_FORMAT =
  'logformat egress_test flow=%{X-Egs-Flow}>h status=%>Hs rule=%{egress_rule}note would=%{egress_verdict}note';

export function exportSquid(c: {
  name: string;
  topology: Topology;
  policy: PolicyModel;
  mode?: ExportMode;
}): ExportResult {
  return squidExporter.run(
    {
      policy: c.policy,
      topology: c.topology,
      project: { name: c.name, policyFile: 'policy.egress' },
    },
    { mode: c.mode ?? 'enforce' },
  );
}

/** The exported config with its deployment lines pointed into `dir` (see the file comment). */
export function testConfig(exported: string, dir: string): string {
  const lines = exported
    .split('\n')
    .filter((l) => !l.startsWith('access_log '))
    .flatMap((l) =>
      l.startsWith('http_port ')
        ? [`http_port 127.0.0.1:${TEST_PROXY_PORT}`, `http_port [::1]:${TEST_PROXY_PORT}`]
        : [l],
    );
  lines.push(
    '# --- Test overrides (test/export-engines/support/squid-run.ts) ---',
    TEST_LOG_FORMAT,
    `access_log stdio:${dir}/access.log logformat=egress_test`,
    `access_log stdio:${dir}/logged.log logformat=egress_test egress_logged`,
    `access_log stdio:${dir}/product.log logformat=egress`,
    ...(exported.includes(`acl ${WOULD_DENY_ACL} `)
      ? [`access_log stdio:${dir}/would-deny.log logformat=egress_test ${WOULD_DENY_ACL}`]
      : []),
    // Squid's own native format, as deployments write it: read back by the squid log importer.
    `access_log stdio:${dir}/native.log logformat=squid`,
    `cache_log ${dir}/cache.log`,
    `pid_filename ${dir}/squid.pid`,
    `coredump_dir ${dir}`,
    `hosts_file ${dir}/hosts`,
    'dns_nameservers 127.0.0.1',
    'netdb_filename none',
    'pinger_enable off',
    'shutdown_lifetime 0 seconds',
    'connect_timeout 5 seconds',
    '',
  );
  return lines.join('\n');
}

function proxyUid(): number {
  const r = run('id', ['-u', 'proxy']);
  return r.status === 0 ? Number(r.stdout.trim()) : 0;
}

function parseLog(path: string): Map<number, { status: string; rule: string; would: string }> {
  const out = new Map<number, { status: string; rule: string; would: string }>();
  if (!existsSync(path)) return out;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^flow=(\d+) status=(\S+) rule=(\S+) would=(\S+)/.exec(line);
    if (m) out.set(Number(m[1]), { status: m[2]!, rule: m[3]!, would: m[4]! });
  }
  return out;
}

async function waitFor(test: () => boolean, what: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (test()) return;
    if (child.exitCode !== null) throw new Error(`squid exited (${child.exitCode}) before ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`squid: timed out waiting for ${what}`);
}

function verdictOf(
  c: SquidCaseInput,
  matcher: ReturnType<typeof compileMatcher>,
  req: SquidRequest,
): Verdict {
  const flow = flowOf(req, c.hosts);
  const compiled = matcher.evaluate(flow);
  const reference = evaluateReference(c.policy, c.topology, flow);
  if (compiled.rule !== reference.rule || compiled.verdict !== reference.verdict) {
    throw new Error(`simulator disagrees with itself on ${JSON.stringify(flow)}`);
  }
  return compiled;
}

export async function runSquidCase(c: SquidCaseInput, ns: string): Promise<SquidReport> {
  const result = exportSquid(c);
  const matcher = compileMatcher(c.policy, c.topology);
  const dir = mkdtempSync(join(tmpdir(), 'egs-squid-'));
  const problems: string[] = [];
  let squid: ChildProcess | null = null;
  let server: ChildProcess | null = null;
  try {
    chownSync(dir, proxyUid(), 0);
    writeFileSync(join(dir, 'squid.conf'), testConfig(result.files[0]!.content, dir));
    writeFileSync(
      join(dir, 'hosts'),
      [...c.hosts].map(([name, ip]) => `${ip} ${name}`).join('\n') + '\n',
    );
    createNamespace(ns);
    // Every address of the project is local in this namespace: clients bind to their source,
    // and the origin server answers on every destination. (127/8 is local already.)
    const addresses = new Set<string>();
    for (const r of c.requests) {
      addresses.add(r.src);
      if (parseIp(r.host)) addresses.add(r.host);
    }
    for (const ip of c.hosts.values()) addresses.add(ip);
    const onLo = [...addresses]
      .filter((a) => !a.startsWith('127.'))
      .map((a) => (a.includes(':') ? `addr add ${a}/128 dev lo nodad` : `addr add ${a}/32 dev lo`));
    if (onLo.length > 0) runOrThrow('ip', ['-n', ns, '-batch', '-'], onLo.join('\n') + '\n');
    const ports = [...new Set(c.requests.map((r) => r.port))];
    server = await startService(
      'ip',
      ['netns', 'exec', ns, process.execPath, SERVER_SCRIPT],
      JSON.stringify({ ports }),
      'ready',
    );
    const started = spawn(
      'ip',
      ['netns', 'exec', ns, 'squid', '-N', '-f', join(dir, 'squid.conf')],
      {
        stdio: 'ignore',
      },
    );
    squid = started;
    const cacheLog = join(dir, 'cache.log');
    await waitFor(
      () =>
        existsSync(cacheLog) &&
        readFileSync(cacheLog, 'utf8').includes('Accepting HTTP Socket connections'),
      'accepting connections',
      started,
    );
    const client = await runAsync(
      'ip',
      ['netns', 'exec', ns, process.execPath, CLIENT_SCRIPT],
      JSON.stringify({
        proxies: {
          v4: { host: '127.0.0.1', port: TEST_PROXY_PORT },
          v6: { host: '::1', port: TEST_PROXY_PORT },
        },
        requests: c.requests,
        timeoutMs: 10_000,
        concurrency: 24,
      }),
    );
    if (client.status !== 0) throw new Error(`probe client failed: ${client.stderr}`);
    const answers = JSON.parse(client.stdout) as {
      id: number;
      status: number | null;
      error: string | null;
    }[];
    // Squid writes a log line when a transaction ends; wait until every request has one.
    const accessLog = join(dir, 'access.log');
    await waitFor(() => parseLog(accessLog).size >= c.requests.length, 'the access log', started);
    const decided = parseLog(accessLog);
    const logged = parseLog(join(dir, 'logged.log'));
    const productLines = readFileSync(join(dir, 'product.log'), 'utf8').split('\n').filter(Boolean);
    if (
      productLines.length < c.requests.length ||
      !productLines.every((l) => / rule=\S+( would=\S+)?$/.test(l))
    ) {
      problems.push('the exported log format does not record the deciding rule on every line');
    }
    let compared = 0;
    let comparedExact = 0;
    const plan = planSquid(c.policy, c.topology);
    const audit = c.mode === 'audit';
    const wouldDeny = parseLog(join(dir, 'would-deny.log'));
    if (audit && !productLines.every((l) => / rule=\S+ would=(allow|deny)$/.test(l))) {
      problems.push('the exported audit log format does not record the would-be verdict');
    }
    c.requests.forEach((req, i) => {
      const verdict = verdictOf(c, matcher, req);
      if (audit && answers[i]!.status !== 200) {
        problems.push(
          `request ${req.id}: audit mode must let it through, squid ${answers[i]!.status ?? answers[i]!.error}`,
        );
      }
      if (!isComparableRequest(plan, verdict.rule, req)) return;
      compared++;
      const fidelity = result.fidelity.find((e) => e.rule === verdict.rule)?.fidelity ?? 'exact';
      if (fidelity === 'exact') comparedExact++;
      const got = answers[i]!;
      const what = `${req.src} ${req.kind === 'connect' ? `CONNECT ${req.host}:${req.port}` : `${req.method} http://${req.host}:${req.port}${req.path}`}`;
      if (audit) {
        const line = decided.get(req.id);
        if (line?.rule !== verdict.rule || line.would !== verdict.verdict) {
          problems.push(
            `${what}: simulator ${verdict.verdict} by ${verdict.rule}, access log rule=${line?.rule} would=${line?.would}`,
          );
        }
        if (wouldDeny.has(req.id) !== (verdict.verdict === 'deny')) {
          problems.push(
            `${what}: ${verdict.verdict}, but the would-deny log ${wouldDeny.has(req.id) ? 'has' : 'lacks'} it`,
          );
        }
        return;
      }
      const want = verdict.verdict === 'allow' ? 200 : 403;
      if (got.status !== want) {
        problems.push(
          `${what}: simulator ${verdict.verdict} by ${verdict.rule}, squid ${got.status ?? got.error}`,
        );
        return;
      }
      const rule = decided.get(req.id)?.rule;
      if (rule !== verdict.rule)
        problems.push(`${what}: simulator decided by ${verdict.rule}, squid logged ${rule}`);
      if (logged.has(req.id) !== verdict.log) {
        problems.push(
          `${what}: log flag ${verdict.log}, squid ${logged.has(req.id) ? 'logged' : 'did not log'} it`,
        );
      }
    });
    // The closed loop: the native access.log, read by the importer, gives every comparable
    // request's verdict when simulated.
    const readBack = readBackNativeLog(readFileSync(join(dir, 'native.log'), 'utf8'), c, (req) => {
      const verdict = verdictOf(c, matcher, req);
      return isComparableRequest(plan, verdict.rule, req) ? verdict : undefined;
    });
    problems.push(...readBack.problems);
    return {
      requests: c.requests.length,
      compared,
      comparedExact,
      readBack: readBack.compared,
      readBackConnectMethod: readBack.connectMethod,
      problems,
    };
  } catch (e) {
    const cache = existsSync(join(dir, 'cache.log'))
      ? readFileSync(join(dir, 'cache.log'), 'utf8').slice(-2000)
      : '';
    problems.push(`run failed: ${(e as Error).message}\n${cache}`);
    return {
      requests: c.requests.length,
      compared: 0,
      comparedExact: 0,
      readBack: 0,
      readBackConnectMethod: 0,
      problems,
    };
  } finally {
    if (squid) await stopChild(squid);
    if (server) await stopChild(server);
    destroyNamespace(ns);
    rmSync(dir, { recursive: true, force: true });
  }
}
