import { describe, expect, it } from 'vitest';
import { applyTopologyChange } from '../../../renderer/model/topology-changes.js';
import { sampleTopology } from '../fixtures.js';

describe('applyTopologyChange', () => {
  it('adds a node with integer coordinates', () => {
    const t = sampleTopology();
    const next = applyTopologyChange(t, {
      type: 'add-node',
      node: {
        id: 'hf',
        kind: 'model-hub',
        zone: 'internet',
        roles: [],
        addresses: [],
        hosts: [],
        position: { x: 10.6, y: -3.2 },
      },
    });
    expect(next.nodes.map((n) => n.id)).toEqual(['trainer', 'notebook', 'pypi', 'openai', 'hf']);
    expect(next.nodes[4]!.position).toEqual({ x: 11, y: -3 });
    expect(t.nodes).toHaveLength(4);
  });

  it('refuses a duplicate node id by returning the same topology', () => {
    const t = sampleTopology();
    const dup = { ...t.nodes[0]!, label: 'again' };
    expect(applyTopologyChange(t, { type: 'add-node', node: dup })).toBe(t);
  });

  it('updates one node and keeps the others by identity', () => {
    const t = sampleTopology();
    const next = applyTopologyChange(t, {
      type: 'update-node',
      id: 'pypi',
      patch: { label: 'PyPI' },
    });
    expect(next.nodes[2]!.label).toBe('PyPI');
    expect(next.nodes[0]).toBe(t.nodes[0]);
    expect(next.edges).toBe(t.edges);
  });

  it('returns the same topology for an unknown node', () => {
    const t = sampleTopology();
    expect(applyTopologyChange(t, { type: 'update-node', id: 'nope', patch: { label: 'x' } })).toBe(
      t,
    );
  });

  it('renames a node and every edge end that refers to it', () => {
    const t = sampleTopology();
    const next = applyTopologyChange(t, { type: 'rename-node', from: 'notebook', to: 'jupyter' });
    expect(next.nodes[1]!.id).toBe('jupyter');
    expect(next.edges.map((e) => `${e.from}->${e.to}`)).toEqual([
      'trainer->pypi',
      'jupyter->pypi',
      'jupyter->openai',
    ]);
  });

  it('does not rename onto an existing id', () => {
    const t = sampleTopology();
    expect(applyTopologyChange(t, { type: 'rename-node', from: 'notebook', to: 'trainer' })).toBe(
      t,
    );
  });

  it('moves nodes, rounding, and skips moves to the same place', () => {
    const t = sampleTopology();
    const same = applyTopologyChange(t, {
      type: 'move-nodes',
      moves: [{ id: 'trainer', position: { x: 100, y: 100 } }],
    });
    expect(same).toBe(t);
    const moved = applyTopologyChange(t, {
      type: 'move-nodes',
      moves: [
        { id: 'trainer', position: { x: 140.4, y: 99.5 } },
        { id: 'openai', position: { x: 0, y: 0 } },
      ],
    });
    expect(moved.nodes[0]!.position).toEqual({ x: 140, y: 100 });
    expect(moved.nodes[3]!.position).toEqual({ x: 0, y: 0 });
    expect(moved.nodes[1]).toBe(t.nodes[1]);
  });

  it('removing a node removes the edges that touch it', () => {
    const t = sampleTopology();
    const next = applyTopologyChange(t, { type: 'remove', nodes: ['pypi'], edges: [], zones: [] });
    expect(next.nodes.map((n) => n.id)).toEqual(['trainer', 'notebook', 'openai']);
    expect(next.edges).toEqual([{ from: 'notebook', to: 'openai', service: 'tcp/443' }]);
  });

  it('removing a zone removes its nodes and their edges', () => {
    const t = sampleTopology();
    const next = applyTopologyChange(t, {
      type: 'remove',
      nodes: [],
      edges: [],
      zones: ['internet'],
    });
    expect(next.zones.map((z) => z.id)).toEqual(['vpc']);
    expect(next.nodes.map((n) => n.id)).toEqual(['trainer', 'notebook']);
    expect(next.edges).toEqual([]);
  });

  it('removes edges by index', () => {
    const t = sampleTopology();
    const next = applyTopologyChange(t, { type: 'remove', nodes: [], edges: [0, 2], zones: [] });
    expect(next.edges).toEqual([{ from: 'notebook', to: 'pypi', service: 'tcp/443' }]);
  });

  it('adds and updates edges', () => {
    const t = sampleTopology();
    const added = applyTopologyChange(t, {
      type: 'add-edge',
      edge: { from: 'trainer', to: 'openai', service: 'tcp/443' },
    });
    expect(added.edges).toHaveLength(4);
    const updated = applyTopologyChange(added, {
      type: 'update-edge',
      index: 3,
      patch: { service: 'tcp/8443', note: 'n' },
    });
    expect(updated.edges[3]).toEqual({
      from: 'trainer',
      to: 'openai',
      service: 'tcp/8443',
      note: 'n',
    });
    expect(
      applyTopologyChange(added, { type: 'update-edge', index: 9, patch: { note: 'x' } }),
    ).toBe(added);
  });

  it('renames a zone and moves its nodes along', () => {
    const t = sampleTopology();
    const next = applyTopologyChange(t, { type: 'rename-zone', from: 'vpc', to: 'prod' });
    expect(next.zones[0]!.id).toBe('prod');
    expect(next.nodes.filter((n) => n.zone === 'prod').map((n) => n.id)).toEqual([
      'trainer',
      'notebook',
    ]);
  });

  it('applies a batch in order', () => {
    const t = sampleTopology();
    const next = applyTopologyChange(t, {
      type: 'batch',
      changes: [
        { type: 'add-zone', zone: { id: 'saas', kind: 'external', cidrs: [] } },
        { type: 'update-node', id: 'openai', patch: { zone: 'saas' } },
        { type: 'rename-topology', name: 'renamed' },
      ],
    });
    expect(next.zones.map((z) => z.id)).toEqual(['vpc', 'internet', 'saas']);
    expect(next.nodes[3]!.zone).toBe('saas');
    expect(next.name).toBe('renamed');
    expect(applyTopologyChange(t, { type: 'batch', changes: [] })).toBe(t);
  });
});
