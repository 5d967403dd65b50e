/**
 * `egress verify PROJECT --from-host [--target T] [--proxy HOST:PORT] [--timeout MS]
 * [--format F]`: the export's self-test probes, run from this machine (docs/cli.md).
 */
import type { Command } from 'commander';
import { planFirewall, HOOK_OPTION, type FirewallHook } from '../../export/firewall-plan.js';
import { selfTestProbes } from '../../export/self-test-probes.js';
import { defaultProxies } from '../../export/self-test-squid-script.js';
import { squidSelfTestProbes } from '../../export/self-test-squid-probes.js';
import { planSquid } from '../../export/squid-plan.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UserError } from '../errors.js';
import { parseFormat } from '../options.js';
import { loadValidProject } from '../project.js';
import { painter } from '../terminal.js';
import {
  localAddresses,
  runProbes,
  type VerifyProbe,
  type VerifyReport,
} from '../verify/run-probes.js';
import { parseProxyAddress, probeProxy, type ProxyAddress } from '../verify/proxy-probe.js';
import { probeTcp } from '../verify/tcp-probe.js';
import { probeUdp } from '../verify/udp-probe.js';
import type { SetExitCode } from './set-exit.js';

const TARGETS = ['nftables', 'iptables', 'squid'] as const;
const DEFAULT_TIMEOUT_MS = 3000;

interface VerifyOptions {
  fromHost?: boolean;
  target: string;
  hook: string;
  proxy: string[];
  timeout: string;
  format: string;
}

function parseTimeout(value: string): number {
  const ms = Number(value);
  if (!/^\d+$/.test(value) || ms < 1 || ms > 600_000) {
    throw new UserError(`--timeout ${value}: give the milliseconds a probe may take, 1 to 600000`);
  }
  return ms;
}

function parseChoice<const T extends readonly string[]>(
  option: string,
  value: string,
  allowed: T,
): T[number] {
  if ((allowed as readonly string[]).includes(value)) return value as T[number];
  throw new UserError(`--${option} ${value}: unknown value; use one of ${allowed.join(', ')}`);
}

function flowLabel(proto: string, src: string, dst: string, port: number): string {
  return `${proto} ${src} -> ${dst.includes(':') ? `[${dst}]` : dst}:${port}`;
}

function firewallProbes(checked: Checked, hook: FirewallHook): VerifyProbe[] {
  const plan = planFirewall(checked.policy, checked.topology, hook);
  return selfTestProbes(checked.policy, checked.topology, plan).map((p) => ({
    flow: flowLabel(p.proto, p.src, p.dst, p.port),
    src: p.src,
    expected: p.expected,
    rule: p.rule,
    why: p.why,
    run: (timeoutMs) => (p.proto === 'udp' ? probeUdp : probeTcp)(p.src, p.dst, p.port, timeoutMs),
  }));
}

type Checked = Awaited<ReturnType<typeof loadValidProject>>;

/** The proxy for each address family: --proxy (once per family), else the topology's proxy. */
function proxiesFor(
  checked: Checked,
  given: readonly string[],
): { v4?: ProxyAddress; v6?: ProxyAddress } {
  const out: { v4?: ProxyAddress; v6?: ProxyAddress } = {};
  const port = planSquid(checked.policy, checked.topology).port;
  const fallback = defaultProxies(checked, port);
  const texts = given.length > 0 ? given : [fallback.v4, fallback.v6].filter((t) => t !== '');
  for (const text of texts) {
    const proxy = parseProxyAddress(text);
    if (proxy === null) {
      throw new UserError(`--proxy ${text}: give the proxy as HOST:PORT, or [IPv6]:PORT`);
    }
    out[proxy.host.includes(':') ? 'v6' : 'v4'] = proxy;
  }
  if (out.v4 === undefined && out.v6 === undefined) {
    throw new UserError(
      '--target squid: the topology gives no proxy address; give --proxy HOST:PORT',
    );
  }
  return out;
}

function squidProbes(checked: Checked, given: readonly string[]): VerifyProbe[] {
  const proxies = proxiesFor(checked, given);
  const plan = planSquid(checked.policy, checked.topology);
  return squidSelfTestProbes(checked.policy, checked.topology, plan).flatMap((p) => {
    const proxy = p.src.includes(':') ? proxies.v6 : proxies.v4;
    if (proxy === undefined) return [];
    const authority = `${p.host.includes(':') ? `[${p.host}]` : p.host}:${p.port}`;
    return [
      {
        flow: `${p.src} ${p.kind === 'connect' ? `CONNECT ${authority}` : `${p.method} http://${authority}${p.path}`}`,
        src: p.src,
        expected: p.expected,
        rule: p.rule,
        why: p.why,
        run: (timeoutMs: number) => probeProxy(proxy, p, timeoutMs),
      },
    ];
  });
}

