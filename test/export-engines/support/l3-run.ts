/**
 * One firewall differential run: export a project to nftables or iptables, load the ruleset
 * into a fresh namespace lab (gateway forward hook, or the client's output hook), send every
 * flow as real traffic, and compare what happened with the simulator's verdict.
 *
 * For each comparable flow (see comparable.ts):
 * - allowed by the simulator ⇔ the connection succeeded (TCP connect, or a UDP echo);
 * - denied by a rule or the default ⇒ an error came back (the ruleset rejects);
 * - denied by the inbound guard on a gateway ⇒ nothing came back (the guard drops).
 * When every rule is exact, each rule's packet counter must also equal the number of flows
 * the simulator gives to that rule: the real engine decided by the same rule, not merely
 * with the same verdict.
 */
import { fileURLToPath } from 'node:url';
import type { PolicyModel, Topology, Verdict } from '../../../simulator/core/model.js';
import { compileMatcher, evaluateReference } from '../../../simulator/engine/index.js';
import { iptablesExporter } from '../../../simulator/export/iptables.js';
import { nftablesExporter } from '../../../simulator/export/nftables.js';
import { planFirewall } from '../../../simulator/export/firewall-plan.js';
import type { ExportMode } from '../../../simulator/export/export-mode.js';
import { findProxyNode } from '../../../simulator/export/model/proxy-node.js';
import type { ExportResult } from '../../../simulator/export/types.js';
import { AddressSet } from '../../../simulator/export/model/address-set.js';
import { parseIp } from '../../../simulator/net/ip.js';
import { allExact, isComparablePacket } from './comparable.js';
import { readBackFirewallLog, type ReadBackReport } from './firewall-read-back.js';
import { followKernelLog, packetKey, type KernelLogFollower } from './kernel-log.js';
import { NetnsLab } from './netns-lab.js';
import { runAsync, runOrThrow, startService, stopChild } from './process.js';
import type { L3Flow } from './random-l3.js';

export type FirewallEngine = 'nftables' | 'iptables';

export interface L3Case {
  name: string;
  topology: Topology;
  policy: PolicyModel;
  flows: L3Flow[];
  hook: 'forward' | 'output';
  /**
   * `audit`: every flow must pass, and exactly the comparable flows the simulator denies must
   * be in the kernel log with their rule (the caller turns on namespace logging).
   */
  mode?: ExportMode;
  /**
   * Read the kernel log back through the importer (firewall-read-back.ts; the caller turns on
   * namespace logging). Always done in audit mode.
   */
  readBackLog?: boolean;
}

export interface L3Outcome {
  id: number;
  outcome: 'connected' | 'rejected' | 'timeout';
  code: string | null;
}

export interface L3Report {
  flows: number;
  compared: number;
  problems: string[];
  countersChecked: boolean;
  /** Audit mode: how many compared flows the simulator denies (each must be in the log). */
  denied?: number;
  /** Attempts read back from the kernel log and held to the simulator (and others' lines). */
  readBack?: number;
  foreign?: number;
}

const SERVER_SCRIPT = fileURLToPath(new URL('./probe-server.mjs', import.meta.url));
const CLIENT_SCRIPT = fileURLToPath(new URL('./probe-client.mjs', import.meta.url));
/** How long a flow may take before it counts as dropped; everything else answers in ms. */
const TIMEOUT_MS = 1500;

function exportFor(engine: FirewallEngine, c: L3Case): ExportResult {
  const exporter = engine === 'nftables' ? nftablesExporter : iptablesExporter;
  return exporter.run(
    {
      policy: c.policy,
      topology: c.topology,
      project: { name: c.name, policyFile: 'policy.egress' },
    },
    { hook: c.hook, mode: c.mode ?? 'enforce' },
  );
}

