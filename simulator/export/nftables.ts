/**
 * `nftables` target (docs/exporters.md): `egress.nft`, one `table inet egress_studio` with a filter
 * chain on the forward hook (an egress gateway) or, with `hook: 'output'`, on the output
 * hook (a host firewall). What each rule becomes, and its fidelity, is decided in
 * firewall-plan.ts; this file only prints the plan in nft syntax.
 *
 * `icmp` in the policy means ICMP for IPv4 and ICMPv6 for IPv6 alike: the language has one
 * word for "ping and friends", and a policy author writing `on icmp` means both families.
 */
import type { IpFamily } from '../net/ip.js';
import {
  HOOK_OPTION,
  planFirewall,
  type AddressSide,
  type FirewallPlan,
  type L3Match,
  type L3Rule,
  type L3Verdict,
} from './firewall-plan.js';
import { AUDIT_LOG_TAG, auditBanner, MODE_OPTION, type ExportMode } from './export-mode.js';
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

export const NFT_TABLE = 'egress_studio';
/** The kernel's limit for a log prefix (NF_LOG_PREFIXLEN, including the terminating NUL). */
const NFT_LOG_PREFIX_MAX = 127;
const INDENT = '\t';
/**
 * Deny rules jump here: TCP gets a reset, everything else ICMP "administratively prohibited".
 * A reset fails a TCP client at once and, unlike ICMP errors, is not rate-limited by the
 * kernel, so a client that hits many denied destinations still fails fast.
 */
const REJECT_CHAIN = 'egress_reject';
const REJECT_CHAIN_LINES = [
  `${INDENT}chain ${REJECT_CHAIN} {`,
  `${INDENT}${INDENT}meta l4proto tcp reject with tcp reset`,
  `${INDENT}${INDENT}reject with icmpx type admin-prohibited`,
  `${INDENT}}`,
  '',
];
const RULE_INDENT = '\t\t';

/** Named sets, declared in the table in order of first use, shared when equal. */
class SetRegistry {
  private readonly byName = new Map<string, { key: string; lines: string[] }>();
  private readonly order: string[] = [];

  /** The expression that matches `side` for `family`: `@set`, or the single element inline. */
  ref(side: AddressSide, family: IpFamily): string {
    const texts = side.set.texts(family);
    if (texts.length === 1) return texts[0]!;
    const key = texts.join(',');
    let name = `${side.name}_v${family}`;
    for (let n = 2; this.byName.has(name) && this.byName.get(name)!.key !== key; n++) {
      name = `${side.name}_${n}_v${family}`;
    }
    if (!this.byName.has(name)) {
      this.order.push(name);
      this.byName.set(name, { key, lines: setLines(name, family, texts) });
    }
    return `@${name}`;
  }

  lines(): string[] {
    return this.order.flatMap((name) => [...this.byName.get(name)!.lines, '']);
  }
}

function setLines(name: string, family: IpFamily, elements: string[]): string[] {
  const lines = [
    `${INDENT}set ${name} {`,
    `${INDENT}${INDENT}type ${family === 4 ? 'ipv4_addr' : 'ipv6_addr'}`,
    `${INDENT}${INDENT}flags interval`,
  ];
  if (elements.length > 0) {
    lines.push(`${INDENT}${INDENT}elements = {`);
    elements.forEach((e, i) =>
      lines.push(`${INDENT}${INDENT}${INDENT}${e}${i < elements.length - 1 ? ',' : ''}`),
    );
    lines.push(`${INDENT}${INDENT}}`);
  }
  lines.push(`${INDENT}}`);
  return lines;
}

function ports(ranges: PortRange[]): string {
  const texts = ranges.map((r) => portRangeText(r, '-'));
  return texts.length === 1 ? texts[0]! : `{ ${texts.join(', ')} }`;
}

function verdictText(verdict: L3Verdict): string {
  switch (verdict) {
    case 'accept':
      return 'accept';
    case 'drop':
      return 'drop';
    case 'reject':
      return `goto ${REJECT_CHAIN}`;
  }
}

function matchText(m: L3Match, sets: SetRegistry): string {
  const parts: string[] = [];
  const ipKeyword = m.family === 4 ? 'ip' : 'ip6';
  if (m.family !== null) {
    if (m.src) parts.push(`${ipKeyword} saddr ${sets.ref(m.src, m.family)}`);
    if (m.dst) parts.push(`${ipKeyword} daddr ${sets.ref(m.dst, m.family)}`);
    if (!m.src && !m.dst) parts.push(`meta nfproto ${m.family === 4 ? 'ipv4' : 'ipv6'}`);
  }
  switch (m.proto.proto) {
    case 'any':
      break;
    case 'icmp':
      parts.push(
        m.family === 4
          ? 'meta l4proto icmp'
          : m.family === 6
            ? 'meta l4proto ipv6-icmp'
            : 'meta l4proto { icmp, ipv6-icmp }',
      );
      break;
    default:
      parts.push(
        m.proto.ports === 'all'
          ? `meta l4proto ${m.proto.proto}`
          : `${m.proto.proto} dport ${ports(m.proto.ports)}`,
      );
  }
  return parts.join(' ');
}

