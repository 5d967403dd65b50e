/** The scanner and parser: continuation lines, comments and descriptions, ranges, recovery. */
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../simulator/language/index.js';
import type { RuleStatement, SetStatement, Statement } from '../../simulator/language/index.js';
import { scan } from '../../simulator/language/scanner.js';

function statements(text: string): Statement[] {
  return parsePolicy(text).ast.statements;
}

function codes(text: string): string[] {
  return parsePolicy(text).diagnostics.map((d) => d.code);
}

describe('scanner', () => {
  it('splits words at commas, equals, arrows and comments', () => {
    const { tokens } = scan('hosts a=x.com,y.com#c\nnode:a->b');
    expect(tokens.map((t) => `${t.kind}:${t.text}`)).toEqual([
      'word:hosts',
      'word:a',
      'equals:=',
      'word:x.com',
      'comma:,',
      'word:y.com',
      'comment:#c',
      'word:node:a',
      'arrow:->',
      'word:b',
    ]);
  });

  it('keeps IPv6 addresses and names with hyphens in one word', () => {
    const words = scan('fd00:ec2::254 no-metadata ::/0 tcp/8000-8100').tokens.map((t) => t.text);
    expect(words).toEqual(['fd00:ec2::254', 'no-metadata', '::/0', 'tcp/8000-8100']);
  });

  it('counts LF, CRLF and lone CR as line breaks and columns in UTF-16 units', () => {
    const { tokens } = scan('a\r\nb\rc\n\té d');
    expect(tokens.map((t) => [t.text, t.line, t.column])).toEqual([
      ['a', 1, 1],
      ['b', 2, 1],
      ['c', 3, 1],
      ['é', 4, 2],
      ['d', 4, 4],
    ]);
    expect(tokens[3]!.indented).toBe(true);
  });
});

describe('continuation lines', () => {
  it('continues a rule on indented lines', () => {
    const [, rule] = statements(
      'policy p\nallow llm from any to api.openai.com on tcp/443\n  methods POST paths /v1/chat/*, /v1/embeddings\n',
    ) as [Statement, RuleStatement];
    expect(rule.type).toBe('rule');
    expect(rule.methods?.map((m) => m.text)).toEqual(['POST']);
    expect(rule.paths?.map((p) => p.text)).toEqual(['/v1/chat/*', '/v1/embeddings']);
    expect(rule.range.end.line).toBe(3);
  });

  it('continues after a trailing comma even without indentation', () => {
    const list = statements('hosts h = a.com,\nb.com,\n   c.com\n') as [SetStatement];
    expect(list).toHaveLength(1);
    expect(list[0].items.map((i) => i.text)).toEqual(['a.com', 'b.com', 'c.com']);
  });

  it('starts a new statement at a statement keyword, even when indented', () => {
    const list = statements('allow a from any to any\n  deny b from any to any\n');
    expect(list.map((s) => s.type)).toEqual(['rule', 'rule']);
    expect(list.every((s) => !s.malformed)).toBe(true);
  });

  it('ends a statement at a blank line or a comment line', () => {
    expect(codes('policy p\nallow a from any to x.com\n\n  methods GET\n')).toEqual(['EGS1004']);
    expect(codes('policy p\nallow a from any to x.com\n# note\n  methods GET\n')).toEqual([
      'EGS1004',
    ]);
    expect(codes('policy p\nhosts h = a.com,\n\nallow a from any to h\n')).toEqual(['EGS1008']);
  });

  it('does not end a statement at a trailing comment', () => {
    const [set] = statements('hosts h = a.com, # first\n  b.com # second\n') as [SetStatement];
    expect(set.items.map((i) => i.text)).toEqual(['a.com', 'b.com']);
  });

  it('asks to indent a clause written at the start of a line', () => {
    const { diagnostics } = parsePolicy('allow a from any to x.com\nmethods GET\n');
    expect(diagnostics.map((d) => [d.code, d.range?.start.line])).toEqual([['EGS1003', 2]]);
    expect(diagnostics[0]!.message).toContain('indent this line');
  });
});

describe('comments and descriptions', () => {
  it('keeps every comment in the tree', () => {
    const { ast } = parsePolicy('# a\npolicy p # b\n\n#c   \n');
    expect(ast.comments.map((c) => [c.text, c.trailing])).toEqual([
      ['# a', false],
      ['# b', true],
      ['#c', false],
    ]);
    expect(ast.comments[2]!.range.end.column).toBe(3);
  });

  it('takes the comment block directly above a rule or set as its description', () => {
    const list = statements(
      '# ignored: a blank line follows\n\n# Line one\n#   indented two\nhosts h = a.com\n# rule\nallow r from any to h\n\nallow s from any to h\n',
    );
    expect(list.map((s) => s.description)).toEqual(['Line one\n  indented two', 'rule', null]);
  });

  it('does not take a trailing comment of the previous statement as a description', () => {
    const list = statements('allow a from any to x.com # about a\nallow b from any to x.com\n');
    expect(list[1]!.description).toBeNull();
  });
});

describe('ranges', () => {
  it('gives 1-based lines and columns and 0-based offsets', () => {
    const { diagnostics } = parsePolicy('policy p\nallow a from any tto x.com\n');
    const d = diagnostics[0]!;
    expect(d.code).toBe('EGS1007');
    expect(d.range).toEqual({
      start: { line: 2, column: 18, offset: 26 },
      end: { line: 2, column: 21, offset: 29 },
    });
  });

  it('puts a missing part just after the last token', () => {
    const d = parsePolicy('policy p\nallow a from any\n').diagnostics[0]!;
    expect(d.range?.start).toEqual({ line: 2, column: 17, offset: 25 });
    expect(d.range?.end).toEqual(d.range?.start);
  });
});

describe('recovery', () => {
  it('reports one error per broken statement and parses the rest', () => {
    const { ast, diagnostics } = parsePolicy(
      'policy p\nallow a fro any to x\nallow b from any to y.com\nhosts = x\nallow c from any to z.com\n',
    );
    expect(diagnostics.map((d) => d.range?.start.line)).toEqual([2, 4]);
    expect(ast.statements.map((s) => s.malformed)).toEqual([false, true, false, true, false]);
  });

  it('keeps the parts read before an error', () => {
    const [rule] = statements('allow a from x, y to z.com on tcp/443 log junk\n') as [
      RuleStatement,
    ];
    expect(rule.malformed).toBe(true);
    expect(rule.id?.name).toBe('a');
    expect(rule.to?.map((i) => i.text)).toEqual(['z.com']);
    expect(rule.log).toBe(true);
  });

  it('does not report two errors at the same position', () => {
    // `Deny` at the start is both a wrong-case keyword and the statement's first token.
    const { diagnostics } = parsePolicy('DENY\n');
    const offsets = diagnostics.map((d) => d.range?.start.offset);
    expect(new Set(offsets).size).toBe(offsets.length);
  });

  it('sorts diagnostics by position', () => {
    const { diagnostics } = parsePolicy('Allow a from any to x\nzzz\nallow b\n');
    const offsets = diagnostics.map((d) => d.range!.start.offset);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(diagnostics).toHaveLength(3);
  });
});