function load(engine: FirewallEngine, ns: string, result: ExportResult): void {
  const file = (path: string): string => result.files.find((f) => f.path === path)!.content;
  if (engine === 'nftables') {
    runOrThrow('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], file('egress.nft'));
  } else {
    runOrThrow('ip', ['netns', 'exec', ns, 'iptables-restore'], file('rules.v4'));
    runOrThrow('ip', ['netns', 'exec', ns, 'ip6tables-restore'], file('rules.v6'));
  }
}

/** Packets counted per deciding rule id (the rule comment / tag of each line). */
function readCounters(engine: FirewallEngine, ns: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (id: string, n: number): void => {
    counts.set(id, (counts.get(id) ?? 0) + n);
  };
  if (engine === 'nftables') {
    const json = JSON.parse(
      runOrThrow('ip', ['netns', 'exec', ns, 'nft', '-j', 'list', 'ruleset']),
    ) as {
      nftables: { rule?: { comment?: string; expr: { counter?: { packets: number } }[] } }[];
    };
    for (const item of json.nftables) {
      const rule = item.rule;
      if (!rule?.comment) continue;
      const counter = rule.expr.find((e) => e.counter)?.counter;
      if (counter) add(rule.comment, counter.packets);
    }
    return counts;
  }
  for (const save of ['iptables-save', 'ip6tables-save']) {
    const text = runOrThrow('ip', ['netns', 'exec', ns, save, '-c']);
    for (const line of text.split('\n')) {
      const m =
        /^\[(\d+):\d+\] -A (EGRESS_STUDIO|EGRESS_INBOUND) .*--comment "?egress:([^" ]+)"? .*-j (\S+)/.exec(
          line,
        );
      if (!m) continue;
      // In the guard chain only the final DROP decides; its LOG line sees the same packets.
      if (m[2] === 'EGRESS_INBOUND' && m[4] !== 'DROP') continue;
      add(m[3]!, Number(m[1]));
    }
  }
  return counts;
}

function verdictOf(c: L3Case, matcher: ReturnType<typeof compileMatcher>, flow: L3Flow): Verdict {
  const f = { src: flow.src, ip: flow.dst, proto: flow.proto, port: flow.port };
  const compiled = matcher.evaluate(f);
  const reference = evaluateReference(c.policy, c.topology, f);
  if (compiled.rule !== reference.rule || compiled.verdict !== reference.verdict) {
    throw new Error(
      `simulator disagrees with itself on ${JSON.stringify(f)}: compiled ${JSON.stringify(compiled)}, reference ${JSON.stringify(reference)}`,
    );
  }
  return compiled;
}

/** Flows touching the proxy's addresses meet the proxy admission lines, which no rule owns. */
function proxyAddresses(c: L3Case): AddressSet {
  const proxy = findProxyNode(c.topology);
  return proxy ? AddressSet.fromTexts(proxy.node.addresses) : AddressSet.EMPTY;
}

function inSet(set: AddressSet, text: string): boolean {
  const ip = parseIp(text);
  return ip !== null && set.contains(ip.family, ip.value);
}

