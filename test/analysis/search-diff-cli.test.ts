/**
 * `egress search` and `egress diff` from the real binary: goldens for the examples (search)
 * and a crafted change of ml-training (a rule loses its log flag, a rule gains a destination,
 * the notebook gains the trainer role), in all three diff formats; `git:REF` against a
 * repository made for the test; exit statuses; witnesses replayed through `egress simulate`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, egress, expectGolden, repo } from './golden.js';

const BASE = 'test/analysis/fixtures/diff/base';
const HEAD = 'test/analysis/fixtures/diff/head';

function simulate(project: string, flow: unknown): { verdict: string; rule: string; log: boolean } {
  const r = spawnSync(
    process.execPath,
    [join(repo, 'bin/egress.mjs'), 'simulate', project, '--flows', '-', '--format', 'jsonl'],
    { cwd: repo, input: JSON.stringify(flow) + '\n', encoding: 'utf8' },
  );
  const line = JSON.parse(r.stdout.trim()) as { verdict: string; rule: string; log: boolean };
  return { verdict: line.verdict, rule: line.rule, log: line.log };
}

let work: string;
beforeAll(() => {
  buildCli();
  work = mkdtempSync(join(tmpdir(), 'egress-diff-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SEARCHES: Record<string, string[]> = {
  'ml-training.researcher-metadata': [
    'policies/ml-training',
    '--from',
    'role:researcher',
    '--to',
    'metadata',
  ],
  'ml-training.trainer-allowed': [
    'policies/ml-training',
    '--from',
    'role:trainer',
    '--on',
    'tcp/443',
    '--verdict',
    'allow',
  ],
  'llm-gateway.posts': ['policies/llm-gateway', '--method', 'POST', '--limit', '4'],
  'rag-app.denied': ['policies/rag-app', '--verdict', 'deny', '--limit', '5'],
};

describe('egress search', () => {
  for (const [name, args] of Object.entries(SEARCHES)) {
    it(`${name}: goldens; witnesses simulate as claimed`, () => {
      const text = egress(['search', ...args]);
      expect(text.stderr).toBe('');
      expectGolden(`${name}.search.txt`, text.stdout);
      const json = egress(['search', ...args, '--format', 'json']);
      expectGolden(`${name}.search.json`, json.stdout);
      const classes = (
        JSON.parse(json.stdout) as {
          classes: { verdict: string; rule: string; log: boolean; witness: unknown }[];
        }
      ).classes;
      expect(json.code).toBe(classes.length > 0 ? 1 : 0);
      for (const c of classes) {
        expect(simulate(args[0]!, c.witness)).toEqual({
          verdict: c.verdict,
          rule: c.rule,
          log: c.log,
        });
      }
    });
  }

  it('rejects a bad query with one line', () => {
    const r = egress(['search', 'policies/ml-training', '--from', 'role:nobody']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/search query: .*nobody/);
  });
});

describe('egress diff', () => {
  it('goldens in text, json and markdown; witnesses give before on BASE and after on HEAD', () => {
    for (const format of ['text', 'json', 'markdown']) {
      const r = egress(['diff', BASE, HEAD, '--format', format]);
      expect(r.code).toBe(1);
      expectGolden(
        `ml-training.diff.${format === 'markdown' ? 'md' : format === 'json' ? 'json' : 'txt'}`,
        r.stdout,
      );
    }
    const changes = (
      JSON.parse(egress(['diff', BASE, HEAD, '--format', 'json']).stdout) as {
        changes: { before: unknown; after: unknown; witness: unknown }[];
      }
    ).changes;
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) {
      expect(simulate(BASE, c.witness)).toEqual(c.before);
      expect(simulate(HEAD, c.witness)).toEqual(c.after);
    }
  });

  it('exits 0 with no change', () => {
    const r = egress(['diff', BASE, BASE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('no flow changes its verdict\n');
  });

  it('reads git:REF from the repository holding the other side', () => {
    const repoDir = join(work, 'repo');
    cpSync(join(repo, BASE), join(repoDir, 'project'), { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: repoDir,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@t',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@t',
        },
      });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'base');
    cpSync(join(repo, HEAD), join(repoDir, 'project'), { recursive: true });
    const fromGit = egress(['diff', 'git:HEAD', join(repoDir, 'project'), '--format', 'json']);
    const fromFolders = egress(['diff', BASE, HEAD, '--format', 'json']);
    expect(fromGit.code).toBe(1);
    expect(fromGit.stdout).toBe(fromFolders.stdout);
    const missing = egress(['diff', 'git:no-such-ref', join(repoDir, 'project')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    writeFileSync(join(repoDir, 'single.egress'), 'policy single\nallow a from any to pypi.org\n');
    git('add', '.');
    git('commit', '-qm', 'single');
    writeFileSync(join(repoDir, 'single.egress'), 'policy single\ndeny a from any to pypi.org\n');
    const file = egress(['diff', 'git:HEAD', join(repoDir, 'single.egress'), '--format', 'json']);
    expect(file.code).toBe(1);
    expect(JSON.parse(file.stdout)).toMatchObject({
      changes: [{ before: { verdict: 'allow' }, after: { verdict: 'deny' } }],
    });
  });
});
