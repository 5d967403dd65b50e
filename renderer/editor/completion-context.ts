/**
 * What completion offers at a position: the grammar's answer (`completionAt`, in the
 * simulator) plus the topology names after `role:`, `node:` and `zone:`. Pure, so it is
 * unit-tested without Monaco.
 */
import { completionAt, type CompletionItemKind, type Topology } from '../../simulator/index.js';

export type CompletionSlot =
  /** After `role:`, `node:` or `zone:` (with the prefix typed so far). */
  | { kind: 'topology'; prefix: 'role' | 'node' | 'zone'; partial: string }
  | {
      kind: 'grammar';
      statementStart: boolean;
      keywords: string[];
      item: CompletionItemKind | null;
    };

/** `text` is the document up to the cursor (or its last lines: a statement is short). */
export function completionSlot(text: string): CompletionSlot {
  const topo = /(?:^|[\s,])(role|node|zone):([a-z0-9_-]*)$/.exec(text);
  if (topo && !/#[^\n]*$/.test(text))
    return { kind: 'topology', prefix: topo[1] as 'role' | 'node' | 'zone', partial: topo[2]! };
  return { kind: 'grammar', ...completionAt(text, text.length) };
}

export interface RoleChoice {
  role: string;
  /** The nodes that have the role. */
  nodes: string[];
  /** Only nodes in external zones have it: as a source the outbound-only guard denies it. */
  externalOnly: boolean;
}

/** Roles in the order completion offers them: internal roles first, external-only last. */
export function rankRoles(topology: Topology): RoleChoice[] {
  const external = new Set(topology.zones.filter((z) => z.kind === 'external').map((z) => z.id));
  const byRole = new Map<string, RoleChoice>();
  for (const n of topology.nodes)
    for (const role of n.roles) {
      const choice = byRole.get(role) ?? { role, nodes: [], externalOnly: true };
      choice.nodes.push(n.id);
      if (!external.has(n.zone)) choice.externalOnly = false;
      byRole.set(role, choice);
    }
  return [...byRole.values()].sort(
    (a, b) => Number(a.externalOnly) - Number(b.externalOnly) || a.role.localeCompare(b.role),
  );
}
