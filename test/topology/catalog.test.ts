/** The node kind catalog (docs/topology.md). */
import { describe, expect, it } from 'vitest';
import { CATEGORY_LABELS, NODE_KINDS, getNodeKind } from '../../simulator/topology/index.js';
import { ROLE_NAME_PATTERN, TOPOLOGY_ID_PATTERN } from '../../simulator/topology/index.js';

const DOCUMENTED_KINDS = [
  'training-job',
  'notebook',
  'inference-service',
  'agent',
  'vector-db',
  'feature-store',
  'model-registry',
  'data-lake',
  'database',
  'queue',
  'proxy',
  'firewall',
  'llm-api',
  'model-hub',
  'package-index',
  'object-store',
  'code-host',
  'saas',
  'monitoring',
  'generic',
];

describe('node kind catalog', () => {
  it('has every kind docs/topology.md lists, once', () => {
    const kinds = NODE_KINDS.map((k) => k.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect([...kinds].sort()).toEqual([...DOCUMENTED_KINDS].sort());
  });

  it('gives every kind a label, a known category, a distinct hex colour, an icon and valid roles', () => {
    const colours = new Set<string>();
    for (const k of NODE_KINDS) {
      expect(k.label.length, k.kind).toBeGreaterThan(0);
      expect(Object.keys(CATEGORY_LABELS)).toContain(k.category);
      expect(k.color, k.kind).toMatch(/^#[0-9a-f]{6}$/);
      colours.add(k.color);
      expect(k.icon, k.kind).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(k.description.length).toBeGreaterThan(0);
      expect(TOPOLOGY_ID_PATTERN.test(k.kind)).toBe(true);
      for (const role of k.roles) expect(ROLE_NAME_PATTERN.test(role), role).toBe(true);
    }
    expect(colours.size).toBe(NODE_KINDS.length);
  });

  it('marks the outside services as external', () => {
    const external = NODE_KINDS.filter((k) => k.external).map((k) => k.kind);
    expect(external).toEqual([
      'llm-api',
      'model-hub',
      'package-index',
      'object-store',
      'code-host',
      'saas',
      'monitoring',
    ]);
  });

  it('looks kinds up by id', () => {
    expect(getNodeKind('vector-db')?.label).toBe('Vector database');
    expect(getNodeKind('proxy')?.category).toBe('network');
    expect(getNodeKind('Vector-DB')).toBeUndefined();
    expect(getNodeKind('spaceship')).toBeUndefined();
  });
});
