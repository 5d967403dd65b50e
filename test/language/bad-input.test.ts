/**
 * Bad input of any kind gets diagnostics, never an exception (docs/architecture.md): empty and binary
 * files, a 10 MB policy, a policy with 1,000 errors, pathological nesting.
 */
import { describe, expect, it } from 'vitest';
import { checkPolicy, formatPolicy, parsePolicy } from '../../simulator/language/index.js';
import { POLICY_LIMITS } from '../../simulator/language/limits.js';

/** Deterministic pseudo-random bytes (a xorshift generator), so failures reproduce. */
function noise(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

describe('bad input', () => {
  it('reports a missing policy statement for an empty file', () => {
    for (const text of ['', '\n\n', '   \t', '# only a comment\n']) {
      const result = checkPolicy(text);
      expect(result.diagnostics.map((d) => d.code)).toEqual(['EGS2011']);
      expect(result.model.rules).toEqual([]);
    }
  });

  it('reports a binary file once, at its first NUL', () => {
    const bytes = Buffer.concat([Buffer.from('policy p\nallow'), noise(4096, 7), Buffer.from([0])]);
    const text = bytes.toString('latin1');
    const result = checkPolicy(text);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]!.code).toBe('EGS1001');
    expect(result.diagnostics[0]!.range!.start.offset).toBe(text.indexOf('\u0000'));
  });

  it('survives random bytes decoded as UTF-8, without NUL', () => {
    const text = noise(200_000, 42).toString('utf8').split('\u0000').join('');
    const result = checkPolicy(text);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(formatPolicy(text).text.replace(/\s+/g, '')).toBe(
      text.replace(/^\uFEFF/, '').replace(/[\s\u00a0\ufeff]+/g, ''),
    );
  });

  it('checks a policy just under the size limit (docs/language.md "Input limits")', () => {
    // Realistic: every rule has a two-line description, half of them use a set.
    const lines = ['policy big', 'hosts pypi = pypi.org, files.pythonhosted.org'];
    const why = 'reviewed with the platform team; the destination serves model artefacts';
    let size = 0;
    let rules = 0;
    while (size < POLICY_LIMITS.characters - 1_000) {
      const to = rules % 2 === 0 ? 'pypi' : `api-${rules}.example.com`;
      const text = `# Rule ${rules}: ${why}.\n# Owner: team-${rules % 40}; ticket SEC-${rules}.\nallow rule-${rules} from role:trainer, 10.${rules % 250}.0.0/16 to ${to} on tcp/443`;
      lines.push(text);
      size += text.length + 1;
      rules++;
    }
    const result = checkPolicy(lines.join('\n') + '\n');
    expect(result.diagnostics).toEqual([]);
    expect(result.model.rules).toHaveLength(rules);
    expect(result.model.rules.at(-1)!.description).toMatch(/^Rule \d+: reviewed/);
  });

  it('survives junk on one line and on many lines', () => {
    const junk = 'zz ,= -> a..b rol:x tcp/0 ';
    const oneLine = junk.repeat(Math.ceil(POLICY_LIMITS.lineLength / junk.length) - 1);
    expect(parsePolicy(oneLine).diagnostics.map((d) => d.code)).toEqual(['EGS1002']);
    // Over the line length limit it is refused unread.
    expect(parsePolicy(oneLine + junk.repeat(2)).diagnostics.map((d) => d.code)).toEqual([
      'EGS1013',
    ]);
    const manyLines = 'allow r from any to a..b\n'.repeat(40_000);
    const { diagnostics } = checkPolicy(manyLines);
    // The first 10,000 problems are listed, the rest counted in one final error.
    expect(diagnostics).toHaveLength(10_001);
    expect(diagnostics.at(-1)!.code).toBe('EGS1012');
    expect(diagnostics.at(-1)!.message).toMatch(/^[\d,]+ more problems/);
  });

  it('reports all of 1,000 errors in one file, in order', () => {
    const lines = ['policy many'];
    for (let i = 0; i < 250; i++) {
      lines.push(`allow a${i} from any ot x.com`); // EGS1007
      lines.push(`allow b${i} from any to x..com`); // EGS1101
      lines.push(`alow c${i}`); // EGS1002
      lines.push(`allow d${i} from any to undefined-${i}`); // EGS2002
    }
    const result = checkPolicy(lines.join('\n'));
    expect(result.diagnostics).toHaveLength(1000);
    const lineNumbers = result.diagnostics.map((d) => d.range!.start.line);
    expect(lineNumbers).toEqual(Array.from({ length: 1000 }, (_, i) => i + 2));
  });

  it('bounds deep nesting and exponential set expansion with errors', () => {
    const chain = ['policy deep'];
    for (let i = 5000; i > 0; i--) chain.push(`hosts s${i} = s${i - 1}`);
    chain.push('hosts s0 = a.com');
    expect(checkPolicy(chain.join('\n')).diagnostics.some((d) => d.code === 'EGS2015')).toBe(true);
    const growing = ['policy sixteenfold', 'hosts s0 = a.com'];
    const sixteen = (name: string) => Array.from({ length: 16 }, () => name).join(', ');
    for (let i = 1; i <= 8; i++) growing.push(`hosts s${i} = ${sixteen(`s${i - 1}`)}`);
    expect(checkPolicy(growing.join('\n')).diagnostics.map((d) => d.code)).toEqual(['EGS2016']);
  });
});
