/**
 * Input limits of a policy file (docs/language.md "Input limits"): size and line length are
 * measured before the scanner runs; statement counts while parsing, which stops at the
 * first count over its limit. Set nesting and expansion have their own guards (sets.ts,
 * check-context.ts), and the diagnostics of one file are capped (diagnostic-sink.ts).
 */
import type { Range } from '../core/diagnostic.js';

export const POLICY_LIMITS = {
  /** Characters of text (UTF-16 code units). */
  characters: 4 * 1024 * 1024,
  lineLength: 100_000,
  rules: 50_000,
  expectations: 50_000,
  /** Members written in one set statement. */
  setMembers: 100_000,
} as const;

export interface PolicyLimitProblem {
  problem: string;
  limit: string;
  advice: string;
}

export function count(n: number, unit: string): string {
  return `${n.toLocaleString('en')} ${unit}`;
}

/** The first size problem of the text, with its range; null when within the limits. */
export function scanPolicyText(text: string): { args: PolicyLimitProblem; range: Range } | null {
  const L = POLICY_LIMITS;
  const at = (offset: number, line: number, column: number): Range => {
    const start = { line, column, offset };
    return { start, end: start };
  };
  if (text.length > L.characters) {
    return {
      args: {
        problem: `a file of ${count(text.length, 'characters')}`,
        limit: count(L.characters, 'characters'),
        advice: 'check that this is the right file, or split the policy',
      },
      range: at(0, 1, 1),
    };
  }
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 10;
    if (c !== 10 && c !== 13) continue;
    if (i - lineStart > L.lineLength) {
      return {
        args: {
          problem: `a line of ${count(i - lineStart, 'characters')}`,
          limit: count(L.lineLength, 'characters'),
          advice: 'break the line after a comma; an indented line continues the statement',
        },
        range: at(lineStart, line, 1),
      };
    }
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    line++;
    lineStart = i + 1;
  }
  return null;
}

/** Counts statements as they are parsed; the first count over its limit is the problem. */
export class StatementCounter {
  private rules = 0;
  private expectations = 0;

  add(type: string, members: number): PolicyLimitProblem | null {
    const L = POLICY_LIMITS;
    if (type === 'rule' && ++this.rules > L.rules) {
      return this.tooMany(`more than ${count(L.rules, 'rules')}`, count(L.rules, 'rules'));
    }
    if ((type === 'expect' || type === 'expect-class') && ++this.expectations > L.expectations) {
      const limit = count(L.expectations, 'expect lines');
      return this.tooMany(`more than ${limit}`, limit);
    }
    if (type === 'set' && members > L.setMembers) {
      return {
        problem: `a set of ${count(members, 'members')}`,
        limit: count(L.setMembers, 'members'),
        advice: 'split the set into several sets and list them in one set',
      };
    }
    return null;
  }

  private tooMany(problem: string, limit: string): PolicyLimitProblem {
    return { problem, limit, advice: 'split the policy; the rest of the file was not read' };
  }
}
