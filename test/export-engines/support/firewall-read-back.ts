/**
 * The closed loop of the firewall runs: the kernel log lines the real nftables or iptables
 * wrote (`log prefix "egress:<rule> "` for a rule that logs, `"egress-audit:<rule> "` for what
 * an audit-mode export would deny) are read back by the importer (the netfilter format, as
 * `egress simulate --flows` reads them), and every attempt read back must, simulated, give
 * the verdict and deciding rule its log line names:
 *
 * - an `egress-audit:` line (audit mode) is an attempt the simulator denies, by the rule its
 *   prefix names, and logged as let through;
 * - an `egress:` line is an attempt decided by the rule its prefix names, a rule that logs
 *   (in audit mode, an allow rule that logs);
 * - every comparable flow that should leave such a line is read back, once.
 *
 * Only comparable flows (comparable.ts) are held to this, as for the verdicts. The kernel log
 * is the machine's: attempts that no flow of this run sent (other runs' namespaces log there
 * too) are counted, not failed.
 */
import type { Verdict } from '../../../simulator/core/model.js';
import type { CompiledMatcher } from '../../../simulator/engine/index.js';
import { AUDIT_LOG_TAG } from '../../../simulator/export/export-mode.js';
import { logPrefix } from '../../../simulator/export/model/rule-comments.js';
import { NETFILTER_RULE_TAG } from '../../../simulator/flows/formats/netfilter-log.js';
import { packetKey, type KernelLogFollower } from './kernel-log.js';
import type { L3Flow } from './random-l3.js';

export interface ReadBackReport {
  problems: string[];
  /** Attempts read back from flows of this run and held to the simulator. */
  readBack: number;
  /** Attempts read back that no flow of this run sent. */
  foreign: number;
}

/** The rule id as a log prefix carries it (cut to the engine's prefix limit). */
export function loggedId(engine: 'nftables' | 'iptables', rule: string, audit: boolean): string {
  const tag = audit ? AUDIT_LOG_TAG : NETFILTER_RULE_TAG;
  return logPrefix(rule, engine === 'nftables' ? 127 : 29, tag)
    .slice(tag.length + 1)
    .trimEnd();
}

interface ExpectedLine {
  rule: string;
  logged: 'allow' | undefined;
}

/**
 * The line a flow decided by `verdict` leaves in the log, read back: a would-be denial of an
 * audit-mode export under its audit tag, logged as let through; else, when the deciding rule
 * logs, under the rule's own tag (the engine's action is the rule's, which the line does not
 * say); else none.
 */
function expectedLine(
  engine: 'nftables' | 'iptables',
  audit: boolean,
  verdict: Verdict,
): ExpectedLine | undefined {
  if (audit && verdict.verdict === 'deny') {
    return { rule: loggedId(engine, verdict.rule, true), logged: 'allow' };
  }
  return verdict.log
    ? { rule: loggedId(engine, verdict.rule, false), logged: undefined }
    : undefined;
}

export async function readBackFirewallLog(options: {
  engine: 'nftables' | 'iptables';
  audit: boolean;
  /** Started before the traffic; read back (and stopped) here. */
  kernelLog: KernelLogFollower;
  flows: readonly L3Flow[];
  /** The simulator's verdict of a sent flow, or undefined when it is not comparable. */
  verdictOf: (flow: L3Flow) => Verdict | undefined;
  matcher: CompiledMatcher;
}): Promise<ReadBackReport> {
  const { engine, audit, matcher } = options;
  const { flows: observed, problems } = await options.kernelLog.readBack();
  /** Key → how many comparable flows of this run must be read back under it, and with which rule. */
  const wanted = new Map<string, { count: number; line: ExpectedLine }>();
  const sent = new Map<string, Verdict | undefined>();
  for (const flow of options.flows) {
    const key = packetKey(flow);
    const verdict = options.verdictOf(flow);
    sent.set(key, verdict);
    if (verdict === undefined) continue;
    const expected = expectedLine(engine, audit, verdict);
    if (expected === undefined) continue;
    const entry = wanted.get(key) ?? { count: 0, line: expected };
    entry.count++;
    wanted.set(key, entry);
  }
  const got = new Map<string, number>();
  let readBack = 0;
  let foreign = 0;
  for (const o of observed) {
    const { flow } = o;
    const key = packetKey({
      src: flow.src,
      dst: flow.ip ?? '',
      proto: flow.proto,
      port: flow.port ?? null,
    });
    if (!sent.has(key)) {
      foreign++;
      continue;
    }
    if (sent.get(key) === undefined) continue;
    readBack++;
    got.set(key, (got.get(key) ?? 0) + 1);
    const again = matcher.evaluate(flow);
    const expected = expectedLine(engine, audit, again);
    if (expected === undefined || o.loggedRule !== expected.rule || o.logged !== expected.logged) {
      problems.push(
        `kernel log record ${o.line}: read back ${JSON.stringify(flow)} logged by ${o.loggedRule ?? 'no rule'}` +
          `${o.logged ? ` as ${o.logged}` : ''}: simulated ${again.verdict} by ${again.rule}` +
          `${again.log ? ' (log)' : ''}`,
      );
    }
  }
  for (const [key, { count, line }] of wanted) {
    const n = got.get(key) ?? 0;
    if (n !== count) {
      problems.push(
        `${key}: ${count} attempt${count === 1 ? '' : 's'} should be in the kernel log as ${line.logged === 'allow' ? AUDIT_LOG_TAG : NETFILTER_RULE_TAG}:${line.rule}, ${n} read back`,
      );
    }
  }
  return { problems, readBack, foreign };
}
