/**
 * `squid` target (docs/exporters.md): a complete, loadable `squid.conf` for a forward proxy that
 * enforces the policy (what each rule becomes is decided in squid-plan.ts).
 *
 * Every decision is recorded: each `http_access` line ends with an `annotate_transaction`
 * ACL naming its rule, so the access log says which rule decided each request, and requests
 * decided by a rule (or default) with `log` also go to a second log of their own.
 */
import { withHeader } from './header.js';
import { SELF_TEST_OPTION } from './self-test-script.js';
import { squidSelfTestFiles } from './self-test-squid-script.js';
import { commentBlock } from './model/rule-comments.js';
import { AUDIT_LOG_TAG, auditBanner, MODE_OPTION } from './export-mode.js';
import {
  LOGGED_ACL,
  planSquid,
  WOULD_DENY_ACL,
  type SquidAcl,
  type SquidPlan,
} from './squid-plan.js';
import {
  optionValue,
  type Exporter,
  type ExportInput,
  type ExportOptions,
  type ExportResult,
} from './types.js';

/** Values per `acl` line: Squid appends repeated `acl` lines of one name. */
const VALUES_PER_LINE = 8;
/** ACL types whose values are one unit (a key and its value) and must stay on one line. */
const UNSPLIT_TYPES = new Set(['note', 'annotate_transaction']);

export const SQUID_LOG_FORMAT =
  'logformat egress %ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm %ru %Sh/%<a %mt rule=%{egress_rule}note';
/** Audit mode: the same line and the would-be verdict of the deciding rule. */
export const SQUID_AUDIT_LOG_FORMAT = `${SQUID_LOG_FORMAT} would=%{egress_verdict}note`;

function aclLines(acl: SquidAcl): string[] {
  if (UNSPLIT_TYPES.has(acl.type)) return [`acl ${acl.name} ${acl.type} ${acl.values.join(' ')}`];
  const lines: string[] = [];
  for (let i = 0; i < acl.values.length; i += VALUES_PER_LINE) {
    const chunk = acl.values.slice(i, i + VALUES_PER_LINE);
    lines.push(`acl ${acl.name} ${acl.type} ${chunk.join(' ')}`);
  }
  return lines;
}

export function renderSquid(plan: SquidPlan, policyName: string): string {
  const audit = plan.mode === 'audit';
  const out: string[] = [
    `# Egress policy "${policyName}" for a Squid forward proxy. Check with: squid -k parse -f squid.conf`,
    '# Clients send plain-HTTP requests (absolute URLs) and HTTPS as CONNECT tunnels to this proxy.',
    '# The first matching http_access line decides, as the first matching rule does.',
    ...(audit
      ? [
          '# Audit mode: every http_access line allows; the access log shows the rule that decided',
          '# and what it would do (would=allow|deny); would-be denials also go to egress-audit.log.',
        ]
      : []),
    '',
    '# --- Deployment settings: adjust to the host ---',
    `http_port ${plan.port}`,
    '# An egress proxy enforces, it does not cache: every request is checked and fetched.',
    'cache deny all',
    '',
    '# --- ACLs ---',
    ...plan.acls.flatMap(aclLines),
    '',
    '# --- Access rules, in policy order ---',
  ];
  for (const block of plan.blocks) {
    out.push(...commentBlock(block.comment, '#'));
    for (const line of block.lines) out.push(`http_access ${line.action} ${line.acls.join(' ')}`);
    out.push('');
  }
  out.push(
    '# --- Logs: every request with the rule that decided it; logged rules also to their own file ---',
    audit ? SQUID_AUDIT_LOG_FORMAT : SQUID_LOG_FORMAT,
    'access_log daemon:/var/log/squid/access.log logformat=egress',
    `access_log daemon:/var/log/squid/egress-logged.log logformat=egress ${LOGGED_ACL}`,
    ...(audit
      ? [`access_log daemon:/var/log/squid/${AUDIT_LOG_TAG}.log logformat=egress ${WOULD_DENY_ACL}`]
      : []),
    '',
  );
  return out.join('\n');
}

function exportSquid(input: ExportInput, options: ExportOptions): ExportResult {
  const mode = optionValue(options, MODE_OPTION);
  const plan = planSquid(input.policy, input.topology, mode);
  const body = renderSquid(plan, input.policy.name);
  const banner =
    mode === 'audit'
      ? auditBanner('#', input.policy.name, 'access log: rule=<rule> would=deny')
      : '';
  return {
    target: 'squid',
    files: [
      { path: 'squid.conf', content: banner + withHeader(body, input, 'squid', '#') },
      ...squidSelfTestFiles(input, options, plan),
    ],
    fidelity: plan.fidelity,
  };
}

export const squidExporter: Exporter = {
  target: 'squid',
  description: 'Squid forward-proxy configuration (squid.conf) with per-rule access logging',
  options: [MODE_OPTION, SELF_TEST_OPTION],
  run: exportSquid,
};
