/**
 * `iptables` target (docs/exporters.md): `rules.v4` and `rules.v6` in iptables-restore format (the
 * files iptables-persistent loads), with the same plan, order and semantics as the nftables
 * target (firewall-plan.ts). Each file is the whole filter table: a chain `EGRESS_STUDIO`
 * jumped from FORWARD (or OUTPUT for a host firewall), the inbound guard in its own chain,
 * and one line per source × destination combination, so that no ipset is needed.
 */
import type { IpFamily } from '../net/ip.js';
import {
  HOOK_OPTION,
  planFirewall,
  type FirewallPlan,
  type L3Match,
  type L3Rule,
  type L3Verdict,
} from './firewall-plan.js';
import { AUDIT_LOG_TAG, auditBanner, MODE_OPTION } from './export-mode.js';
import { withHeader } from './header.js';
import { SELF_TEST_OPTION, selfTestFiles } from './self-test-script.js';
import { commentBlock, logPrefix } from './model/rule-comments.js';
import { portRangeText, type PortRange } from './model/service-groups.js';
import {
  optionValue,
  type Exporter,
  type ExportInput,
  type ExportOptions,
  type ExportResult,
} from './types.js';

export const IPTABLES_CHAIN = 'EGRESS_STUDIO';
const GUARD_CHAIN = 'EGRESS_INBOUND';
const REJECT_CHAIN = 'EGRESS_REJECT';
/** The LOG target's limit for --log-prefix. */
const LOG_PREFIX_MAX = 29;
/** multiport takes at most 15 ports, a range counting as two. */
const MULTIPORT_MAX = 15;

function verdictTarget(verdict: L3Verdict): string {
  switch (verdict) {
    case 'accept':
      return 'ACCEPT';
    case 'drop':
      return 'DROP';
    case 'reject':
      return REJECT_CHAIN;
  }
}

/**
 * Deny rules jump here: TCP gets a reset, everything else ICMP "administratively prohibited".
 * A reset fails a TCP client at once and, unlike ICMP errors, is not rate-limited by the
 * kernel, so a client that hits many denied destinations still fails fast.
 */
function rejectChainLines(family: IpFamily): string[] {
  const icmp = family === 4 ? 'icmp-admin-prohibited' : 'icmp6-adm-prohibited';
  return [
    `-A ${REJECT_CHAIN} -p tcp -j REJECT --reject-with tcp-reset`,
    `-A ${REJECT_CHAIN} -j REJECT --reject-with ${icmp}`,
  ];
}

function tag(id: string): string {
  return `-m comment --comment "egress:${id}"`;
}

