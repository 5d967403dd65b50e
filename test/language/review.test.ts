/** Review lines in rule descriptions: parsed into `Rule.review`, taken out of the description. */
import { describe, expect, it } from 'vitest';
import { checkPolicy, dateProblem } from '../../simulator/language/index.js';

const POLICY = `policy p

# Installs packages.
#   Review-By :  2027-03-31
# OWNER: ml-platform-team
allow a from any to pypi.org on tcp/443
`;

describe('review lines', () => {
  it('become Rule.review with ranges and leave the description', () => {
    const r = checkPolicy(POLICY);
    expect(r.diagnostics).toEqual([]);
    const rule = r.model.rules[0]!;
    expect(rule.description).toBe('Installs packages.');
    expect(rule.review?.owner).toBe('ml-platform-team');
    expect(rule.review?.reviewBy).toBe('2027-03-31');
    expect(rule.review?.ticket).toBeUndefined();
    const at = rule.review!.ranges.reviewBy!;
    expect(POLICY.slice(at.start.offset, at.end.offset)).toBe('2027-03-31');
    expect([at.start.line, at.start.column]).toEqual([4, 18]);
  });

  it('warn about overdue reviews only when today is given', () => {
    expect(checkPolicy(POLICY).diagnostics).toEqual([]);
    expect(checkPolicy(POLICY, { today: '2027-03-31' }).diagnostics).toEqual([]);
    const late = checkPolicy(POLICY, { today: '2027-04-01' }).diagnostics;
    expect(late.map((d) => [d.code, d.severity, d.range?.start.line])).toEqual([
      ['EGS2204', 'warning', 4],
    ]);
    expect(late[0]!.message).toContain('owner ml-platform-team, no ticket');
  });

  it('leave a rule with malformed review lines in the model', () => {
    const text = 'policy p\n# review-by: 2027-02-30\n# owner:\nallow a from any to pypi.org\n';
    const r = checkPolicy(text, { today: '2030-01-01' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['EGS2201', 'EGS2203']);
    expect(r.model.rules.map((x) => [x.id, x.description, x.review])).toEqual([
      ['a', null, undefined],
    ]);
  });

  it('are ordinary text on sets and in prose', () => {
    const text =
      'policy p\n# owner: x\nhosts h = pypi.org\n# The owner: y\nallow a from any to h\n';
    const r = checkPolicy(text);
    expect(r.model.sets[0]!.description).toBe('owner: x');
    expect(r.model.rules[0]!.description).toBe('The owner: y');
    expect(r.model.rules[0]!.review).toBeUndefined();
  });
});

describe('dateProblem', () => {
  it.each([
    ['2027-03-31', null],
    ['2028-02-29', null],
    ['2027-02-29', 'is not a date that exists'],
    ['2027-13-01', 'is not a date that exists'],
    ['2027-3-31', 'is not written as YYYY-MM-DD'],
    ['31/03/2027', 'is not written as YYYY-MM-DD'],
  ])('%s', (text, problem) => {
    expect(dateProblem(text)).toBe(problem);
  });
});
