/**
 * Reads the plain data of a YAML topology into the model: shapes, types, required and
 * unknown keys. It keeps whatever it can (a scalar where a list belongs becomes a one-item
 * list, a number where a string belongs becomes its text) so that a file with mistakes
 * still opens and saving it loses nothing; every such repair is reported. The meaning of
 * the values (ids, CIDRs, references) is checked afterwards by `validate.ts` on the model.
 */
import type { Point, Topology, TopologyEdge, TopologyNode, Zone, ZoneKind } from '../core/model.js';
import { didYouMean } from '../util/suggest.js';
import type { FieldPath } from './field-path.js';
import { formatFieldPath } from './field-path.js';
import type { Report } from './findings.js';

type Raw = Record<string, unknown>;

export const TOP_LEVEL_KEYS = ['version', 'name', 'zones', 'nodes', 'edges'] as const;
export const ZONE_KEYS = ['id', 'kind', 'label', 'cidrs'] as const;
export const NODE_KEYS = [
  'id',
  'kind',
  'label',
  'zone',
  'roles',
  'addresses',
  'hosts',
  'position',
  'note',
] as const;
export const EDGE_KEYS = ['from', 'to', 'service', 'note'] as const;
const POSITION_KEYS = ['x', 'y'] as const;

export interface ReadResult {
  topology: Topology;
  /**
   * Model path → document path, for items and list entries whose place in the model differs
   * from their place in the file (an item that could not be read shifts the ones after it).
   */
  origins: Map<string, FieldPath>;
}

export function isMapping(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "the number 3", "a list", … for "expected X, found Y". */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  return `the ${typeof value} ${String(value)}`;
}

class Reader {
  readonly origins = new Map<string, FieldPath>();

  constructor(private readonly report: Report) {}

  wrongType(at: FieldPath, expected: string, value: unknown, advice = ''): void {
    this.report({
      name: 'wrongType',
      args: { expected, found: describeValue(value), advice },
      at,
    });
  }

  unknownKeys(raw: Raw, at: FieldPath, known: readonly string[]): void {
    for (const key of Object.keys(raw)) {
      if (known.includes(key)) continue;
      this.report({
        name: 'unknownKey',
        args: { suggestion: didYouMean(key, known), known: known.join(', ') },
        at: [...at, key],
        key: true,
      });
    }
  }

