/**
 * `egress analyze` and the findings in `egress check`, from the real binary: golden outputs
 * for the example projects and a crafted project with one finding of every kind, exit
 * statuses, and every witness replayed through `egress simulate`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildCli, egress, expectGolden, repo } from './golden.js';

const PROJECTS = {
  'llm-gateway': 'policies/llm-gateway',
  'ml-training': 'policies/ml-training',
  'rag-app': 'policies/rag-app',
  findings: 'test/analysis/fixtures/findings',
};

beforeAll(() => buildCli());

describe('egress analyze', () => {
  for (const [name, path] of Object.entries(PROJECTS)) {
    it(`${name}: text and json goldens, exit 1 with findings, witnesses replay`, () => {
      const text = egress(['analyze', path]);
      expect(text.stderr).toBe('');
      expectGolden(`${name}.analyze.txt`, text.stdout);
      const json = egress(['analyze', path, '--format', 'json']);
      expectGolden(`${name}.analyze.json`, json.stdout);
      const findings = (JSON.parse(json.stdout) as { findings: Record<string, unknown>[] })
        .findings;
      expect(json.code).toBe(findings.length > 0 ? 1 : 0);
      for (const f of findings) {
        expect(Object.keys(f)).toEqual([
          'code',
          'severity',
          'kind',
          'rule',
          'by',
          'witness',
          'message',
        ]);
        if (f.witness === null) continue;
        const r = spawnSync(
          process.execPath,
          [join(repo, 'bin/egress.mjs'), 'simulate', path, '--flows', '-', '--format', 'jsonl'],
          { cwd: repo, input: JSON.stringify(f.witness) + '\n', encoding: 'utf8' },
        );
        const verdict = JSON.parse(r.stdout.trim()) as { rule: string };
        const by = f.by as string[];
        if (f.kind === 'shadowed' || f.kind === 'overridden') expect(by).toContain(verdict.rule);
        if (f.kind === 'redundant') expect(verdict.rule).toBe(f.rule);
      }
    });
  }

  it('finds one of every kind in the crafted project', () => {
    const json = egress(['analyze', PROJECTS.findings, '--format', 'json']);
    const kinds = new Set(
      (JSON.parse(json.stdout) as { findings: { kind: string }[] }).findings.map((f) => f.kind),
    );
    expect([...kinds].sort()).toEqual([
      'edge-never-allowed',
      'expect-never-holds',
      'never-matches',
      'overridden',
      'redundant',
      'shadowed',
    ]);
  });

  it('exits 2 with one line on a project with errors', () => {
    const r = egress(['analyze', 'no/such/project']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('egress check shows the findings as warnings', () => {
  it('with ranges, and not with --no-analysis', () => {
    const json = egress(['check', PROJECTS.findings, '--format', 'json']);
    expect(json.code).toBe(0);
    const diagnostics = (
      JSON.parse(json.stdout) as { diagnostics: { code: string; range?: unknown; path?: string }[] }
    ).diagnostics;
    const shadowed = diagnostics.find((d) => d.code === 'EGS4102');
    expect(shadowed?.range).toMatchObject({ start: { line: 7, column: 1 } });
    expect(diagnostics.find((d) => d.code === 'EGS4202')?.path).toBe('edges[2]');
    expectGolden('findings.check.txt', egress(['check', PROJECTS.findings]).stdout);
    const quiet = JSON.parse(
      egress(['check', PROJECTS.findings, '--format', 'json', '--no-analysis']).stdout,
    ) as { diagnostics: { code: string }[] };
    expect(quiet.diagnostics.some((d) => d.code.startsWith('EGS4'))).toBe(false);
  });
});
