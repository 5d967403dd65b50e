/**
 * The audit (docs/exporters.md "The audit inventory"): the exact inventory of what the policy
 * allows, from the whole-space analysis (simulator/analysis/inventory.ts), for three readers:
 * `egress-inventory.md` for reviewers (broad classes first, then every class with its rule,
 * owner, review date, reason, edge notes and witness, then the drawn edges the policy
 * denies), `egress-inventory.csv` for spreadsheets and diffs, `egress-inventory.json` for
 * tools. No date of today enters the files, so they stay byte-stable: the review-by date is
 * printed, and whoever reads it (the app) judges whether it has passed.
 */
import {
  buildInventory,
  type DeniedEdge,
  type Inventory,
  type InventoryClass,
  type InventoryDestination,
  type InventoryFinding,
  type InventorySources,
} from '../analysis/inventory.js';
import type { Flow } from '../core/model.js';
import { edgeLabel } from '../engine/index.js';
import { sha256Hex } from '../util/sha256.js';
import { GENERATED_MARKER, withHeader } from './header.js';
import type { ExportInput, ExportResult, Exporter } from './types.js';

export const AUDIT_TARGET = 'audit';

export const CSV_HEADER = [
  'record',
  'class',
  'sources',
  'destinations',
  'services',
  'methods',
  'paths',
  'rule',
  'logged',
  'owner',
  'ticket',
  'review_by',
  'rule_description',
  'edge_notes',
  'finding',
  'witness',
] as const;

/** The generated-file header as HTML comments, which Markdown renders as nothing. */
export function markdownHeader(body: string, input: ExportInput, target: string): string {
  const full = withHeader(body, input, target, '<!--');
  const lines = full.split('\n');
  for (let i = 0; i < 3; i++) lines[i] = `${lines[i]} -->`;
  return lines.join('\n');
}

