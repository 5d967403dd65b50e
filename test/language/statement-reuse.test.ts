/**
 * Incremental parsing (statement-reuse.ts) against parsing from scratch: after any sequence
 * of edits, a check that reuses the statements of the previous one gives the same tree,
 * diagnostics, model and symbols, to the position.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPolicy, StatementReuse } from '../../simulator/language/index.js';
import type { Topology } from '../../simulator/index.js';
import { layoutPolicy, tokenSoup } from './arbitraries.js';

const topology: Topology = {
  version: 1,
  name: 't',
  zones: [{ id: 'vpc', kind: 'internal', cidrs: ['10.0.0.0/8'] }],
  nodes: [{ id: 'trainer', kind: 'training-job', zone: 'vpc', roles: ['trainer'] }],
  edges: [],
} as unknown as Topology;

/** What an editor does to a policy: type, delete, break lines, paste a statement. */
const SNIPPETS = [
  'x',
  ' ',
  '\n',
  '\r\n',
  ',',
  '  ',
  '#',
  '# note\n',
  '\n\n',
  'allow r9 from any to a.example.com on tcp/443\n',
  'deny',
  'hosts h = b.example.com,\n  c.example.com\n',
  '  methods GET paths /v1/*\n',
  'expect allow node:trainer -> a.example.com on tcp/443 by r9\n',
  // Line breaks and spaces of every kind the scanner knows, and a byte-order mark.
  '\r',
  '\t',
  '\u00a0',
  '\u000b\u000c',
  '\ufeff',
  '->',
  '= ',
  ' # trailing\n',
];

interface Edit {
  at: number;
  remove: number;
  insert: string;
}

const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 12 })),
  insert: fc.oneof(fc.constantFrom(...SNIPPETS), fc.constant('')),
});

function apply(text: string, e: Edit): string {
  const at = Math.floor(e.at * text.length);
  return text.slice(0, at) + e.insert + text.slice(at + e.remove);
}

function checks(text: string, reuse: StatementReuse, withTopology: boolean) {
  const options = { file: 'p.egress', ...(withTopology ? { topology } : {}) };
  return {
    incremental: checkPolicy(text, { ...options, reuse }),
    fresh: checkPolicy(text, options),
  };
}

describe('incremental parsing', () => {
  it('gives what a parse from scratch gives, after any edits', () => {
    fc.assert(
      fc.property(
        fc.oneof(layoutPolicy, tokenSoup),
        fc.array(edit, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (start, edits, withTopology) => {
          const reuse = new StatementReuse();
          let text = start;
          checks(text, reuse, withTopology);
          for (const e of edits) {
            text = apply(text, e);
            const { incremental, fresh } = checks(text, reuse, withTopology);
            expect(incremental.ast).toStrictEqual(fresh.ast);
            expect(incremental.diagnostics).toStrictEqual(fresh.diagnostics);
            expect(incremental.model).toStrictEqual(fresh.model);
            expect(incremental.symbols).toStrictEqual(fresh.symbols);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  const rules = Array.from(
    { length: 50 },
    (_, i) => `allow r${i} from role:trainer to s${i}.example.com on tcp/443`,
  );
  const policy = ['policy p', '', ...rules, ''].join('\n');

  it('keeps the very nodes of unchanged statements that did not move', () => {
    const reuse = new StatementReuse();
    const before = checkPolicy(policy, { reuse }).ast.statements;
    const after = checkPolicy(`${policy}x\n`, { reuse });
    expect(reuse.reused).toBe(51);
    expect(after.ast.statements.slice(0, 51)).toEqual(before);
    after.ast.statements.slice(0, 51).forEach((s, i) => expect(s).toBe(before[i]));
    expect(after.diagnostics.map((d) => d.code)).toEqual(['EGS1002']);
  });

  it('moves unchanged statements below an edit to their new place', () => {
    const reuse = new StatementReuse();
    const before = checkPolicy(policy, { reuse }).ast.statements;
    const offset = before[1]!.range.start.offset;
    // A line added under `policy p`: every rule is one line and 8 characters further down.
    const edited = policy.replace('policy p\n', 'policy p\n# added\n');
    const after = checkPolicy(edited, { reuse }).ast.statements;
    expect(reuse.reused).toBe(51);
    expect(after[0]).toBe(before[0]);
    const rule = after[1]!;
    expect(rule).toBe(before[1]);
    expect(rule.range.start).toEqual({ line: 4, column: 1, offset: offset + 8 });
    expect(after).toStrictEqual(checkPolicy(edited).ast.statements);
  });

  it('gives a line written twice a node of its own each time', () => {
    const reuse = new StatementReuse();
    const rule = 'allow r1 from any to a.example.com';
    const twice = `policy p\n${rule}\n${rule}\n`;
    checkPolicy(twice, { reuse });
    const after = checkPolicy(`\n${twice}`, { reuse });
    expect(reuse.reused).toBe(3);
    const [, a, b] = after.ast.statements;
    expect(a).not.toBe(b);
    expect([a!.range.start.line, b!.range.start.line]).toEqual([3, 4]);
    expect(after.diagnostics).toStrictEqual(checkPolicy(`\n${twice}`).diagnostics);
  });

  it('reports the syntax errors of reused statements again, at their new place', () => {
    const reuse = new StatementReuse();
    const broken = 'policy p\n\nallow r1 from any to\nallow r2 frm any to a.example.com\n';
    checkPolicy(broken, { reuse });
    const again = checkPolicy(`\n${broken}`, { reuse });
    expect(reuse.reused).toBe(3);
    expect(again.diagnostics).toStrictEqual(checkPolicy(`\n${broken}`).diagnostics);
    expect(again.diagnostics.map((d) => d.range!.start.line)).toEqual([4, 5]);
  });
});
