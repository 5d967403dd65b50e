/**
 * Hover text (Markdown) for names in a policy: rules, sets, and topology references.
 * Pure, so it is unit-tested; the hover provider only finds the name under the cursor.
 */
import {
  pathPatternText,
  peerItemText,
  reviewFields,
  reviewOverdue,
  utcToday,
  serviceItemText,
  type PolicyModel,
  type Topology,
} from '../../simulator/index.js';

function code(text: string): string {
  return '`' + text.replace(/`/g, "'") + '`';
}

function list(items: string[], max = 8): string {
  if (items.length === 0) return '—';
  const shown = items.slice(0, max).map(code).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

export function describeSymbol(
  symbol: { kind: string; name: string },
  topology: Topology | null,
  model: PolicyModel | null,
  /** YYYY-MM-DD; a rule whose review-by date is before it is marked overdue. */
  today: string = utcToday(),
): string {
  const { kind, name } = symbol;
  if (kind === 'node') {
    const n = topology?.nodes.find((x) => x.id === name);
    if (!n) return `**node:${name}** — not in the topology`;
    const lines = [
      `**node:${name}** — ${n.label ?? n.kind}`,
      '',
      `kind ${code(n.kind)} · zone ${code(n.zone)}`,
    ];
    if (n.roles.length) lines.push('', `roles ${list(n.roles)}`);
    if (n.addresses.length) lines.push('', `addresses ${list(n.addresses)}`);
    if (n.hosts.length) lines.push('', `hosts ${list(n.hosts)}`);
    if (n.note) lines.push('', n.note);
    return lines.join('\n');
  }
  if (kind === 'role') {
    const nodes = topology?.nodes.filter((n) => n.roles.includes(name)).map((n) => n.id) ?? [];
    return nodes.length === 0
      ? `**role:${name}** — no node of the topology has this role`
      : `**role:${name}** — ${nodes.length} node${nodes.length === 1 ? '' : 's'}: ${list(nodes)}`;
  }
  if (kind === 'zone') {
    const z = topology?.zones.find((x) => x.id === name);
    if (!z) return `**zone:${name}** — not in the topology`;
    const members = topology?.nodes.filter((n) => n.zone === name).map((n) => n.id) ?? [];
    return [
      `**zone:${name}** — ${z.kind}${z.label ? ` · ${z.label}` : ''}`,
      '',
      `CIDRs ${list(z.cidrs)}`,
      '',
      `nodes ${list(members)}`,
    ].join('\n');
  }
  const rule = model?.rules.find((r) => r.id === name);
  if (rule) {
    const lines = [
      `**${rule.action} ${rule.id}** — rule ${rule.index + 1}${rule.log ? ', logged' : ''}`,
      '',
      `from ${list(rule.from.map(peerItemText))}`,
      '',
      `to ${list(rule.to.map(peerItemText))}`,
    ];
    if (rule.services) lines.push('', `on ${list(rule.services.map(serviceItemText))}`);
    if (rule.methods) lines.push('', `methods ${list(rule.methods)}`);
    if (rule.paths) lines.push('', `paths ${list(rule.paths.map(pathPatternText))}`);
    if (rule.description) lines.push('', '---', '', rule.description);
    const review = reviewFields(rule.review);
    if (review.length > 0) {
      const late = reviewOverdue(rule.review, today) ? ' · **review overdue**' : '';
      lines.push('', review.map(code).join(' · ') + late);
    }
    return lines.join('\n');
  }
  const set = model?.sets.find((s) => s.name === name);
  if (set) {
    const members =
      set.kind === 'hosts'
        ? set.hosts.map(peerItemText)
        : set.kind === 'nets'
          ? set.nets.map(peerItemText)
          : set.services.map(serviceItemText);
    const lines = [
      `**${set.kind} ${set.name}** — ${members.length} member${members.length === 1 ? '' : 's'}`,
      '',
      list(members, 12),
    ];
    if (set.description) lines.push('', '---', '', set.description);
    return lines.join('\n');
  }
  if (name === 'default') return '**default** — the decision when no rule matches';
  if (name === 'inbound')
    return '**inbound** — the outbound-only guard: flows from external sources are denied';
  return `**${name}**`;
}
