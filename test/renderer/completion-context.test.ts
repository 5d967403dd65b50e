import { describe, expect, it } from 'vitest';
import { completionSlot } from '../../renderer/editor/completion-context.js';

describe('completionSlot', () => {
  it('offers statements at the start of a line', () => {
    expect(completionSlot('', false)).toEqual({ kind: 'statement' });
    expect(completionSlot('al', false)).toEqual({ kind: 'statement' });
  });
  it('offers topology ids after a prefix', () => {
    expect(completionSlot('allow x from role:tr', false)).toEqual({
      kind: 'topology',
      prefix: 'role',
      partial: 'tr',
    });
    expect(completionSlot('expect allow node:', false)).toEqual({
      kind: 'topology',
      prefix: 'node',
      partial: '',
    });
  });
  it('knows which clause a list belongs to', () => {
    expect(completionSlot('allow x from ', false)).toEqual({ kind: 'peer', side: 'from' });
    expect(completionSlot('allow x from any to pypi, ', false)).toEqual({
      kind: 'peer',
      side: 'to',
    });
    expect(completionSlot('allow x from any to pypi on tcp/443, ', false)).toEqual({
      kind: 'service',
    });
    expect(completionSlot('allow x from any to pypi methods G', false)).toEqual({ kind: 'method' });
    expect(completionSlot('allow x ', false)).toEqual({ kind: 'clause' });
  });
  it('handles set definitions and expectations', () => {
    expect(completionSlot('services web = ', false)).toEqual({ kind: 'service' });
    expect(completionSlot('hosts hf = ', false)).toEqual({ kind: 'peer', side: 'to' });
    expect(completionSlot('expect allow node:a -> pypi.org on ', false)).toEqual({
      kind: 'service',
    });
    expect(completionSlot('expect allow node:a -> pypi.org on tcp/443 by ', false)).toEqual({
      kind: 'rule',
    });
    expect(completionSlot('expect deny ', false)).toEqual({ kind: 'peer', side: 'from' });
  });
  it('offers clauses on an indented continuation line and nothing in comments', () => {
    expect(completionSlot('    ', false)).toEqual({ kind: 'clause' });
    expect(completionSlot('# allow from ', false)).toEqual({ kind: 'none' });
  });
  it('continues a list after a trailing comma on the previous line', () => {
    expect(completionSlot('  ', true)).not.toEqual({ kind: 'statement' });
  });
});
