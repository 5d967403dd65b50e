/**
 * `egress test` runs quantified expectations (`expect all|none allowed|denied from …`) from
 * the real binary: golden text and JSON, exit 1 on a violation, and every violation's
 * witness replayed through `egress simulate` gets the verdict the test reports.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, egress, expectGolden, repo } from './golden.js';

const PROJECT = 'test/analysis/fixtures/quantified';

interface Result {
  quantifier?: string;
  label: string;
  flow: Record<string, unknown> | null;
  expected: { verdict: string };
  actual: { verdict: string; rule: string } | null;
  passed: boolean;
}

beforeAll(() => buildCli());

describe('egress test with quantified expectations', () => {
  it('reports the violated ones with a witness that replays', () => {
    const text = egress(['test', PROJECT]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(1);
    expectGolden('quantified.test.txt', text.stdout);
    const json = egress(['test', PROJECT, '--format', 'json']);
    expectGolden('quantified.test.json', json.stdout);
    const results = (JSON.parse(json.stdout) as { results: Result[] }).results;
    const quantified = results.filter((r) => r.quantifier !== undefined);
    expect(quantified.map((r) => r.passed)).toEqual([true, true, false, false, true]);
    for (const r of quantified) {
      if (r.passed) {
        expect(r.flow).toBeNull();
        continue;
      }
      const replay = spawnSync(
        process.execPath,
        [join(repo, 'bin/egress.mjs'), 'simulate', PROJECT, '--flows', '-', '--format', 'jsonl'],
        { cwd: repo, input: JSON.stringify(r.flow) + '\n', encoding: 'utf8' },
      );
      const verdict = JSON.parse(replay.stdout.trim()) as { verdict: string; rule: string };
      expect(verdict.verdict).not.toBe(r.expected.verdict);
      expect({ verdict: verdict.verdict, rule: verdict.rule }).toEqual({
        verdict: r.actual!.verdict,
        rule: r.actual!.rule,
      });
    }
  });
});
