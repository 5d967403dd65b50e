import { describe, expect, it } from 'vitest';
import type { TestReport } from '../../../simulator/index.js';
import {
  NO_FILTER,
  countRows,
  filterRows,
  disagreement,
  flowRows,
  type ResultFilter,
  flowText,
  sameFlow,
  testRows,
} from '../../../renderer/model/result-rows.js';

const report: TestReport = {
  passed: 2,
  failed: 1,
  results: [
    {
      kind: 'expect',
      label: 'expect allow node:trainer -> pypi.org on tcp/443 by train-deps',
      flow: { src: 'trainer', host: 'pypi.org', proto: 'tcp', port: 443 },
      expected: { verdict: 'allow', by: 'train-deps' },
      actual: { verdict: 'allow', rule: 'train-deps', log: false },
      passed: true,
    },
    {
      kind: 'edge',
      label: 'edge notebook -> openai on tcp/443',
      flow: { src: 'notebook', host: 'api.openai.com', proto: 'tcp', port: 443 },
      expected: { verdict: 'allow' },
      actual: { verdict: 'deny', rule: 'default', log: true },
      passed: false,
      edge: 2,
    },
    {
      kind: 'edge',
      label: 'edge trainer -> pypi on tcp/443',
      flow: { src: 'trainer', host: 'pypi.org', proto: 'tcp', port: 443 },
      expected: { verdict: 'allow' },
      actual: { verdict: 'allow', rule: 'train-deps', log: false },
      passed: true,
      edge: 0,
    },
  ],
};

describe('result rows', () => {
  it('turns test results into rows', () => {
    const rows = testRows(report);
    expect(rows.map((r) => r.key)).toEqual(['test:0', 'test:1', 'test:2']);
    expect(rows[1]).toMatchObject({
      kind: 'edge',
      verdict: 'deny',
      rule: 'default',
      passed: false,
      edge: 2,
    });
  });

  it('turns flow verdicts into rows labelled in flow notation', () => {
    const rows = flowRows({
      file: 'flows.csv',
      rows: [
        {
          line: 2,
          flow: {
            src: '10.0.1.5',
            host: 'pypi.org',
            ip: '151.101.0.223',
            proto: 'tcp',
            port: 443,
            method: 'GET',
            path: '/simple/',
          },
          verdict: { verdict: 'allow', rule: 'train-deps', log: false },
        },
      ],
      rejected: [],
      rejectedCount: 0,
      error: null,
    });
    expect(rows[0]!.label).toBe('10.0.1.5 → pypi.org (151.101.0.223) on tcp/443 GET /simple/');
    expect(rows[0]!.passed).toBeNull();
    expect(flowText({ src: 'a', ip: '10.0.0.2', proto: 'icmp' })).toBe('a → 10.0.0.2 on icmp');
  });

  it('filters by status, verdict and text', () => {
    const rows = testRows(report);
    expect(filterRows(rows, NO_FILTER)).toHaveLength(3);
    expect(filterRows(rows, { ...NO_FILTER, status: 'failed' }).map((r) => r.key)).toEqual([
      'test:1',
    ]);
    expect(filterRows(rows, { ...NO_FILTER, status: 'passed', verdict: 'allow' })).toHaveLength(2);
    expect(filterRows(rows, { ...NO_FILTER, verdict: 'deny' }).map((r) => r.key)).toEqual([
      'test:1',
    ]);
    expect(filterRows(rows, { ...NO_FILTER, text: 'TRAIN-DEPS' }).map((r) => r.key)).toEqual([
      'test:0',
      'test:2',
    ]);
    expect(filterRows(rows, { ...NO_FILTER, text: 'openai' }).map((r) => r.key)).toEqual([
      'test:1',
    ]);
  });

  it('counts rows', () => {
    expect(countRows(testRows(report))).toEqual({
      total: 3,
      passed: 2,
      failed: 1,
      allowed: 2,
      denied: 1,
      logged: 0,
      allowedDenied: 0,
      deniedAllowed: 0,
    });
  });

  it('counts and filters the rows whose logged action differs from the verdict, each way', () => {
    const row = (
      line: number,
      logged: 'allow' | 'deny' | undefined,
      verdict: 'allow' | 'deny',
    ) => ({
      line,
      file: 'access.log',
      flow: { src: '10.0.1.5', host: 'pypi.org', proto: 'tcp' as const, port: 443 },
      verdict: { verdict, rule: verdict === 'allow' ? 'pypi' : 'default', log: false },
      ...(logged !== undefined ? { logged } : {}),
    });
    const rows = flowRows({
      file: 'access.log',
      rows: [
        row(1, 'allow', 'allow'),
        row(2, 'allow', 'deny'),
        row(3, 'deny', 'allow'),
        row(4, 'deny', 'deny'),
        row(5, undefined, 'deny'),
        row(6, 'allow', 'deny'),
      ],
      rejected: [],
      rejectedCount: 0,
      error: null,
    });
    expect(rows.map(disagreement)).toEqual([
      null,
      'allowed-denied',
      'denied-allowed',
      null,
      null,
      'allowed-denied',
    ]);
    expect(countRows(rows)).toMatchObject({ logged: 5, allowedDenied: 2, deniedAllowed: 1 });
    const lines = (f: ResultFilter['disagreement']) =>
      filterRows(rows, { ...NO_FILTER, disagreement: f }).map((r) => r.line);
    expect(lines('any')).toEqual([2, 3, 6]);
    expect(lines('allowed-denied')).toEqual([2, 6]);
    expect(lines('denied-allowed')).toEqual([3]);
    expect(lines('all')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[1]!.key).toBe('flow:access.log:2');
  });
});

describe('sameFlow', () => {
  it('compares flows field by field, whatever the key order', () => {
    const a = { src: 'n', host: 'h.com', proto: 'tcp' as const, port: 443 };
    const b = { port: 443, proto: 'tcp' as const, host: 'h.com', src: 'n' };
    expect(sameFlow(a, b)).toBe(true);
    expect(sameFlow(a, { ...b, port: 80 })).toBe(false);
    expect(sameFlow(a, { ...b, method: 'GET' })).toBe(false);
  });
});
