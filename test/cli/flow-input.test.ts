/**
 * Flow inputs of `egress simulate`, spawned as a user runs it: malformed sources and JSON
 * objects are skipped with their file and line (exit 1) or stop the run with --strict-input
 * (exit 2); echoed values are cut and escaped; gzip, several files and --input-format.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEgress } from './run-egress.js';

const repo = resolve(import.meta.dirname, '../..');
const fixture = join(repo, 'test/cli/fixtures/small');
let work: string;

function egress(args: string[], input?: string | Buffer) {
  return runEgress(args, { cwd: work, ...(input !== undefined ? { input } : {}) });
}

function simulate(flows: string | Buffer, ...more: string[]) {
  return egress(['simulate', fixture, '--flows', '-', '--format', 'jsonl', ...more], flows);
}

beforeAll(() => {
  execFileSync(process.execPath, [join(repo, 'scripts/build-cli.mjs')], { cwd: repo });
  work = mkdtempSync(join(tmpdir(), 'egress-flow-input-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const MALFORMED_SOURCES = ['10.30.1.999', '10.30.1', 'foo:bar', '10.30.1.5/16', 'fd00::1%eth0'];

describe('a flow source is a node id or an IP address', () => {
  it.each(MALFORMED_SOURCES)('skips src %s as a malformed line (exit 1)', (src) => {
    const r = simulate(
      `src,ip,proto,port\n${src},203.0.113.10,tcp,443\ntrainer,203.0.113.10,tcp,443\n`,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `<stdin>:2: skipped: src "${src}" is neither an IP address nor a node id`,
    );
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).not.toContain('inbound');
  });

  it.each(MALFORMED_SOURCES)('stops on src %s with --strict-input (exit 2)', (src) => {
    const r = simulate(
      `{"src":"${src}","ip":"203.0.113.10","proto":"tcp","port":443}\n`,
      '--strict-input',
    );
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^egress: <stdin>:1: src ".*" is neither an IP address nor a node id/);
  });

  it('still reads an IP source in canonical form and an existing node id', () => {
    const r = simulate('src,ip,proto,port\n10.0.1.007,203.0.113.10,tcp,443\n');
    expect(r.code).toBe(1); // a leading zero is not an IPv4 address
    const ok = simulate(
      'src,ip,proto,port\nfd00:0::1,203.0.113.10,tcp,443\n10.0.1.5,203.0.113.10,tcp,443\n',
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('"src":"fd00::1"');
  });
});

describe('JSONL objects', () => {
  it('skips an object with a duplicate key (exit 1), also when escaped differently', () => {
    const r = simulate(
      [
        '{"src":"trainer","host":"pypi.org","proto":"tcp","port":443,"src":"203.0.113.5"}',
        '{"src":"trainer","host":"pypi.org","proto":"tcp","port":443,"\\u0073rc":"notebook"}',
        '{"src":"trainer","host":"pypi.org","proto":"tcp","port":443}',
      ].join('\n'),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('<stdin>:1: skipped: field "src" appears twice');
    expect(r.stderr).toContain('<stdin>:2: skipped: field "src" appears twice');
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('keeps a value that happens to spell a key', () => {
    const r = simulate(
      '{"src":"trainer","host":"pypi.org","proto":"tcp","port":443,"path":"/src"}\n',
    );
    expect(r.code).toBe(0);
  });
});

describe('messages echo values safely', () => {
  it('cuts a long value at 80 characters with an ellipsis', () => {
    const long = 'x'.repeat(500);
    const r = simulate(`src,host,proto,port\ntrainer,pypi.org,${long},443\n`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`unknown protocol "${'x'.repeat(80)}…"`);
    expect(r.stderr).not.toContain('x'.repeat(81));
  });

  it('escapes control characters instead of printing them', () => {
    const r = simulate('src,host,proto,port\ntrainer,pypi.org,t\u001b[2Jcp\u0007,443\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown protocol "t\\u001b[2Jcp\\u0007"');
    // eslint-disable-next-line no-control-regex
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});

describe('flow files', () => {
  const CSV = 'src,host,proto,port\ntrainer,pypi.org,tcp,443\n';

  it('reads a gzip file by its magic bytes, whatever its name, and gzip on stdin', () => {
    const file = join(work, 'flows.data');
    writeFileSync(file, gzipSync(CSV));
    let r = egress(['simulate', fixture, '--flows', file, '--format', 'jsonl']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"verdict":"allow"');
    r = simulate(gzipSync(CSV));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"verdict":"allow"');
  });

  it('names a broken gzip file, exit 2', () => {
    const file = join(work, 'broken.gz');
    writeFileSync(file, gzipSync(CSV).subarray(0, 12));
    const r = egress(['simulate', fixture, '--flows', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/broken\.gz: /);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('reads several --flows files in order, naming each in its messages', () => {
    const a = join(work, 'a.csv');
    const b = join(work, 'b.jsonl');
    writeFileSync(a, CSV + 'trainer,pypi.org,tcp,0\n');
    writeFileSync(b, '{"src":"notebook","host":"pypi.org","proto":"tcp","port":443}\n{}\n');
    const r = egress(['simulate', fixture, '--flows', a, '--flows', b, '--format', 'jsonl']);
    expect(r.code).toBe(1);
    expect(
      r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { flow: { src: string } }).flow.src),
    ).toEqual(['trainer', 'notebook']);
    expect(r.stderr).toContain(`${a}:3: skipped: port 0 is outside 1-65535`);
    expect(r.stderr).toContain(`${b}:2: skipped: missing "src"`);
  });

  it('takes --input-format instead of detecting, and refuses an unknown one (exit 2)', () => {
    let r = simulate(
      '{"src":"trainer","host":"pypi.org","proto":"tcp","port":443}\n',
      '--input-format',
      'csv',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/<stdin>:1: unknown column/);
    r = simulate(CSV, '--input-format', 'zeek-x');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^egress: unknown input format "zeek-x"; formats are csv, zeek, suricata, hubble, gcp, jsonl, aws-vpc, squid, netfilter$/,
    );
  });

  it('refuses input no format claims, exit 2', () => {
    const r = simulate('hello world\nthis is not a flow file\n');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^egress: <stdin>: not a flow file of a known format; give --input-format NAME \(csv, zeek, suricata, hubble, gcp, jsonl, aws-vpc, squid, netfilter\)$/,
    );
  });
});
