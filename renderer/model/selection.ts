/**
 * What is selected on the canvas, in document terms. React Flow's own `selected` flags are
 * derived from this, so selection survives the re-derivation of nodes after every edit.
 */
export interface Selection {
  nodes: string[];
  /** Indexes into `topology.edges`. */
  edges: number[];
  zones: string[];
}

export const EMPTY_SELECTION: Selection = { nodes: [], edges: [], zones: [] };

export function isEmptySelection(s: Selection): boolean {
  return s.nodes.length === 0 && s.edges.length === 0 && s.zones.length === 0;
}

/** Canvas element ids are prefixed so nodes, zones and edges never collide. */
export const nodeElementId = (id: string): string => `n:${id}`;
export const zoneElementId = (id: string): string => `z:${id}`;
export const edgeElementId = (index: number): string => `e:${index}`;

export type ElementRef =
  { type: 'node'; id: string } | { type: 'zone'; id: string } | { type: 'edge'; index: number };

export function parseElementId(elementId: string): ElementRef | null {
  const kind = elementId.slice(0, 2);
  const rest = elementId.slice(2);
  if (kind === 'n:') return { type: 'node', id: rest };
  if (kind === 'z:') return { type: 'zone', id: rest };
  if (kind === 'e:' && /^\d+$/.test(rest)) return { type: 'edge', index: Number(rest) };
  return null;
}

/** Applies React Flow `select` changes (element id + selected flag) to a selection. */
export function applySelectChanges(
  s: Selection,
  changes: readonly { id: string; selected: boolean }[],
): Selection {
  if (changes.length === 0) return s;
  const nodes = new Set(s.nodes);
  const zones = new Set(s.zones);
  const edges = new Set(s.edges);
  for (const c of changes) {
    const ref = parseElementId(c.id);
    if (!ref) continue;
    if (ref.type === 'edge') {
      if (c.selected) edges.add(ref.index);
      else edges.delete(ref.index);
    } else {
      const set = ref.type === 'node' ? nodes : zones;
      if (c.selected) set.add(ref.id);
      else set.delete(ref.id);
    }
  }
  return { nodes: [...nodes], edges: [...edges].sort((a, b) => a - b), zones: [...zones] };
}
