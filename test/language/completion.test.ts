/** completionAt: what the grammar accepts at a place, for editor completion. */
import { describe, expect, it } from 'vitest';
import { completionAt } from '../../simulator/language/completion.js';

/** The expectation at the `|` in `text`. */
function at(text: string) {
  const offset = text.indexOf('|');
  return completionAt(text.slice(0, offset) + text.slice(offset + 1), offset);
}

describe('completionAt', () => {
  it('offers statements at the start of a line, also while the keyword is typed', () => {
    expect(at('|').statementStart).toBe(true);
    expect(at('policy p\nal|').statementStart).toBe(true);
    expect(at('allow a from any to x.com\n|').statementStart).toBe(true);
  });

  it('after "to " a destination only: never "from", "log" or "methods"', () => {
    expect(at('allow a from any to |')).toEqual({
      statementStart: false,
      keywords: [],
      item: 'destination',
    });
    expect(at('allow a from any to x.com, |').item).toBe('destination');
  });

  it('after a clause with its items, the clauses that may follow in order', () => {
    expect(at('allow a |').keywords).toEqual(['from']);
    expect(at('allow a from role:x |').keywords).toEqual(['to']);
    expect(at('allow a from role:x to x.com |').keywords).toEqual([
      'on',
      'methods',
      'paths',
      'log',
    ]);
    expect(at('allow a from any to x.com on tcp/443 |').keywords).toEqual([
      'methods',
      'paths',
      'log',
    ]);
    expect(at('allow a from any to x.com methods GET |').keywords).toEqual(['paths', 'log']);
    expect(at('allow a from any to x.com log |').keywords).toEqual([]);
    expect(at('allow a from any to x.com on t|').item).toBe('service');
    expect(at('allow a from |').item).toBe('source');
    expect(at('allow a from any to x.com methods |').item).toBe('method');
    expect(at('allow |').item).toBe('new-name');
  });

  it('follows continuation lines: a trailing comma, an indented line', () => {
    expect(at('allow a from any to x.com,\n  |').item).toBe('destination');
    expect(at('allow a from any to x.com\n  |').keywords).toEqual([
      'on',
      'methods',
      'paths',
      'log',
    ]);
    // After a blank line an indented line continues nothing: a statement may start there.
    expect(at('allow a from any to x.com\n\n  |').statementStart).toBe(true);
    expect(at('allow a from any to x.com # comment, \n  |').keywords).toEqual([
      'on',
      'methods',
      'paths',
      'log',
    ]);
  });

  it('walks an expectation', () => {
    expect(at('expect |')).toMatchObject({ keywords: ['allow', 'deny'] });
    expect(at('expect allow |').item).toBe('endpoint');
    expect(at('expect allow node:a |').keywords).toEqual(['->']);
    expect(at('expect allow node:a -> |').item).toBe('target');
    expect(at('expect allow node:a -> x.com |').keywords).toEqual(['on']);
    expect(at('expect allow node:a -> x.com on |').item).toBe('service');
    expect(at('expect allow node:a -> x.com on tcp/443 |').keywords).toEqual([
      'method',
      'path',
      'by',
    ]);
    expect(at('expect allow node:a -> x.com on tcp/443 method GET |').keywords).toEqual([
      'path',
      'by',
    ]);
    expect(at('expect allow node:a -> x.com on tcp/443 by |').item).toBe('rule');
  });

  it('sets, default and policy', () => {
    expect(at('hosts h |').keywords).toEqual(['=']);
    expect(at('hosts h = |').item).toBe('destination');
    expect(at('services s = tcp/443, |').item).toBe('service');
    expect(at('default |').keywords).toEqual(['allow', 'deny']);
    expect(at('default deny |').keywords).toEqual(['log']);
    expect(at('policy |').item).toBe('new-name');
    expect(at('allow a from any # to |')).toEqual({
      statementStart: false,
      keywords: [],
      item: null,
    });
  });
});