function renderTable(report: VerifyReport): string {
  const p = painter();
  const head = ['FLOW', 'EXPECTED', 'OBSERVED', 'OK', 'RULE'];
  const rows = report.results.map((r) => [
    r.flow,
    r.expected,
    `${r.observed} (${r.how})`,
    r.ok ? 'ok' : r.unproven ? 'unproven' : 'FAIL',
    r.rule,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(head)];
  for (const [i, row] of rows.entries()) {
    const text = line(row);
    const r = report.results[i]!;
    out.push(r.ok ? text : r.unproven ? p.dim(text) : `${p.red(text)}  ${p.dim(r.why)}`);
  }
  return out.join('\n') + '\n';
}

function summary(report: VerifyReport): string {
  const notes = [
    ...(report.unproven > 0 ? [`${report.unproven} unproven: no answer`] : []),
    ...(report.skipped > 0 ? [`${report.skipped} skipped: source not on this host`] : []),
  ];
  const skipped = notes.length > 0 ? ` (${notes.join('; ')})` : '';
  switch (report.verdict) {
    case 'cannot-probe':
      return `cannot probe: ${report.reason}${skipped}\n`;
    case 'difference':
      return `${report.failed} of ${report.probed} probes differ from the policy${skipped}\n`;
    case 'match':
      return `${report.probed - report.unproven} probes, all as the policy says${skipped}\n`;
  }
}

export function registerVerify(program: Command, setExit: SetExitCode): void {
  program
    .command('verify')
    .description("probe the deployed enforcement from this machine with the export's self-test")
    .argument('<project>', 'a project folder, or a single .egress file')
    .option('--from-host', 'run the probes from this machine (required: the only mode)')
    .option('--target <target>', `whose provable probes: ${TARGETS.join(', ')}`, 'nftables')
    .option(
      '--proxy <host:port>',
      "squid: the proxy, once per address family (default: the topology's proxy node)",
      (value: string, list: string[]) => [...list, value],
      [] as string[],
    )
    .option(
      '--hook <hook>',
      'firewall hook the ruleset was exported for: forward or output',
      'forward',
    )
    .option('--timeout <ms>', 'milliseconds a probe may take', String(DEFAULT_TIMEOUT_MS))
    .option('--format <format>', 'text or json', 'text')
    .addHelpText(
      'after',
      '\nOnly probes whose source address is an address of this machine run. Firewall targets\n' +
        'probe with TCP connections (connected = allow) and UDP datagrams (an answer or a port\n' +
        'unreachable = allow, administratively prohibited = deny, silence = unproven); squid\n' +
        'sends each request through the proxy (403 = deny).\n' +
        "Exit status: 0 every probe got the policy's verdict, 1 some probe differs, 2 it could not\n" +
        'probe (no probe source is here, or no probe got an answer) or the project has errors.',
    )
    .action(async (path: string, options: VerifyOptions) => {
      if (options.fromHost !== true) {
        throw new UserError('give --from-host: verify runs its probes from this machine');
      }
      const target = parseChoice('target', options.target, TARGETS);
      const hook = parseChoice(
        'hook',
        options.hook,
        HOOK_OPTION.values.map((v) => v.value),
      );
      const timeoutMs = parseTimeout(options.timeout);
      const format = parseFormat(options.format, ['text', 'json'] as const);
      const checked = await loadValidProject(path, 'verify');
      const probes =
        target === 'squid' ? squidProbes(checked, options.proxy) : firewallProbes(checked, hook);
      const local = localAddresses();
      const report = await runProbes(probes, timeoutMs, (src) => local.has(src));
      if (format === 'json') {
        const { verdict, reason, probed, skipped, failed, unproven, results } = report;
        const json = {
          project: checked.project.name,
          target: options.target,
          verdict,
          ...(reason ? { reason } : {}),
          probed,
          skipped,
          failed,
          unproven,
          results,
        };
        process.stdout.write(JSON.stringify(json, null, 2) + '\n');
      } else {
        if (report.results.length > 0) process.stdout.write(renderTable(report));
        (report.verdict === 'cannot-probe' ? process.stderr : process.stdout).write(
          `egress verify: ${summary(report)}`,
        );
      }
      setExit(
        report.verdict === 'match'
          ? EXIT_OK
          : report.verdict === 'difference'
            ? EXIT_FINDINGS
            : EXIT_USAGE,
      );
    });
}
