import { describe, expect, it } from 'vitest';
import { copySelection, pasteChange, PASTE_OFFSET } from '../../../renderer/model/clipboard.js';
import { deriveFlowEdges, deriveFlowNodes } from '../../../renderer/model/flow-elements.js';
import {
  EMPTY_ZONE_SIZE,
  NODE_HEIGHT,
  NODE_WIDTH,
  ZONE_PADDING,
  zoneAt,
  zoneBoxes,
} from '../../../renderer/model/geometry.js';
import { slugify, uniqueId } from '../../../renderer/model/ids.js';
import {
  EMPTY_SELECTION,
  applySelectChanges,
  parseElementId,
} from '../../../renderer/model/selection.js';
import { applyTopologyChange } from '../../../renderer/model/topology-changes.js';
import { sampleTopology } from '../fixtures.js';

describe('ids', () => {
  it('slugifies free text into a valid id stem', () => {
    expect(slugify('Nightly Trainer!')).toBe('nightly-trainer');
    expect(slugify('***')).toBe('node');
  });
  it('finds the first free id', () => {
    expect(uniqueId('pypi', new Set(['x']))).toBe('pypi');
    expect(uniqueId('pypi', new Set(['pypi', 'pypi-2']))).toBe('pypi-3');
    expect(uniqueId('node-7', new Set(['node-7']))).toBe('node-8');
  });
});

describe('selection', () => {
  it('parses element ids', () => {
    expect(parseElementId('n:trainer')).toEqual({ type: 'node', id: 'trainer' });
    expect(parseElementId('z:vpc')).toEqual({ type: 'zone', id: 'vpc' });
    expect(parseElementId('e:12')).toEqual({ type: 'edge', index: 12 });
    expect(parseElementId('e:x')).toBeNull();
    expect(parseElementId('other')).toBeNull();
  });
  it('applies React Flow select changes', () => {
    const s = applySelectChanges(EMPTY_SELECTION, [
      { id: 'n:a', selected: true },
      { id: 'e:2', selected: true },
      { id: 'z:vpc', selected: true },
      { id: 'e:0', selected: true },
    ]);
    expect(s).toEqual({ nodes: ['a'], edges: [0, 2], zones: ['vpc'] });
    expect(applySelectChanges(s, [{ id: 'n:a', selected: false }]).nodes).toEqual([]);
  });
});

describe('zone geometry', () => {
  it('frames each zone around its nodes with padding', () => {
    const boxes = zoneBoxes(sampleTopology());
    expect(boxes.get('vpc')).toEqual({
      x: 100 - ZONE_PADDING.left,
      y: 100 - ZONE_PADDING.top,
      width: NODE_WIDTH + ZONE_PADDING.left + ZONE_PADDING.right,
      height: 160 + NODE_HEIGHT + ZONE_PADDING.top + ZONE_PADDING.bottom,
    });
  });
  it('places empty zones after the others', () => {
    const t = applyTopologyChange(sampleTopology(), {
      type: 'add-zone',
      zone: { id: 'lab', kind: 'internal', cidrs: [] },
    });
    const boxes = zoneBoxes(t);
    const internet = boxes.get('internet')!;
    const lab = boxes.get('lab')!;
    expect(lab.x).toBeGreaterThan(internet.x + internet.width);
    expect(lab.width).toBe(EMPTY_ZONE_SIZE.width);
  });
  it('finds the zone under a point, ignoring excluded nodes', () => {
    const t = sampleTopology();
    expect(zoneAt(zoneBoxes(t), { x: 120, y: 120 })).toBe('vpc');
    expect(zoneAt(zoneBoxes(t), { x: 520, y: 300 })).toBe('internet');
    expect(zoneAt(zoneBoxes(t), { x: 380, y: 120 })).toBeNull();
    // Without trainer and notebook, vpc is empty and framed elsewhere: the point is free.
    expect(zoneAt(zoneBoxes(t, new Set(['trainer', 'notebook'])), { x: 120, y: 120 })).toBeNull();
  });
});

