/**
 * What commander itself prints, through the real binary: usage errors are one line that
 * starts `egress:` with exit status 2, and help fits 80 columns even on a wide terminal
 * (docs/cli.md "Messages and help").
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { wrapHelpText } from '../../simulator/cli/help-output.js';

const repo = resolve(import.meta.dirname, '../..');
const binary = join(repo, 'dist/egress.mjs');
const COMMANDS = ['check', 'simulate', 'test', 'explain', 'export', 'fmt'];

function egress(args: string[]) {
  const r = spawnSync(process.execPath, [binary, ...args], { cwd: repo, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  execFileSync(process.execPath, [join(repo, 'scripts/build-cli.mjs')], { cwd: repo });
});

describe('usage errors', () => {
  it.each([
    [['check'], /^egress: missing required argument 'project'; run `egress check --help`/],
    [['simulate', 'policies/rag-app'], /^egress: required option '--flows <file>' not specified/],
    [['frob'], /^egress: unknown command 'frob'; run `egress --help` for usage$/],
    [['check', 'a', 'b'], /^egress: too many arguments for 'check'/],
    [['export', 'x', '--target'], /^egress: option '--target <target>' argument missing/],
    [['test', 'x', '--bogus'], /^egress: unknown option '--bogus'; run `egress test --help`/],
  ])('egress %j: one line, exit 2', (args, pattern) => {
    const r = egress(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.endsWith('\n')).toBe(true);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
  });
});

describe('help', () => {
  it.each([[''], ...COMMANDS.map((c) => [c])])('egress %s --help fits 80 columns', (command) => {
    const r = egress(command === '' ? ['--help'] : [command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: egress/);
    const long = r.stdout.split('\n').filter((line) => line.length > 80);
    expect(long).toEqual([]);
  });

  // A terminal reports its width; commander would wrap to all of it.
  it.runIf(existsSync('/usr/bin/script'))('stays at 80 columns on a 200-column terminal', () => {
    const shell = `stty cols 200; ${process.execPath} ${binary} export --help`;
    const out = execFileSync('/usr/bin/script', ['-qc', shell, '/dev/null'], {
      cwd: repo,
      encoding: 'utf8',
    });
    const lines = out.replace(/\r/g, '').split('\n');
    expect(lines.some((line) => line.startsWith('Usage: egress export'))).toBe(true);
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
  });

  it('keeps the exit status paragraph whole and target descriptions under their column', () => {
    const text =
      'Targets:\n' +
      `  nftables       ${'word '.repeat(16).trim()}\n` +
      '\n' +
      `Exit status: ${'long '.repeat(16).trim()}\n` +
      'continues here.\n' +
      'Next line.\n';
    const wrapped = wrapHelpText(text, 60).split('\n');
    expect(wrapped.every((line) => line.length <= 60)).toBe(true);
    expect(wrapped[2]).toMatch(/^ {17}word/);
    expect(wrapped.filter((line) => line === 'Next line.')).toHaveLength(1);
    expect(wrapped.join('\n')).toContain('long continues here.');
  });
});
