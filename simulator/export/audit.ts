/**
 * The connection-path audit (docs/exporters.md): `egress-inventory.md` for reviewers — a summary,
 * every outside destination with who reaches it, on what, by which rule and why, every
 * path per node, and the drawn edges the policy denies — and `egress-inventory.csv` with
 * the same facts, one path or denied edge per line, for spreadsheets and diffs.
 *
 * The facts come from the simulator (audit-reach.ts), so the audit is exact by
 * construction: every rule's fidelity is `exact`.
 */
import type { Rule } from '../core/model.js';
import { edgeLabel } from '../engine/index.js';
import { probeText, auditFacts } from './audit-reach.js';
import type { AuditDestination, AuditFacts, AuditPath } from './audit-reach.js';
import { withHeader } from './header.js';
import type { ExportInput, ExportResult, Exporter } from './types.js';

export const AUDIT_TARGET = 'audit';

export const CSV_HEADER = [
  'record',
  'source_node',
  'source_roles',
  'destination',
  'destination_kind',
  'zone',
  'host',
  'ip',
  'service',
  'method',
  'path',
  'verdict',
  'rule',
  'logged',
  'rule_description',
  'edge_note',
] as const;

/** The generated-file header as HTML comments, which Markdown renders as nothing. */
export function markdownHeader(body: string, input: ExportInput, target: string): string {
  const full = withHeader(body, input, target, '<!--');
  const lines = full.split('\n');
  for (let i = 0; i < 3; i++) lines[i] = `${lines[i]} -->`;
  return lines.join('\n');
}

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim() || '—';
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [row(head), `|${head.map(() => ' --- ').join('|')}|`, ...rows.map(row)];
}

