import { describe, expect, it } from 'vitest';
import type { Topology } from '../../../simulator/index.js';
import { completionSlot, rankRoles } from '../../../renderer/editor/completion-context.js';

describe('completionSlot', () => {
  it('offers topology ids after a prefix', () => {
    expect(completionSlot('allow x from role:tr')).toEqual({
      kind: 'topology',
      prefix: 'role',
      partial: 'tr',
    });
    expect(completionSlot('expect allow node:')).toMatchObject({
      kind: 'topology',
      prefix: 'node',
    });
    expect(completionSlot('# from role:')).toMatchObject({ kind: 'grammar', keywords: [] });
  });
  it('after "to " offers destinations, not clauses that cannot come there', () => {
    expect(completionSlot('allow x from any to ')).toEqual({
      kind: 'grammar',
      statementStart: false,
      keywords: [],
      item: 'destination',
    });
    expect(completionSlot('allow x from any to pypi.org ')).toMatchObject({
      keywords: ['on', 'methods', 'paths', 'log'],
      item: null,
    });
  });
  it('continues a list after a trailing comma on the previous line', () => {
    expect(completionSlot('hosts h = a.com,\n  ')).toMatchObject({ item: 'destination' });
  });
});

describe('rankRoles', () => {
  const topology: Topology = {
    version: 1,
    name: 't',
    zones: [
      { id: 'vpc', kind: 'internal', cidrs: ['10.0.0.0/16'] },
      { id: 'internet', kind: 'external', cidrs: [] },
    ],
    nodes: [
      {
        id: 'api',
        kind: 'llm-api',
        zone: 'internet',
        roles: ['aaa-vendor', 'shared'],
        addresses: [],
        hosts: [],
      },
      {
        id: 'job',
        kind: 'training-job',
        zone: 'vpc',
        roles: ['trainer', 'shared'],
        addresses: [],
        hosts: [],
      },
    ],
    edges: [],
  };
  it('puts roles of internal nodes first and marks roles only external nodes have', () => {
    expect(rankRoles(topology)).toEqual([
      { role: 'shared', nodes: ['api', 'job'], externalOnly: false },
      { role: 'trainer', nodes: ['job'], externalOnly: false },
      { role: 'aaa-vendor', nodes: ['api'], externalOnly: true },
    ]);
  });
});
