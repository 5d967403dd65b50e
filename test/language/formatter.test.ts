/** The formatter: canonical layout, comments kept, broken statements left as written. */
import { describe, expect, it } from 'vitest';
import { formatPolicy } from '../../simulator/language/index.js';

describe('formatPolicy', () => {
  it('normalises spacing and keeps comments and one blank line', () => {
    const result = formatPolicy('\n\npolicy   p  # name\n\n\n\nhosts h=a.com ,b.com   \n');
    expect(result.text).toBe('policy p # name\n\nhosts h = a.com, b.com\n');
    expect(result.changed).toBe(true);
    expect(result.diagnostics).toEqual([]);
  });

  it('reports unchanged for canonical text', () => {
    const text = 'policy p\nallow a from any to x.com on tcp/443\n  methods GET paths /v1/*\n';
    expect(formatPolicy(text)).toEqual({ text, changed: false, diagnostics: [] });
  });

  it('puts methods and paths on one continuation line indented by two spaces', () => {
    expect(formatPolicy('allow a from any to x.com paths /x log\n').text).toBe(
      'allow a from any to x.com\n  paths /x log\n',
    );
    expect(formatPolicy('allow a from any\n    to x.com\n on tcp/1 methods GET\n').text).toBe(
      'allow a from any to x.com on tcp/1\n  methods GET\n',
    );
  });

  it('keeps line breaks after commas and at trailing comments', () => {
    const text = 'hosts h = a.com,\n      b.com, c.com\nallow r from any # why\n to h\n';
    expect(formatPolicy(text).text).toBe(
      'hosts h = a.com,\n  b.com, c.com\nallow r from any # why\n  to h\n',
    );
  });

  it('dedents indented statements and comment lines', () => {
    expect(formatPolicy('  # c\n  policy p\n').text).toBe('# c\npolicy p\n');
  });

  it('converts CRLF to LF and adds the final newline', () => {
    expect(formatPolicy('policy p\r\ndefault deny').text).toBe('policy p\ndefault deny\n');
  });

  it('leaves a statement with a syntax error exactly as written', () => {
    const broken = 'allow   a  from any ot   x.com   # typo';
    const result = formatPolicy(`policy   p\n${broken}\n  deny  b from any to any\n`);
    expect(result.text).toBe(`policy p\n${broken}\ndeny b from any to any\n`);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['EGS1007']);
  });

  it('keeps every character of a broken file that is not layout', () => {
    const text = 'polic p\n  zzz , ,\n= -> #x\nallow\n';
    const out = formatPolicy(text).text;
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    expect(squeeze(out)).toBe(squeeze(text));
  });

  it('formats an empty file as empty', () => {
    expect(formatPolicy('')).toEqual({ text: '', changed: false, diagnostics: [] });
    expect(formatPolicy('\n\n').text).toBe('');
  });

  it('returns a binary file unchanged with its error', () => {
    const result = formatPolicy('a\u0000b');
    expect(result.text).toBe('a\u0000b');
    expect(result.changed).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['EGS1001']);
  });
});
