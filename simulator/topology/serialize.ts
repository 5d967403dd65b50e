/**
 * `Topology` → `topology.yaml`, deterministically (docs/topology.md): stable key order, empty
 * optional fields left out, two-space indentation, short lists of scalars and positions in
 * flow style (`[10.0.0.0/16]`, `{x: 120, y: 80}`), integer positions, LF line endings and a
 * final newline. Saving an unchanged topology gives identical bytes; quoting is left to the
 * `yaml` library so every string reads back as itself.
 */
import { Document, isMap, isSeq } from 'yaml';
import type { Point, Topology, TopologyEdge, TopologyNode, Zone } from '../core/model.js';
import { TOPOLOGY_FORMAT_VERSION } from '../core/model.js';

/** A flow list longer than this (with its key and indentation) is written one item a line. */
const MAX_LINE = 100;
/** Item fields sit under `  - `, four columns in. */
const FIELD_INDENT = 4;

const TO_STRING = {
  indent: 2,
  indentSeq: true,
  lineWidth: 0,
  minContentWidth: 0,
  flowCollectionPadding: false,
} as const;

function nonEmpty(text: string | undefined): text is string {
  return text !== undefined && text !== '';
}

function zoneData(zone: Zone): Record<string, unknown> {
  const out: Record<string, unknown> = { id: zone.id, kind: zone.kind };
  if (nonEmpty(zone.label)) out.label = zone.label;
  if (zone.cidrs.length > 0) out.cidrs = [...zone.cidrs];
  return out;
}

function positionData(p: Point | undefined): Point | undefined {
  if (!p || !Number.isFinite(p.x) || !Number.isFinite(p.y)) return undefined;
  // `|| 0` turns -0 into 0, which YAML would otherwise write as "-0".
  return { x: Math.round(p.x) || 0, y: Math.round(p.y) || 0 };
}

function nodeData(node: TopologyNode): Record<string, unknown> {
  const out: Record<string, unknown> = { id: node.id, kind: node.kind };
  if (nonEmpty(node.label)) out.label = node.label;
  out.zone = node.zone;
  if (node.roles.length > 0) out.roles = [...node.roles];
  if (node.addresses.length > 0) out.addresses = [...node.addresses];
  if (node.hosts.length > 0) out.hosts = [...node.hosts];
  const position = positionData(node.position);
  if (position) out.position = position;
  if (nonEmpty(node.note)) out.note = node.note;
  return out;
}

function edgeData(edge: TopologyEdge): Record<string, unknown> {
  const out: Record<string, unknown> = { from: edge.from, to: edge.to, service: edge.service };
  if (nonEmpty(edge.note)) out.note = edge.note;
  return out;
}

/** `[a, b]` as this list would be written in flow style. */
function flowText(items: readonly string[]): string {
  const doc = new Document([...items]);
  if (isSeq(doc.contents)) doc.contents.flow = true;
  return doc.toString(TO_STRING).trimEnd();
}

function markFlowLists(doc: Document, section: 'zones' | 'nodes', keys: readonly string[]): void {
  const list = doc.get(section, true);
  if (!isSeq(list)) return;
  list.items.forEach((_, index) => {
    for (const key of keys) {
      const seq = doc.getIn([section, index, key], true);
      if (!isSeq(seq)) continue;
      const values = (seq.toJSON() as unknown[]).map(String);
      const width = FIELD_INDENT + key.length + 2 + flowText(values).length;
      seq.flow = width <= MAX_LINE && !values.some((v) => v.includes('\n'));
    }
    const position = doc.getIn([section, index, 'position'], true);
    if (isMap(position)) position.flow = true;
  });
}

export function serializeTopology(t: Topology): string {
  const data: Record<string, unknown> = {
    version: Number.isInteger(t.version) && t.version > 0 ? t.version : TOPOLOGY_FORMAT_VERSION,
    name: t.name,
  };
  if (t.zones.length > 0) data.zones = t.zones.map(zoneData);
  if (t.nodes.length > 0) data.nodes = t.nodes.map(nodeData);
  if (t.edges.length > 0) data.edges = t.edges.map(edgeData);

  const doc = new Document(data);
  markFlowLists(doc, 'zones', ['cidrs']);
  markFlowLists(doc, 'nodes', ['roles', 'addresses', 'hosts']);
  const text = doc.toString(TO_STRING);
  return text.endsWith('\n') ? text : `${text}\n`;
}