export async function runL3Case(
  engine: FirewallEngine,
  c: L3Case,
  prefix: string,
): Promise<L3Report> {
  const result = exportFor(engine, c);
  // The plan says which earlier inexact rules could have caught a packet (comparable.ts).
  const plan = planFirewall(c.policy, c.topology, c.hook);
  const audit = c.mode === 'audit';
  const exported = planFirewall(c.policy, c.topology, c.hook, c.mode);
  if (JSON.stringify(exported.fidelity) !== JSON.stringify(result.fidelity)) {
    throw new Error('the exported fidelity is not the plan fidelity');
  }
  const matcher = compileMatcher(c.policy, c.topology);
  const lab = new NetnsLab(prefix);
  const problems: string[] = [];
  try {
    const sources = [...new Set(c.flows.map((f) => f.src))];
    const destinations = [...new Set(c.flows.map((f) => f.dst))];
    lab.setup(sources, destinations);
    const rulesNs = c.hook === 'forward' ? lab.gateway : lab.client;
    load(engine, rulesNs, result);
    const udpBinds = [
      ...new Set(c.flows.filter((f) => f.proto === 'udp').map((f) => `${f.dst}|${f.port}`)),
    ].map((k) => ({ address: k.split('|')[0]!, port: Number(k.split('|')[1]) }));
    const tcpPorts = [...new Set(c.flows.filter((f) => f.proto === 'tcp').map((f) => f.port))];
    const server = await startService(
      'ip',
      ['netns', 'exec', lab.server, process.execPath, SERVER_SCRIPT],
      JSON.stringify({ tcpPorts, udpBinds }),
      'ready',
    );
    let kernelLog: KernelLogFollower | undefined;
    try {
      const readBack = audit || c.readBackLog === true;
      kernelLog = readBack ? await followKernelLog() : undefined;
      const client = await runAsync(
        'ip',
        ['netns', 'exec', lab.client, process.execPath, CLIENT_SCRIPT],
        JSON.stringify({ flows: c.flows, timeoutMs: TIMEOUT_MS, concurrency: 48 }),
      );
      if (client.status !== 0) throw new Error(`probe client failed: ${client.stderr}`);
      const outcomes = JSON.parse(client.stdout) as L3Outcome[];
      const proxy = proxyAddresses(c);
      const comparable = (flow: L3Flow, verdict: Verdict): boolean =>
        isComparablePacket(plan, verdict.rule, flow) &&
        !inSet(proxy, flow.src) &&
        !inSet(proxy, flow.dst);
      let log: ReadBackReport | undefined;
      if (kernelLog !== undefined) {
        log = await readBackFirewallLog({
          engine,
          audit,
          kernelLog,
          flows: c.flows,
          matcher,
          verdictOf: (flow) => {
            const verdict = verdictOf(c, matcher, flow);
            return comparable(flow, verdict) ? verdict : undefined;
          },
        });
        problems.push(...log.problems);
      }
      const logCounts = { readBack: log?.readBack, foreign: log?.foreign };
      if (audit) {
        let compared = 0;
        let denied = 0;
        c.flows.forEach((flow, i) => {
          const got = outcomes[i]!;
          const verdict = verdictOf(c, matcher, flow);
          if (got.outcome !== 'connected') {
            problems.push(
              `${packetKey(flow)}: audit mode must let it through, engine ${got.outcome}`,
            );
          }
          if (!comparable(flow, verdict)) return;
          compared++;
          if (verdict.verdict === 'deny') denied++;
        });
        return {
          flows: c.flows.length,
          compared,
          problems,
          countersChecked: false,
          denied,
          ...logCounts,
        };
      }
      const expectedCounts = new Map<string, number>();
      let compared = 0;
      c.flows.forEach((flow, i) => {
        const got = outcomes[i]!;
        const verdict = verdictOf(c, matcher, flow);
        expectedCounts.set(verdict.rule, (expectedCounts.get(verdict.rule) ?? 0) + 1);
        if (!comparable(flow, verdict)) return;
        compared++;
        const describe = `${flow.proto} ${flow.src} -> ${flow.dst}:${flow.port}`;
        const connected = got.outcome === 'connected';
        if (connected !== (verdict.verdict === 'allow')) {
          problems.push(
            `${describe}: simulator ${verdict.verdict} by ${verdict.rule}, engine ${got.outcome}${got.code ? ` (${got.code})` : ''}`,
          );
        } else if (verdict.verdict === 'deny' && c.hook === 'forward') {
          const wanted = verdict.rule === 'inbound' ? 'timeout' : 'rejected';
          if (got.outcome !== wanted) {
            problems.push(
              `${describe}: denied by ${verdict.rule} should be ${wanted}, engine ${got.outcome}`,
            );
          }
        }
      });
      const countersChecked = allExact(result.fidelity) && proxy.isEmpty();
      if (countersChecked) {
        const counts = readCounters(engine, rulesNs);
        const ids = new Set([...counts.keys(), ...expectedCounts.keys()]);
        for (const id of ids) {
          const got = counts.get(id) ?? 0;
          const want = expectedCounts.get(id) ?? 0;
          // A dropped TCP SYN is retransmitted within the timeout: the guard may count more.
          const ok = id === 'inbound' ? got >= want && want > 0 === got > 0 : got === want;
          if (!ok)
            problems.push(
              `rule ${id}: engine counted ${got} packets, simulator decided ${want} flows`,
            );
        }
      }
      return { flows: c.flows.length, compared, problems, countersChecked, ...logCounts };
    } finally {
      await kernelLog?.stop();
      await stopChild(server);
    }
  } catch (e) {
    problems.push(`run failed: ${(e as Error).message}`);
    return { flows: c.flows.length, compared: 0, problems, countersChecked: false };
  } finally {
    lab.destroy();
  }
}

/** The exported files of a failing case, for the failure message. */
export function exportedText(engine: FirewallEngine, c: L3Case): string {
  return exportFor(engine, c)
    .files.map((f) => `--- ${f.path}\n${f.content}`)
    .join('\n');
}
