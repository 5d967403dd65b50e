/**
 * The real `egress` binary, spawned as a user would run it: output, exit statuses
 * (0 clean, 1 findings, 2 usage/input/I-O) and one-line errors without stack traces.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEgress } from './run-egress.js';

const repo = resolve(import.meta.dirname, '../..');
const fixture = join(repo, 'test/cli/fixtures/small');
let work: string;

function egress(args: string[], input?: string | Buffer) {
  return runEgress(args, { cwd: work, ...(input !== undefined ? { input } : {}) });
}

function project(name: string, policy?: string): string {
  const dir = join(work, name);
  cpSync(fixture, dir, { recursive: true });
  if (policy !== undefined) writeFileSync(join(dir, 'policy.egress'), policy);
  return dir;
}

function expectOneLineError(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split('\n');
  expect(lines.at(-1)).toMatch(pattern);
  expect(stderr).not.toMatch(/^\s+at /m);
}

beforeAll(() => {
  execFileSync(process.execPath, [join(repo, 'scripts/build-cli.mjs')], { cwd: repo });
  work = mkdtempSync(join(tmpdir(), 'egress-cli-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('egress --help', () => {
  it.each(['check', 'simulate', 'test', 'explain', 'export', 'fmt'])('explains %s', (command) => {
    const r = egress([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: egress ${command}`);
    expect(r.stdout).toContain('Exit status');
  });

  it('rejects an unknown command with exit 2', () => {
    const r = egress(['chek', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'chek'");
  });
});

describe('egress check', () => {
  it('passes a clean project', () => {
    const r = egress(['check', fixture]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('small: 0 errors, 0 warnings (3 rules, 3 nodes)\n');
  });

  it('reports errors with file, line, column and the source line, exit 1', () => {
    const dir = project('broken', 'policy broken\nallow a from role:trainr to pypy.org\n');
    const r = egress(['check', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^policy\.egress:2:19: error EGS\d{4}: .*"trainr".*did you mean "trainer"/m,
    );
    expect(r.stdout).toContain('  2 | allow a from role:trainr to pypy.org');
  });

  it('prints JSON diagnostics with ranges', () => {
    const dir = project('broken-json', 'policy broken\nallow a from role:trainr to pypy.org\n');
    const r = egress(['check', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      diagnostics: { code: string; range: { start: { line: number } } }[];
      summary: { errors: number };
    };
    expect(out.summary.errors).toBeGreaterThan(0);
    expect(out.diagnostics[0]!.range.start.line).toBe(2);
  });

  it('names a missing project folder in one line, exit 2', () => {
    const r = egress(['check', join(work, 'nope')]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /nope/);
  });

  it('refuses a binary policy in one line, exit 2', () => {
    const dir = project('binary');
    writeFileSync(join(dir, 'policy.egress'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0xff]));
    const r = egress(['check', dir]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /policy\.egress/);
  });

  it('checks a single .egress file without topology', () => {
    const r = egress(['check', join(fixture, 'policy.egress')]);
    // Without a topology, role:/node:/zone: names cannot be checked (docs/language.md).
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('policy: 0 errors, 0 warnings (3 rules, no topology)\n');
  });

  it('rejects an unknown format', () => {
    const r = egress(['check', fixture, '--format', 'xml']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /--format xml: unknown format; use one of text, json/);
  });
});

describe('egress fmt', () => {
  it('finds, rewrites and then accepts an unformatted file', () => {
    const dir = project('fmt', 'policy   fmt\nallow  a from any to  pypi.org on tcp/443\n');
    const file = join(dir, 'policy.egress');
    let r = egress(['fmt', file, '--check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('not formatted');
    r = egress(['fmt', dir]);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(
      'policy fmt\nallow a from any to pypi.org on tcp/443\n',
    );
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    r = egress(['fmt', file, '--check']);
    expect(r.code).toBe(0);
  });

  it('leaves a file with syntax errors untouched, exit 2', () => {
    const dir = project('fmt-broken', 'policy x\nallow from from\n');
    const r = egress(['fmt', join(dir, 'policy.egress')]);
    expect(r.code).toBe(2);
    expect(readFileSync(join(dir, 'policy.egress'), 'utf8')).toBe('policy x\nallow from from\n');
  });
});

const FLOWS = [
  'src,host,ip,proto,port,method,path',
  'trainer,pypi.org,,tcp,443,,',
  'notebook,pypi.org,,tcp,443,,',
  '10.0.1.7,,169.254.169.254,tcp,80,,',
  '203.0.113.5,,10.0.1.4,tcp,22,,',
].join('\n');

describe('egress simulate', () => {
  it('writes one JSON line per flow in input order', () => {
    const r = egress(['simulate', fixture, '--flows', '-', '--format', 'jsonl'], FLOWS + '\n');
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { verdict: string; rule: string });
    expect(lines.map((l) => `${l.verdict}:${l.rule}`)).toEqual([
      'allow:train-deps',
      'deny:default',
      'deny:no-metadata',
      'deny:inbound',
    ]);
    expect(r.stderr).toContain('4 flows: 1 allowed, 3 denied');
  });

  it('writes CSV and a table with a summary', () => {
    const csv = egress(['simulate', fixture, '--flows', '-', '--format', 'csv'], FLOWS);
    expect(csv.stdout.split('\n')[0]).toBe('src,host,ip,proto,port,method,path,verdict,rule,log');
    expect(csv.stdout.split('\n')[1]).toBe('trainer,pypi.org,,tcp,443,,,allow,train-deps,false');
    const table = egress(['simulate', fixture, '--flows', '-'], FLOWS);
    expect(table.stdout).toMatch(/inbound \(outbound-only guard\)\s+deny\s+1/);
  });

  it('skips a malformed line with its number (exit 1), or stops on it with --strict-input (exit 2)', () => {
    const flows = FLOWS + '\ntrainer,pypi.org,,tcp,99999,,\n';
    let r = egress(['simulate', fixture, '--flows', '-', '--format', 'jsonl'], flows);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('<stdin>:6: skipped: port 99999 is outside 1-65535');
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
    r = egress(['simulate', fixture, '--flows', '-', '--strict-input'], flows);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /<stdin>:6: port 99999 is outside 1-65535/);
  });

  it('skips a flow whose source names no node (exit 1), or stops on it with --strict-input (exit 2)', () => {
    const flows = 'src,host,proto,port\ntrainr,pypi.org,tcp,443\ntrainer,pypi.org,tcp,443\n';
    let r = egress(['simulate', fixture, '--flows', '-', '--format', 'jsonl'], flows);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      '<stdin>:2: skipped: unknown source node "trainr" (did you mean "trainer"?)',
    );
    expect(r.stderr).toContain(
      '1 flow: 1 allowed, 0 denied; 1 flow from an unknown source skipped',
    );
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    r = egress(['simulate', fixture, '--flows', '-', '--strict-input'], flows);
    expect(r.code).toBe(2);
    expectOneLineError(
      r.stderr,
      /<stdin>:2: unknown source node "trainr" \(did you mean "trainer"\?\)/,
    );
  });

  it('names an unreadable flow file, exit 2', () => {
    const r = egress(['simulate', fixture, '--flows', join(work, 'missing.csv')]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /missing\.csv: no such file or folder/);
  });

  it('reads a JSONL file by its extension', () => {
    const file = join(work, 'flows.jsonl');
    writeFileSync(file, '{"src":"trainer","host":"pypi.org","proto":"tcp","port":443}\n');
    const r = egress(['simulate', fixture, '--flows', file, '--format', 'jsonl']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      flow: { src: 'trainer', host: 'pypi.org', proto: 'tcp', port: 443 },
      verdict: 'allow',
      rule: 'train-deps',
      log: false,
    });
  });
});

describe('egress simulate reads UTF-8 across read chunks', () => {
  it('keeps a character whose bytes straddle two 64 KiB chunks whole', () => {
    const file = join(work, 'utf8.jsonl');
    const flow =
      '{"src":"trainer","host":"pypi.org","proto":"tcp","port":443,"method":"GET","path":"/';
    // A comment line pads the file so that the two bytes of "é" sit at 65535 and 65536.
    const pad = 65535 - flow.length - 1;
    const text = '#' + 'a'.repeat(pad - 1) + '\n' + flow + 'é"}\n';
    expect(Buffer.from(text).indexOf(Buffer.from('é'))).toBe(65535);
    writeFileSync(file, text);
    const r = egress(['simulate', fixture, '--flows', file, '--format', 'jsonl']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { flow: { path: string } }).flow.path).toBe('/é');
  });
});

describe('egress test', () => {
  it('passes the fixture', () => {
    const r = egress(['test', fixture]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('3 passed, 0 failed\n');
  });

  it('reports a failed expectation with the flow, expected and got, exit 1', () => {
    const policy = readFileSync(join(fixture, 'policy.egress'), 'utf8').replace(
      'expect deny node:notebook',
      'expect allow node:notebook',
    );
    const dir = project('failing', policy);
    const r = egress(['test', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL expect allow node:notebook -> pypi.org on tcp/443');
    expect(r.stdout).toContain('expected: allow by default');
    expect(r.stdout).toContain('got:      deny by default');
    const json = JSON.parse(egress(['test', dir, '--format', 'json']).stdout) as { failed: number };
    expect(json.failed).toBe(1);
  });

  it('refuses a project with errors, exit 2', () => {
    const dir = project('test-broken', 'policy x\nallow a from role:nope to any\n');
    const r = egress(['test', dir]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /error.*fix them/);
  });
});

describe('egress explain', () => {
  it('shows every rule tried and the decision', () => {
    const r = egress(['explain', fixture, 'node:trainer -> pypi.org on tcp/443']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✘ deny no-metadata');
    expect(r.stdout).toContain('✔ allow train-deps');
    expect(r.stdout).toContain('ALLOW by rule train-deps');
    expect(r.stdout).toContain('Trainers install Python packages.');
  });

  it('explains as JSON', () => {
    const r = egress([
      'explain',
      fixture,
      '10.0.1.9 -> 169.254.169.254 on tcp/80',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { verdict: { rule: string } }).verdict.rule).toBe(
      'no-metadata',
    );
  });

  it('rejects a malformed flow in one line, exit 2', () => {
    const r = egress(['explain', fixture, 'node:trainer pypi.org']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /FLOW.*write it like/);
  });
});
