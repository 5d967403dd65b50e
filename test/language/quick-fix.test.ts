/** "Did you mean" diagnostics carry their replacement as data; applying it resolves them. */
import { describe, expect, it } from 'vitest';
import type { Diagnostic, Topology } from '../../simulator/index.js';
import { checkPolicy } from '../../simulator/language/index.js';

const topology: Topology = {
  version: 1,
  name: 't',
  zones: [{ id: 'vpc', kind: 'internal', cidrs: ['10.0.0.0/16'] }],
  nodes: [
    {
      id: 'trainer',
      kind: 'training-job',
      zone: 'vpc',
      roles: ['trainer'],
      addresses: [],
      hosts: [],
    },
  ],
  edges: [],
};

function apply(text: string, d: Diagnostic): string {
  const fix = d.fix!;
  return text.slice(0, fix.range.start.offset) + fix.text + text.slice(fix.range.end.offset);
}

const CASES: { name: string; text: string; fixed: string }[] = [
  {
    name: 'statement keyword',
    text: 'alow a from any to x.com',
    fixed: 'allow a from any to x.com',
  },
  {
    name: 'unknown role',
    text: 'allow a from role:trainr to x.com',
    fixed: 'allow a from role:trainer to x.com',
  },
  {
    name: 'unknown node',
    text: 'allow a from node:traner to x.com',
    fixed: 'allow a from node:trainer to x.com',
  },
  {
    name: 'reference prefix',
    text: 'allow a from rol:trainer to x.com',
    fixed: 'allow a from role:trainer to x.com',
  },
  {
    name: 'port without protocol',
    text: 'allow a from any to x.com on 443',
    fixed: 'allow a from any to x.com on tcp/443',
  },
  {
    name: 'tcp:443',
    text: 'allow a from any to x.com on tcp:443',
    fixed: 'allow a from any to x.com on tcp/443',
  },
  { name: 'URL', text: 'allow a from any to https://x.com', fixed: 'allow a from any to x.com' },
  {
    name: 'HTTP method',
    text: 'allow a from any to x.com methods GRT',
    fixed: 'allow a from any to x.com methods GET',
  },
  {
    name: 'set name',
    text: 'hosts apis = x.com\nallow a from any to apsi',
    fixed: 'hosts apis = x.com\nallow a from any to apis',
  },
  {
    name: 'rule in expect by',
    text: 'allow a from any to x.com\nexpect allow node:trainer -> x.com on tcp/443 by aa',
    fixed: 'allow a from any to x.com\nexpect allow node:trainer -> x.com on tcp/443 by a',
  },
  {
    name: 'bare node name in expect',
    text: 'allow a from any to x.com\nexpect allow trainer -> x.com on tcp/443',
    fixed: 'allow a from any to x.com\nexpect allow node:trainer -> x.com on tcp/443',
  },
];

describe('quick fixes carried by diagnostics', () => {
  for (const c of CASES) {
    it(`${c.name}: the fix turns the text into the intended one and the error goes away`, () => {
      const text = `policy p\n${c.text}\n`;
      const errors = checkPolicy(text, { topology }).diagnostics.filter(
        (d) => d.severity === 'error',
      );
      expect(errors.length, JSON.stringify(errors.map((e) => e.message))).toBe(1);
      expect(errors[0]!.fix, errors[0]!.message).toBeDefined();
      const fixed = apply(text, errors[0]!);
      expect(fixed).toBe(`policy p\n${c.fixed}\n`);
      const after = checkPolicy(fixed, { topology }).diagnostics.filter(
        (d) => d.severity === 'error',
      );
      expect(after.map((d) => d.message)).toEqual([]);
    });
  }

  it('a diagnostic without a suggestion carries no fix', () => {
    const [d] = checkPolicy('policy p\nallow a from any to zzzzzz\n').diagnostics;
    expect(d?.message).not.toMatch(/did you mean/);
    expect(d?.fix).toBeUndefined();
  });
});