/** A description on one line (comment blocks wrap their text). */
function oneLine(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

function ruleText(rule: Rule | null, fallback: string): string {
  if (rule === null) return fallback;
  return rule.log ? `${rule.id} (logged)` : rule.id;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function byDestination(facts: AuditFacts): Map<AuditDestination, AuditPath[]> {
  const out = new Map<AuditDestination, AuditPath[]>();
  for (const d of facts.destinations) out.set(d, []);
  for (const p of facts.paths) out.get(p.destination)!.push(p);
  return out;
}

function summary(input: ExportInput, facts: AuditFacts, reached: AuditDestination[]): string[] {
  const policy = input.policy;
  const sourcesWithPaths = unique(facts.paths.map((p) => p.source));
  const anything = reached.filter((d) => d.kind === 'anything-else');
  const lines = [
    `# Egress inventory — ${input.project.name}`,
    '',
    `Policy **${policy.name}** (${input.project.policyFile}), ${policy.rules.length} rules, default **${policy.default.action}**${policy.default.log ? ' (logged)' : ''}.`,
    '',
    '## Summary',
    '',
    `- ${facts.paths.length} allowed paths from ${sourcesWithPaths.length} of ${facts.sources.length} internal nodes to ${reached.filter((d) => d.kind !== 'anything-else').length} destinations (${facts.probesTried} flows simulated).`,
    `- ${facts.deniedEdges.length} drawn ${facts.deniedEdges.length === 1 ? 'edge is' : 'edges are'} denied by the policy.`,
  ];
  if (anything.length > 0) {
    const who = unique(
      facts.paths.filter((p) => p.destination.kind === 'anything-else').map((p) => p.source.id),
    );
    lines.push(
      `- **Open egress:** ${who.join(', ')} may reach destinations the policy does not name (${anything.map((d) => d.label).join('; ')}).`,
    );
  } else {
    lines.push('- Nothing the policy does not name is reachable.');
  }
  if (input.topology === undefined) {
    lines.push('- No topology: there are no nodes to audit; export with a topology for the paths.');
  }
  return lines;
}

function destinationsSection(facts: AuditFacts, reached: AuditDestination[]): string[] {
  const grouped = byDestination(facts);
  const rows = reached.map((d) => {
    const paths = grouped.get(d)!;
    const roles = unique(paths.flatMap((p) => p.source.roles));
    const nodes = unique(paths.map((p) => p.source.id));
    const rules = unique(paths.map((p) => p.rule));
    return [
      d.label,
      d.zone,
      unique(paths.map((p) => probeText(p.probe))).join(', '),
      `${roles.length > 0 ? `roles ${roles.join(', ')}; ` : ''}nodes ${nodes.join(', ')}`,
      unique(paths.map((p) => ruleText(p.rule, p.verdict.rule))).join(', '),
      unique(
        rules.map((r) => (r === null ? '' : oneLine(r.description))).filter((t) => t !== ''),
      ).join(' / '),
      unique(paths.flatMap((p) => p.edgeNotes)).join('; '),
    ];
  });
  return [
    '## Reachable destinations',
    '',
    ...(rows.length === 0
      ? ['No destination outside is reachable.']
      : table(
          ['Destination', 'Zone', 'Services', 'Reached by', 'Allowed by', 'Why', 'Edge notes'],
          rows,
        )),
  ];
}

function pathsSection(facts: AuditFacts): string[] {
  const out = ['## Paths by source', ''];
  const sources = unique(facts.paths.map((p) => p.source));
  if (sources.length === 0) return [...out, 'No internal node may reach an outside destination.'];
  for (const source of sources) {
    const roles = source.roles.length > 0 ? ` (roles ${source.roles.join(', ')})` : '';
    out.push(`### ${source.id}${roles}`, '');
    const rows = facts.paths
      .filter((p) => p.source === source)
      .map((p) => [
        p.destination.label,
        probeText(p.probe),
        ruleText(p.rule, p.verdict.rule),
        p.edgeNotes.join('; '),
      ]);
    out.push(...table(['Destination', 'Service', 'Rule', 'Edge note'], rows), '');
  }
  return out.slice(0, -1);
}

function deniedSection(facts: AuditFacts): string[] {
  const rows = facts.deniedEdges.map(({ edge, result }) => [
    edgeLabel(edge),
    result.actual === null ? 'not testable' : result.actual.verdict,
    result.actual === null ? (result.problem ?? '') : result.actual.rule,
    edge.note ?? '',
  ]);
  return [
    '## Drawn but denied',
    '',
    ...(rows.length === 0
      ? ['Every drawn edge is allowed by the policy.']
      : table(['Edge', 'Verdict', 'Decided by', 'Note'], rows)),
  ];
}

export function auditMarkdown(input: ExportInput, facts: AuditFacts): string {
  const grouped = byDestination(facts);
  const reached = facts.destinations.filter((d) => grouped.get(d)!.length > 0);
  const sections = [
    summary(input, facts, reached),
    destinationsSection(facts, reached),
    pathsSection(facts),
    deniedSection(facts),
  ];
  return sections.map((s) => s.join('\n')).join('\n\n') + '\n';
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsv(facts: AuditFacts): string {
  const lines = [CSV_HEADER.join(',')];
  for (const p of facts.paths) {
    lines.push(
      [
        'path',
        p.source.id,
        p.source.roles.join(' '),
        p.destination.label,
        p.destination.kind,
        p.destination.zone,
        p.destination.host ?? '',
        p.destination.ip ?? '',
        p.probe.port === undefined ? p.probe.proto : `${p.probe.proto}/${p.probe.port}`,
        p.probe.method ?? '',
        p.probe.path ?? '',
        p.verdict.verdict,
        p.verdict.rule,
        String(p.verdict.log),
        oneLine(p.rule?.description ?? null),
        p.edgeNotes.join('; '),
      ]
        .map(csvField)
        .join(','),
    );
  }
  for (const { edge, result } of facts.deniedEdges) {
    const flow = result.flow;
    lines.push(
      [
        'denied-edge',
        edge.from,
        '',
        edge.to,
        'node',
        '',
        flow?.host ?? '',
        flow?.ip ?? '',
        edge.service,
        '',
        '',
        result.actual?.verdict ?? 'not testable',
        result.actual?.rule ?? result.problem ?? '',
        String(result.actual?.log ?? false),
        '',
        edge.note ?? '',
      ]
        .map(csvField)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}

export function exportAudit(input: ExportInput): ExportResult {
  const facts = auditFacts(input.policy, input.topology);
  return {
    target: AUDIT_TARGET,
    files: [
      {
        path: 'egress-inventory.md',
        content: markdownHeader(auditMarkdown(input, facts), input, AUDIT_TARGET),
      },
      {
        path: 'egress-inventory.csv',
        content: withHeader(auditCsv(facts), input, AUDIT_TARGET, '#'),
      },
    ],
    // The audit reports the simulator's own verdicts.
    fidelity: [
      ...input.policy.rules.map((r) => ({ rule: r.id, fidelity: 'exact' as const })),
      { rule: 'default', fidelity: 'exact' as const },
    ],
  };
}

export const auditExporter: Exporter = {
  target: AUDIT_TARGET,
  description:
    'Connection-path audit: every reachable outside destination (egress-inventory.md, .csv)',
  options: [],
  run: (input) => exportAudit(input),
};
