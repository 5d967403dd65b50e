/**
 * Input limits of a policy (docs/language.md "Input limits"): each is refused with one
 * EGS1013 error naming the line, and a file stopped at a limit is neither checked nor
 * reformatted (formatting a partly read file would drop its tail).
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../simulator/diagnostics/define.js';
import { checkPolicy, formatPolicy } from '../../simulator/language/index.js';
import { POLICY_LIMITS } from '../../simulator/language/limits.js';

function onlyError(text: string): string {
  const { diagnostics, model } = checkPolicy(text, { file: 'policy.egress' });
  expect(diagnostics.map((d) => d.code)).toEqual(['EGS1013']);
  expect(model.rules).toEqual([]);
  return formatDiagnostic(diagnostics[0]!);
}

describe('policy input limits', () => {
  it('refuses a file over the size limit before scanning it', () => {
    const text = `policy big\n# ${'x'.repeat(POLICY_LIMITS.lineLength - 10)}\n`.repeat(
      Math.ceil(POLICY_LIMITS.characters / POLICY_LIMITS.lineLength) + 1,
    );
    expect(onlyError(text)).toMatch(
      /^policy\.egress:1:1: error EGS1013: the policy is too large to read: a file of [\d,]+ characters \(the limit is 4,194,304 characters\)/,
    );
  });

  it('refuses a line over the length limit, naming its line (CR, LF and CRLF alike)', () => {
    const long = `allow a from any to ${'a'.repeat(POLICY_LIMITS.lineLength)}.com`;
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = ['policy p', 'default deny', long].join(eol);
      expect(onlyError(text)).toMatch(
        /^policy\.egress:3:1: error EGS1013: .*a line of 100,0\d\d characters \(the limit is 100,000 characters\); break the line after a comma/,
      );
    }
    // At the limit exactly, the line is read.
    const atLimit = `# ${'x'.repeat(POLICY_LIMITS.lineLength - 2)}`;
    expect(checkPolicy(`policy p\n${atLimit}\n`).diagnostics).toEqual([]);
  });

  it('stops at the first rule over the count limit', () => {
    const lines = ['policy many'];
    for (let i = 0; i <= POLICY_LIMITS.rules; i++) lines.push(`allow r${i} from any to a${i}.com`);
    const text = lines.join('\n');
    expect(onlyError(text)).toMatch(
      /^policy\.egress:50002:1: error EGS1013: the policy is too large to read: more than 50,000 rules \(the limit is 50,000 rules\); split the policy/,
    );
    expect(formatPolicy(text).text).toBe(text);
  });

  it('stops at the first expect line over the count limit', () => {
    const lines = ['policy many', 'allow r from any to a.com'];
    for (let i = 0; i <= POLICY_LIMITS.expectations; i++) {
      lines.push(`expect allow 10.0.0.1 -> a.com on tcp/443 by r`);
    }
    expect(onlyError(lines.join('\n'))).toMatch(
      /:50003:1: error EGS1013: .*more than 50,000 expect lines/,
    );
  });

  it('refuses a set with more members than the limit', () => {
    const members = Array.from({ length: POLICY_LIMITS.setMembers + 1 }, (_, i) => `h${i}.com`);
    const text = `policy p\nhosts big = ${members.join(',\n  ')}\n`;
    expect(onlyError(text)).toMatch(
      /:2:1: error EGS1013: .*a set of 100,001 members \(the limit is 100,000 members\)/,
    );
  });
});
