/**
 * The catalog of node kinds as the canvas needs it: label, category and colour come from
 * the engine's catalog (`NODE_KINDS`); icons are drawn in renderer/icons.
 */
import { CATEGORY_LABELS, NODE_KINDS, getNodeKind, type NodeKind } from '../../simulator/index.js';

export interface KindStyle {
  kind: string;
  label: string;
  /** The palette section, e.g. "Compute". */
  category: string;
  description: string;
  color: string;
  /** Whether nodes of this kind normally live outside the platform (an external zone). */
  external: boolean;
  suggestedRoles: string[];
}

const GENERIC: KindStyle = {
  kind: 'generic',
  label: 'Generic',
  category: 'Other',
  description: 'Anything else',
  color: '#6b7280',
  external: false,
  suggestedRoles: [],
};

function toStyle(k: NodeKind): KindStyle {
  return {
    kind: k.kind,
    label: k.label,
    category: CATEGORY_LABELS[k.category],
    description: k.description,
    color: k.color,
    external: k.external,
    suggestedRoles: [...k.roles],
  };
}

export const KIND_STYLES: readonly KindStyle[] = NODE_KINDS.map(toStyle);

export function kindStyle(kind: string): KindStyle {
  const k = getNodeKind(kind);
  return k ? toStyle(k) : { ...GENERIC, label: kind === '' ? GENERIC.label : kind };
}

/** Palette sections in catalog order. */
export function kindsByCategory(): { category: string; kinds: KindStyle[] }[] {
  const sections: { category: string; kinds: KindStyle[] }[] = [];
  for (const k of KIND_STYLES) {
    let section = sections.find((s) => s.category === k.category);
    if (!section) {
      section = { category: k.category, kinds: [] };
      sections.push(section);
    }
    section.kinds.push(k);
  }
  return sections;
}