function actionText(id: string, verdict: L3Verdict, log: boolean, mode: ExportMode): string {
  if (mode === 'audit' && verdict !== 'accept') {
    const prefix = logPrefix(id, NFT_LOG_PREFIX_MAX, AUDIT_LOG_TAG);
    return `counter log prefix "${prefix}" accept comment "${id}"`;
  }
  const logPart = log ? `log prefix "${logPrefix(id, NFT_LOG_PREFIX_MAX)}" ` : '';
  return `counter ${logPart}${verdictText(verdict)} comment "${id}"`;
}

function ruleLines(rule: L3Rule, sets: SetRegistry, mode: ExportMode): string[] {
  const lines = commentBlock(rule.comment, '#', RULE_INDENT);
  for (const m of rule.matches) {
    const match = matchText(m, sets);
    lines.push(
      `${RULE_INDENT}${match === '' ? '' : match + ' '}${actionText(rule.id, rule.verdict, rule.log, mode)}`,
    );
  }
  return lines;
}

function guardLines(plan: FirewallPlan, sets: SetRegistry): string[] {
  const guard = plan.guard;
  if (!guard) return [];
  const lines = [
    `${RULE_INDENT}# inbound guard: a source outside the internal zones may not open a connection`,
  ];
  for (const family of [4, 6] as const) {
    if (guard.internal.set.isFull(family)) continue;
    const action = actionText('inbound', 'drop', guard.log, plan.mode);
    if (guard.internal.set.isEmpty(family)) {
      lines.push(`${RULE_INDENT}meta nfproto ${family === 4 ? 'ipv4' : 'ipv6'} ${action}`);
    } else {
      const ip = family === 4 ? 'ip' : 'ip6';
      lines.push(`${RULE_INDENT}${ip} saddr != ${sets.ref(guard.internal, family)} ${action}`);
    }
  }
  return lines;
}

/** A host firewall must not cut the host off from itself or from its IPv6 neighbours. */
const OUTPUT_EXEMPTIONS = [
  `${RULE_INDENT}# host firewall: loopback traffic and IPv6 neighbour discovery are not egress`,
  `${RULE_INDENT}oifname "lo" accept`,
  `${RULE_INDENT}icmpv6 type { nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert, mld-listener-report, mld2-listener-report } accept`,
];

export function renderNftables(plan: FirewallPlan, policyName: string): string {
  const sets = new SetRegistry();
  const audit = plan.mode === 'audit';
  const chain: string[] = [
    `${INDENT}chain ${plan.hook} {`,
    `${RULE_INDENT}type filter hook ${plan.hook} priority filter; policy ${
      audit || plan.rules[plan.rules.length - 1]?.verdict === 'accept' ? 'accept' : 'drop'
    };`,
    '',
    `${RULE_INDENT}ct state established,related accept`,
    '',
  ];
  if (plan.hook === 'output') chain.push(...OUTPUT_EXEMPTIONS, '');
  const guard = guardLines(plan, sets);
  if (guard.length > 0) chain.push(...guard, '');
  plan.rules.forEach((rule, i) => {
    chain.push(...ruleLines(rule, sets, plan.mode));
    if (i < plan.rules.length - 1) chain.push('');
  });
  chain.push(`${INDENT}}`);
  const hookText =
    plan.hook === 'forward' ? 'forward hook: an egress gateway' : 'output hook: a host firewall';
  const preamble = [
    `# Egress policy "${policyName}" for nftables (${hookText}). Load with: nft -f egress.nft`,
    '# The first two statements create the table if it is missing and delete it, so that loading',
    '# replaces any earlier version atomically, in one transaction.',
    ...(audit
      ? [
          '# Audit mode: what the policy would deny (a rule, the default or the inbound guard) is',
          `# logged with the prefix "${AUDIT_LOG_TAG}:<rule> " and accepted; nothing is blocked.`,
        ]
      : [
          '# Established and related traffic passes; deny rules reject (TCP reset, else ICMP',
          '# administratively prohibited) so that internal clients fail fast; the inbound guard',
          '# drops silently.',
        ]),
    `# Other tables' chains on the same hook still apply: a packet must pass all of them.`,
    `table inet ${NFT_TABLE}`,
    `delete table inet ${NFT_TABLE}`,
    '',
    `table inet ${NFT_TABLE} {`,
  ];
  const rejects = !audit && plan.rules.some((r) => r.verdict === 'reject');
  return [
    ...preamble,
    ...sets.lines(),
    ...(rejects ? REJECT_CHAIN_LINES : []),
    ...chain,
    '}',
    '',
  ].join('\n');
}

function exportNftables(input: ExportInput, options: ExportOptions): ExportResult {
  const mode = optionValue(options, MODE_OPTION);
  const plan = planFirewall(input.policy, input.topology, optionValue(options, HOOK_OPTION), mode);
  const body = renderNftables(plan, input.policy.name);
  const banner =
    mode === 'audit'
      ? auditBanner('#', input.policy.name, `kernel log prefix "${AUDIT_LOG_TAG}:<rule> "`)
      : '';
  return {
    target: 'nftables',
    files: [
      { path: 'egress.nft', content: banner + withHeader(body, input, 'nftables', '#') },
      ...selfTestFiles(
        input,
        options,
        'nftables',
        planFirewall(input.policy, input.topology, plan.hook),
      ),
    ],
    fidelity: plan.fidelity,
  };
}

export const nftablesExporter: Exporter = {
  target: 'nftables',
  description: 'nftables ruleset (egress.nft) for an egress gateway or, with --hook output, a host',
  options: [HOOK_OPTION, MODE_OPTION, SELF_TEST_OPTION],
  run: exportNftables,
};