/** JSON has no comments: the header's lines are the first field, the hash covers the rest. */
function jsonWithHeader(body: object, input: ExportInput, target: string): string {
  const text = JSON.stringify(body, null, 2);
  const generated = [
    `${GENERATED_MARKER} (target: ${target}). Do not edit: change the policy and export again.`,
    `Project: ${input.project.name}; policy: ${input.project.policyFile} (policy ${input.policy.name})`,
    `Content hash: sha256:${sha256Hex(text)}`,
  ];
  return JSON.stringify({ generated, ...body }, null, 2) + '\n';
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
function oneLine(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

export function sourcesText(s: InventorySources): string {
  const parts = [...s.labels, ...s.nodes.map((n) => `node:${n}`), ...s.addresses];
  if (s.otherNames) parts.push('any other source name');
  return parts.join(', ');
}

function nameText(name: string): string {
  if (name === '*') return 'any other name';
  return name.startsWith('*.') ? `${name} (unlisted names)` : name;
}

export function destinationText(d: InventoryDestination): string {
  const names = [
    ...(d.anyName ? ['any name'] : []),
    ...(d.unlistedNames ? ['any name no node lists'] : []),
    ...d.names.map(nameText),
  ].join(', ');
  const named = d.noName ? (names === '' ? 'no name' : `${names} or no name`) : names;
  const anyAddress = d.ipsExcept !== undefined && d.ipsExcept.length === 0;
  if (anyAddress && d.noIp && !d.noName) return named;
  const addresses =
    d.ips !== undefined
      ? d.ips.join(', ')
      : anyAddress
        ? 'any address'
        : `any address but ${d.ipsExcept!.join(', ')}`;
  return `${named} at ${addresses}${d.noIp ? ', or none' : ''}`;
}

export function httpText(c: Pick<InventoryClass, 'methods' | 'paths'>): string {
  const parts: string[] = [];
  if (c.methods) {
    parts.push(
      `methods ${c.methods.map((m) => (m === '(none)' ? 'none' : m === '(other)' ? 'others' : m)).join(', ')}`,
    );
  }
  if (c.paths) {
    const paths = c.paths.map((p) =>
      typeof p === 'string' ? 'none' : p.length === 0 ? 'others' : p.join(' & '),
    );
    parts.push(`paths ${paths.join(', ')}`);
  }
  return parts.join('; ');
}

export function classText(c: InventoryClass): string {
  const http = httpText(c);
  return `from ${sourcesText(c.sources)} to ${c.destinations.map(destinationText).join('; ')} on ${c.services.join(', ')}${http === '' ? '' : ` (${http})`}`;
}

function ruleText(c: Pick<InventoryClass, 'rule' | 'log'>): string {
  return c.log ? `${c.rule} (logged)` : c.rule;
}

function flowJson(flow: Flow): string {
  return `\`${JSON.stringify(flow)}\``;
}

const FINDING_TITLES: Record<InventoryFinding['kind'], string> = {
  'any-destination': 'any destination',
  'wide-range': 'wide address range',
  metadata: 'metadata service',
  'all-ports': 'all ports',
  'raw-address': 'raw address',
};

function summary(input: ExportInput, inventory: Inventory): string[] {
  const policy = input.policy;
  const rules = new Set(inventory.allowed.map((c) => c.rule));
  const open = inventory.findings.some((f) => f.kind === 'any-destination');
  const lines = [
    `# Egress inventory — ${input.project.name}`,
    '',
    `Policy **${policy.name}** (${input.project.policyFile}), ${policy.rules.length} rules, default **${policy.default.action}**${policy.default.log ? ' (logged)' : ''}.`,
    '',
    '## Summary',
    '',
    `- ${inventory.allowed.length} ${inventory.allowed.length === 1 ? 'class' : 'classes'} of allowed flows, decided by ${rules.size} ${rules.size === 1 ? 'rule' : 'rules'}. The classes are exact, from the whole-space analysis: every flow the policy allows lies in exactly one class, and no other flow lies in any.`,
    `- ${inventory.findings.length} ${inventory.findings.length === 1 ? 'broad class finding' : 'broad class findings'}.`,
    open
      ? '- **Open egress:** some classes reach names that neither the policy nor the topology mentions (see the findings).'
      : '- No allowed flow reaches, by name alone, a name outside those the policy and the topology mention and their wildcards.',
    `- ${inventory.deniedEdges.length} drawn ${inventory.deniedEdges.length === 1 ? 'edge is' : 'edges are'} denied by the policy.`,
  ];
  if (input.topology === undefined) {
    lines.push('- No topology: sources are the names the policy mentions and any other name.');
  }
  return lines;
}

function findingsSection(inventory: Inventory): string[] {
  const rows = inventory.findings.map((f) => {
    const c = inventory.allowed[f.class - 1]!;
    return [
      FINDING_TITLES[f.kind],
      String(f.class),
      ruleText(c),
      c.owner ?? '',
      c.reviewBy ?? '',
      f.message,
      flowJson(f.witness),
    ];
  });
  return [
    '## Findings',
    '',
    ...(rows.length === 0
      ? [
          'No class is broad: no open destination, wide address range, every port, metadata service or unowned raw address.',
        ]
      : table(['Finding', 'Class', 'Rule', 'Owner', 'Review by', 'What', 'Witness'], rows)),
  ];
}

function classesSection(inventory: Inventory): string[] {
  const rows = inventory.allowed.map((c, i) => [
    String(i + 1),
    sourcesText(c.sources),
    c.destinations.map(destinationText).join('; '),
    c.services.join(', '),
    httpText(c),
    ruleText(c),
    c.owner ?? '',
    c.reviewBy ?? '',
    oneLine(c.description),
    c.edgeNotes.join('; '),
    flowJson(c.witness),
  ]);
  return [
    '## Allowed classes',
    '',
    ...(rows.length === 0
      ? ['The policy allows no flow.']
      : table(
          [
            'Class',
            'From',
            'To',
            'On',
            'HTTP',
            'Rule',
            'Owner',
            'Review by',
            'Why',
            'Edge notes',
            'Witness',
          ],
          rows,
        )),
  ];
}

function deniedSection(denied: readonly DeniedEdge[]): string[] {
  const rows = denied.map((d) => [
    edgeLabel(d.edge),
    d.verdict,
    d.rule,
    d.edge.note ?? '',
    flowJson(d.witness),
  ]);
  return [
    '## Drawn but denied',
    '',
    ...(rows.length === 0
      ? ['No drawn edge is denied outright by the policy.']
      : table(['Edge', 'Verdict', 'Decided by', 'Note', 'Witness'], rows)),
  ];
}

export function auditMarkdown(input: ExportInput, inventory: Inventory): string {
  const sections = [
    summary(input, inventory),
    findingsSection(inventory),
    classesSection(inventory),
    deniedSection(inventory.deniedEdges),
  ];
  return sections.map((s) => s.join('\n')).join('\n\n') + '\n';
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsv(inventory: Inventory): string {
  const lines = [CSV_HEADER.join(',')];
  const line = (cells: Partial<Record<(typeof CSV_HEADER)[number], string>>): void => {
    lines.push(CSV_HEADER.map((h) => csvField(cells[h] ?? '')).join(','));
  };
  const classCells = (c: InventoryClass, i: number) => ({
    class: String(i + 1),
    sources: sourcesText(c.sources),
    destinations: c.destinations.map(destinationText).join('; '),
    services: c.services.join(' '),
    methods: c.methods?.join(' ') ?? '',
    paths: httpText({ paths: c.paths }).replace(/^paths /, ''),
    rule: c.rule,
    logged: String(c.log),
    owner: c.owner ?? '',
    ticket: c.ticket ?? '',
    review_by: c.reviewBy ?? '',
  });
  for (const f of inventory.findings) {
    const c = inventory.allowed[f.class - 1]!;
    line({
      record: 'finding',
      ...classCells(c, f.class - 1),
      finding: `${f.kind}: ${f.message}`,
      witness: JSON.stringify(f.witness),
    });
  }
  inventory.allowed.forEach((c, i) =>
    line({
      record: 'class',
      ...classCells(c, i),
      rule_description: oneLine(c.description),
      edge_notes: c.edgeNotes.join('; '),
      witness: JSON.stringify(c.witness),
    }),
  );
  for (const d of inventory.deniedEdges) {
    line({
      record: 'denied-edge',
      sources: `node:${d.edge.from}`,
      destinations: `node:${d.edge.to}`,
      services: d.edge.service,
      rule: d.rule,
      edge_notes: d.edge.note ?? '',
      finding: `${edgeLabel(d.edge)}: ${d.verdict}`,
      witness: JSON.stringify(d.witness),
    });
  }
  return lines.join('\n') + '\n';
}

/** `egress-inventory.json`: the classes and findings as the analysis gives them. */
export function auditJson(inventory: Inventory): object {
  return {
    allowed: inventory.allowed,
    findings: inventory.findings,
    deniedEdges: inventory.deniedEdges.map((d) => ({
      edge: d.edge,
      verdict: d.verdict,
      rule: d.rule,
      witness: d.witness,
    })),
  };
}

export function exportAudit(input: ExportInput): ExportResult {
  const inventory = buildInventory(input.policy, input.topology);
  return {
    target: AUDIT_TARGET,
    files: [
      {
        path: 'egress-inventory.md',
        content: markdownHeader(auditMarkdown(input, inventory), input, AUDIT_TARGET),
      },
      {
        path: 'egress-inventory.csv',
        content: withHeader(auditCsv(inventory), input, AUDIT_TARGET, '#'),
      },
      {
        path: 'egress-inventory.json',
        content: jsonWithHeader(auditJson(inventory), input, AUDIT_TARGET),
      },
    ],
    // The inventory is the analysis's own reading of the policy.
    fidelity: [
      ...input.policy.rules.map((r) => ({ rule: r.id, fidelity: 'exact' as const })),
      { rule: 'default', fidelity: 'exact' as const },
    ],
  };
}

export const auditExporter: Exporter = {
  target: AUDIT_TARGET,
  description:
    'Exact egress inventory: every class of allowed flows with its rule, owner, review date and witness (egress-inventory.md, .csv, .json)',
  options: [],
  run: (input) => exportAudit(input),
};