/** Port lists cut into multiport-sized pieces. */
function portChunks(ranges: PortRange[]): PortRange[][] {
  const chunks: PortRange[][] = [];
  let current: PortRange[] = [];
  let weight = 0;
  for (const r of ranges) {
    const w = r.lo === r.hi ? 1 : 2;
    if (weight + w > MULTIPORT_MAX) {
      chunks.push(current);
      current = [];
      weight = 0;
    }
    current.push(r);
    weight += w;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function protoParts(m: L3Match, family: IpFamily): string[] {
  const p = m.proto;
  switch (p.proto) {
    case 'any':
      return [''];
    case 'icmp':
      return [family === 4 ? '-p icmp' : '-p ipv6-icmp'];
    default:
      if (p.ports === 'all') return [`-p ${p.proto}`];
      return portChunks(p.ports).map((chunk) =>
        chunk.length === 1
          ? `-p ${p.proto} --dport ${portRangeText(chunk[0]!, ':')}`
          : `-p ${p.proto} -m multiport --dports ${chunk.map((r) => portRangeText(r, ':')).join(',')}`,
      );
  }
}

interface ChainBuilder {
  declare(name: string): void;
  append(line: string): void;
}

/** The -A lines of one planned rule for one family (empty when it has no part there). */
function ruleLines(rule: L3Rule, family: IpFamily, target: string): string[] {
  const lines: string[] = [];
  for (const m of rule.matches) {
    if (m.family !== null && m.family !== family) continue;
    const srcs = m.src ? m.src.set.texts(family) : [null];
    const dsts = m.dst ? m.dst.set.texts(family) : [null];
    for (const s of srcs) {
      for (const d of dsts) {
        for (const proto of protoParts(m, family)) {
          const parts = [`-A ${IPTABLES_CHAIN}`];
          if (s !== null) parts.push(`-s ${s}`);
          if (d !== null) parts.push(`-d ${d}`);
          if (proto !== '') parts.push(proto);
          parts.push(tag(rule.id), `-j ${target}`);
          lines.push(parts.join(' '));
        }
      }
    }
  }
  return lines;
}

function guardLines(plan: FirewallPlan, family: IpFamily, out: ChainBuilder): void {
  const guard = plan.guard;
  if (!guard || guard.internal.set.isFull(family)) return;
  out.declare(GUARD_CHAIN);
  out.append('# inbound guard: a source outside the internal zones may not open a connection');
  out.append(`-A ${IPTABLES_CHAIN} -j ${GUARD_CHAIN}`);
  for (const cidr of guard.internal.set.texts(family)) {
    out.append(`-A ${GUARD_CHAIN} -s ${cidr} -j RETURN`);
  }
  if (plan.mode === 'audit') {
    out.append(
      `-A ${GUARD_CHAIN} ${tag('inbound')} -j LOG --log-prefix "${logPrefix('inbound', LOG_PREFIX_MAX, AUDIT_LOG_TAG)}"`,
    );
    out.append(`-A ${GUARD_CHAIN} ${tag('inbound')} -j ACCEPT`);
    return;
  }
  if (guard.log) {
    out.append(
      `-A ${GUARD_CHAIN} ${tag('inbound')} -j LOG --log-prefix "${logPrefix('inbound', LOG_PREFIX_MAX)}"`,
    );
  }
  out.append(`-A ${GUARD_CHAIN} ${tag('inbound')} -j DROP`);
}

const OUTPUT_EXEMPTIONS: Record<IpFamily, string[]> = {
  4: [`-A ${IPTABLES_CHAIN} -o lo -j ACCEPT`],
  6: [
    `-A ${IPTABLES_CHAIN} -o lo -j ACCEPT`,
    ...[
      'router-solicitation',
      'neighbour-solicitation',
      'neighbour-advertisement',
      '131',
      '143',
    ].map((type) => `-A ${IPTABLES_CHAIN} -p ipv6-icmp -m icmp6 --icmpv6-type ${type} -j ACCEPT`),
  ],
};

export function renderIptables(plan: FirewallPlan, family: IpFamily, policyName: string): string {
  const declared: string[] = [IPTABLES_CHAIN];
  const body: string[] = [];
  const logChains: string[] = [];
  const out: ChainBuilder = {
    declare: (name) => {
      if (!declared.includes(name)) declared.push(name);
    },
    append: (line) => body.push(line),
  };
  const hookChain = plan.hook === 'forward' ? 'FORWARD' : 'OUTPUT';
  body.push(`-A ${hookChain} -j ${IPTABLES_CHAIN}`);
  body.push(`-A ${IPTABLES_CHAIN} -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT`);
  if (plan.hook === 'output') {
    body.push('# host firewall: loopback traffic and IPv6 neighbour discovery are not egress');
    body.push(...OUTPUT_EXEMPTIONS[family]);
  }
  guardLines(plan, family, out);
  const audit = plan.mode === 'audit';
  plan.rules.forEach((rule) => {
    body.push(...commentBlock(rule.comment, '#'));
    let target = verdictTarget(rule.verdict);
    if (audit && rule.verdict !== 'accept') {
      // A would-be denial: a chain that logs it with the audit prefix, then accepts.
      const chain =
        rule.position === null ? 'EGRESS_AUDIT_DEFAULT' : `EGRESS_AUDIT_${rule.position}`;
      out.declare(chain);
      logChains.push(
        `-A ${chain} ${tag(rule.id)} -j LOG --log-prefix "${logPrefix(rule.id, LOG_PREFIX_MAX, AUDIT_LOG_TAG)}"`,
        `-A ${chain} ${tag(rule.id)} -j ACCEPT`,
      );
      target = chain;
    } else {
      if (rule.verdict === 'reject') out.declare(REJECT_CHAIN);
      if (rule.log) {
        // LOG does not decide, so a logged rule jumps to a chain that logs, then decides.
        const chain = rule.position === null ? 'EGRESS_LOG_DEFAULT' : `EGRESS_LOG_${rule.position}`;
        out.declare(chain);
        logChains.push(
          `-A ${chain} ${tag(rule.id)} -j LOG --log-prefix "${logPrefix(rule.id, LOG_PREFIX_MAX)}"`,
          `-A ${chain} ${tag(rule.id)} -j ${target}`,
        );
        target = chain;
      }
    }
    const lines = ruleLines(rule, family, target);
    if (lines.length === 0 && rule.matches.length > 0) {
      body.push(`#   (no IPv${family} part: see rules.v${family === 4 ? 6 : 4})`);
    }
    body.push(...lines);
  });
  const hookPolicy =
    audit || plan.rules[plan.rules.length - 1]?.verdict === 'accept' ? 'ACCEPT' : 'DROP';
  const builtins = ['INPUT', 'FORWARD', 'OUTPUT'].map(
    (c) => `:${c} ${c === hookChain ? hookPolicy : 'ACCEPT'} [0:0]`,
  );
  const restore = family === 4 ? 'iptables-restore' : 'ip6tables-restore';
  const file = family === 4 ? 'rules.v4' : 'rules.v6';
  const preamble = [
    `# Egress policy "${policyName}" for ${family === 4 ? 'iptables' : 'ip6tables'} (IPv${family}), chain ${IPTABLES_CHAIN} jumped from ${hookChain}.`,
    `# Load with: ${restore} < ${file}. This is the whole filter table: loading it replaces`,
    '# every rule of the table (it is the file iptables-persistent restores at boot).',
    ...(audit
      ? [
          '# Audit mode: what the policy would deny (a rule, the default or the inbound guard) is',
          `# logged with the prefix "${AUDIT_LOG_TAG}:<rule> " (ids cut to fit 29 characters, with`,
          '# a short hash) and accepted; nothing is blocked.',
        ]
      : [
          '# Deny rules reject (TCP reset, else ICMP administratively prohibited) so that internal',
          '# clients fail fast; the inbound guard drops silently.',
        ]),
  ];
  return [
    ...preamble,
    '*filter',
    ...builtins,
    ...declared.map((c) => `:${c} - [0:0]`),
    ...body,
    ...logChains,
    ...(declared.includes(REJECT_CHAIN) ? rejectChainLines(family) : []),
    'COMMIT',
    '',
  ].join('\n');
}

function exportIptables(input: ExportInput, options: ExportOptions): ExportResult {
  const mode = optionValue(options, MODE_OPTION);
  const plan = planFirewall(input.policy, input.topology, optionValue(options, HOOK_OPTION), mode);
  const banner =
    mode === 'audit'
      ? auditBanner('#', input.policy.name, `kernel log prefix "${AUDIT_LOG_TAG}:<rule> "`)
      : '';
  const files = ([4, 6] as const).map((family) => ({
    path: family === 4 ? 'rules.v4' : 'rules.v6',
    content:
      banner + withHeader(renderIptables(plan, family, input.policy.name), input, 'iptables', '#'),
  }));
  files.push(
    ...selfTestFiles(
      input,
      options,
      'iptables',
      planFirewall(input.policy, input.topology, plan.hook),
    ),
  );
  return { target: 'iptables', files, fidelity: plan.fidelity };
}

export const iptablesExporter: Exporter = {
  target: 'iptables',
  description:
    'iptables-restore files (rules.v4, rules.v6) with a chain jumped from FORWARD or OUTPUT',
  options: [HOOK_OPTION, MODE_OPTION, SELF_TEST_OPTION],
  run: exportIptables,
};