  /** A text field. Numbers and booleans are kept as their text, with an error. */
  string(raw: Raw, key: string, at: FieldPath, required?: { item: string; what: string }) {
    const value = raw[key];
    if (value === undefined || value === null) {
      if (required) {
        this.report({
          name: 'missingKey',
          args: { key, item: required.item, what: required.what },
          at: [...at, key],
        });
      }
      return undefined;
    }
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') {
      const advice =
        key === 'service' ? `; write tcp/${String(value)}` : `; quote it: "${String(value)}"`;
      this.wrongType([...at, key], 'a string', value, advice);
      return String(value);
    }
    this.wrongType([...at, key], 'a string', value);
    return undefined;
  }

  /** A list of strings; a lone scalar is read as a one-item list, with an error. */
  stringList(raw: Raw, key: string, at: FieldPath, modelAt: FieldPath): string[] {
    const value = raw[key];
    if (value === undefined || value === null) return [];
    const here = [...at, key];
    if (!Array.isArray(value)) {
      if (typeof value === 'string' || typeof value === 'number') {
        const text = String(value);
        this.wrongType(here, 'a list', value, `; write [${text}]`);
        this.origins.set(formatFieldPath([...modelAt, key, 0]), here);
        return [text];
      }
      this.wrongType(here, 'a list of strings', value);
      return [];
    }
    const out: string[] = [];
    value.forEach((entry: unknown, index) => {
      const entryAt = [...here, index];
      if (typeof entry === 'number' || typeof entry === 'boolean') {
        this.wrongType(entryAt, 'a string', entry, `; quote it: "${String(entry)}"`);
      } else if (typeof entry !== 'string') {
        this.wrongType(entryAt, 'a string', entry);
        return;
      }
      this.origins.set(formatFieldPath([...modelAt, key, out.length]), entryAt);
      out.push(String(entry));
    });
    return out;
  }

  /** A list of items; entries that are not mappings are reported and skipped. */
  items<T>(
    raw: Raw,
    key: string,
    what: string,
    readItem: (item: Raw, at: FieldPath, modelAt: FieldPath) => T,
  ): T[] {
    const value = raw[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.wrongType([key], `a list of ${what}s`, value);
      return [];
    }
    const out: T[] = [];
    value.forEach((entry: unknown, index) => {
      const at: FieldPath = [key, index];
      if (!isMapping(entry)) {
        this.wrongType(at, `a ${what} (a mapping of keys)`, entry);
        return;
      }
      const modelAt: FieldPath = [key, out.length];
      this.origins.set(formatFieldPath(modelAt), at);
      out.push(readItem(entry, at, modelAt));
    });
    return out;
  }

  zone(raw: Raw, at: FieldPath, modelAt: FieldPath): Zone {
    this.unknownKeys(raw, at, ZONE_KEYS);
    const zone: Zone = {
      id: this.string(raw, 'id', at, { item: 'zone', what: 'an id' }) ?? '',
      kind: this.zoneKind(raw, at),
      cidrs: this.stringList(raw, 'cidrs', at, modelAt),
    };
    const label = this.string(raw, 'label', at);
    if (label !== undefined && label !== '') zone.label = label;
    return zone;
  }

  zoneKind(raw: Raw, at: FieldPath): ZoneKind {
    const kind = this.string(raw, 'kind', at, {
      item: 'zone',
      what: 'a kind: internal or external',
    });
    if (kind === 'internal' || kind === 'external') return kind;
    if (kind !== undefined) {
      this.report({
        name: 'unknownZoneKind',
        args: { found: kind, suggestion: didYouMean(kind, ['internal', 'external']) },
        at: [...at, 'kind'],
      });
    }
    // A kind that cannot be read is taken as external: the cautious reading for the
    // outbound-only guard (nothing from such a zone is let out until the file is fixed).
    return 'external';
  }

  node(raw: Raw, at: FieldPath, modelAt: FieldPath): TopologyNode {
    this.unknownKeys(raw, at, NODE_KEYS);
    const node: TopologyNode = {
      id: this.string(raw, 'id', at, { item: 'node', what: 'an id' }) ?? '',
      kind: this.string(raw, 'kind', at, { item: 'node', what: 'a kind (e.g. generic)' }) ?? '',
      zone: this.string(raw, 'zone', at, { item: 'node', what: 'the id of its zone' }) ?? '',
      roles: this.stringList(raw, 'roles', at, modelAt),
      addresses: this.stringList(raw, 'addresses', at, modelAt),
      hosts: this.stringList(raw, 'hosts', at, modelAt),
    };
    const label = this.string(raw, 'label', at);
    if (label !== undefined && label !== '') node.label = label;
    const position = this.position(raw, at);
    if (position) node.position = position;
    const note = this.string(raw, 'note', at);
    if (note !== undefined && note !== '') node.note = note;
    return node;
  }

  position(raw: Raw, at: FieldPath): Point | undefined {
    const value = raw.position;
    if (value === undefined || value === null) return undefined;
    const here = [...at, 'position'];
    if (!isMapping(value)) {
      this.wrongType(here, 'a position {x: NUMBER, y: NUMBER}', value);
      return undefined;
    }
    this.unknownKeys(value, here, POSITION_KEYS);
    const axis = (name: 'x' | 'y'): number | undefined => {
      const v = value[name];
      if (typeof v === 'number') return v;
      if (v === undefined || v === null) {
        this.report({
          name: 'missingKey',
          args: { key: name, item: 'position', what: 'x and y' },
          at: [...here, name],
        });
      } else {
        this.wrongType([...here, name], 'a number', v);
      }
      return undefined;
    };
    const x = axis('x');
    const y = axis('y');
    return x === undefined || y === undefined ? undefined : { x, y };
  }

  edge(raw: Raw, at: FieldPath): TopologyEdge {
    this.unknownKeys(raw, at, EDGE_KEYS);
    const edge: TopologyEdge = {
      from: this.string(raw, 'from', at, { item: 'edge', what: 'the id of its source node' }) ?? '',
      to:
        this.string(raw, 'to', at, { item: 'edge', what: 'the id of its destination node' }) ?? '',
      service:
        this.string(raw, 'service', at, { item: 'edge', what: 'a service such as tcp/443' }) ?? '',
    };
    const note = this.string(raw, 'note', at);
    if (note !== undefined && note !== '') edge.note = note;
    return edge;
  }
}

/** Reads a document whose root is a mapping (the caller checked that and the version). */
export function readTopologyDocument(raw: Raw, version: number, report: Report): ReadResult {
  const reader = new Reader(report);
  reader.unknownKeys(raw, [], TOP_LEVEL_KEYS);
  const name = reader.string(raw, 'name', [], { item: 'topology', what: 'a name' }) ?? '';
  const topology: Topology = {
    version,
    name,
    zones: reader.items(raw, 'zones', 'zone', (item, at, modelAt) =>
      reader.zone(item, at, modelAt),
    ),
    nodes: reader.items(raw, 'nodes', 'node', (item, at, modelAt) =>
      reader.node(item, at, modelAt),
    ),
    edges: reader.items(raw, 'edges', 'edge', (item, at) => reader.edge(item, at)),
  };
  return { topology, origins: reader.origins };
}