describe('flow elements', () => {
  it('derives zones first (behind) and nodes with fixed sizes', () => {
    const nodes = deriveFlowNodes({
      topology: sampleTopology(),
      selection: { nodes: ['pypi'], edges: [], zones: [] },
    });
    expect(nodes.map((n) => n.id)).toEqual([
      'z:vpc',
      'z:internet',
      'n:trainer',
      'n:notebook',
      'n:pypi',
      'n:openai',
    ]);
    const pypi = nodes.find((n) => n.id === 'n:pypi')!;
    expect(pypi.selected).toBe(true);
    expect(pypi.position).toEqual({ x: 500, y: 100 });
    expect(pypi.width).toBe(NODE_WIDTH);
  });
  it('reuses node data while the node is unchanged', () => {
    const t = sampleTopology();
    const a = deriveFlowNodes({ topology: t, selection: EMPTY_SELECTION });
    const b = deriveFlowNodes({
      topology: t,
      selection: { nodes: ['trainer'], edges: [], zones: [] },
    });
    expect(b[2]!.data).toBe(a[2]!.data);
  });
  it('derives edges with verdicts and skips edges to missing nodes', () => {
    const t = sampleTopology();
    t.edges.push({ from: 'trainer', to: 'ghost', service: 'tcp/443' });
    const edges = deriveFlowEdges({
      topology: t,
      selection: EMPTY_SELECTION,
      verdicts: new Map([[2, { verdict: 'deny', rule: 'default' }]]),
    });
    expect(edges.map((e) => e.id)).toEqual(['e:0', 'e:1', 'e:2']);
    expect(edges[2]!.data).toMatchObject({ verdict: 'deny', rule: 'default' });
    expect(edges[0]!.source).toBe('n:trainer');
  });
  it("colours a selected flow's path by the flow's own verdict, not the edge's", () => {
    const t = sampleTopology();
    const verdicts = new Map([
      [0, { verdict: 'deny' as const, rule: 'no-post' }],
      [1, { verdict: 'deny' as const, rule: 'default' }],
    ]);
    const edges = deriveFlowEdges({
      topology: t,
      selection: EMPTY_SELECTION,
      verdicts,
      highlight: { nodes: new Set([t.edges[0]!.from, t.edges[0]!.to]), edge: 0, verdict: 'allow' },
    });
    expect(edges[0]!.data).toMatchObject({ verdict: 'allow', highlighted: true });
    // Other edges keep their conformance verdict.
    expect(edges[1]!.data).toMatchObject({ verdict: 'deny', highlighted: false });
  });
  it('gives each edge the boxes of its nodes, which follow a moved node', () => {
    const t = sampleTopology();
    const edge = t.edges[0]!;
    const box = (id: string) => {
      const node = deriveFlowNodes({ topology: t, selection: EMPTY_SELECTION }).find(
        (n) => n.id === `n:${id}`,
      )!;
      return { ...node.position, width: node.width, height: node.height };
    };
    const before = deriveFlowEdges({ topology: t, selection: EMPTY_SELECTION })[0]!.data!;
    expect(before.from).toEqual(box(edge.from));
    expect(before.to).toEqual(box(edge.to));
    t.nodes.find((n) => n.id === edge.from)!.position = { x: 900, y: 40 };
    const after = deriveFlowEdges({ topology: t, selection: EMPTY_SELECTION })[0]!.data!;
    expect(after.from).toMatchObject({ x: 900, y: 40 });
    expect(after.from).toEqual(box(edge.from));
  });
});

describe('clipboard', () => {
  it('copies the selected nodes and the edges between them', () => {
    const payload = copySelection(sampleTopology(), {
      nodes: ['notebook', 'openai'],
      edges: [],
      zones: [],
    })!;
    expect(payload.nodes.map((n) => n.id)).toEqual(['notebook', 'openai']);
    expect(payload.edges).toEqual([{ from: 'notebook', to: 'openai', service: 'tcp/443' }]);
    expect(payload.zones.map((z) => z.id)).toEqual(['vpc', 'internet']);
  });
  it('copies nothing from an empty selection', () => {
    expect(copySelection(sampleTopology(), EMPTY_SELECTION)).toBeNull();
  });
  it('pastes with fresh ids, offset positions and rewired edges', () => {
    const t = sampleTopology();
    const payload = copySelection(t, { nodes: ['notebook', 'openai'], edges: [], zones: [] })!;
    const { change, nodeIds } = pasteChange(t, payload);
    const next = applyTopologyChange(t, change);
    expect(nodeIds).toEqual(['notebook-2', 'openai-2']);
    expect(next.nodes.find((n) => n.id === 'notebook-2')!.position).toEqual({
      x: 100 + PASTE_OFFSET,
      y: 260 + PASTE_OFFSET,
    });
    expect(next.edges[3]).toEqual({ from: 'notebook-2', to: 'openai-2', service: 'tcp/443' });
  });
  it('brings missing zones along into another project', () => {
    const source = sampleTopology();
    const payload = copySelection(source, { nodes: ['pypi'], edges: [], zones: [] })!;
    const target = { ...sampleTopology(), zones: [source.zones[0]!], nodes: [], edges: [] };
    const next = applyTopologyChange(target, pasteChange(target, payload).change);
    expect(next.zones.map((z) => z.id)).toEqual(['vpc', 'internet']);
    expect(next.nodes.map((n) => n.id)).toEqual(['pypi']);
  });
});
