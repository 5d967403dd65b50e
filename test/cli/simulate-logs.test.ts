/**
 * `egress simulate` over the logs other systems write, spawned as a user runs it: every log
 * format of test/fixtures/logs (plain and gzip) gives the flows of its golden file with the
 * logged action and the host's source; skipped lines are counted once per file; Zeek's
 * companion logs name the conn.log's hosts; Hubble sources by pod label; the disagreement
 * report; `--format summary`.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEgress } from './run-egress.js';

const repo = resolve(import.meta.dirname, '../..');
const project = join(repo, 'test/cli/fixtures/small');
const logs = join(repo, 'test/fixtures/logs');
let work: string;

function egress(args: string[], input?: string | Buffer) {
  return runEgress(args, { cwd: work, ...(input !== undefined ? { input } : {}) });
}

interface Result {
  flow: Record<string, unknown>;
  verdict: string;
  rule: string;
  log: boolean;
  logged?: string;
  hostSource?: string;
}

function results(stdout: string): Result[] {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Result);
}

/** The golden observed flows of a fixture, as the format's own tests keep them. */
function golden(fixture: string): { flow: unknown; logged?: string; hostSource?: string }[] {
  return readFileSync(join(logs, `${fixture}.expected.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { flow: unknown; logged?: string; hostSource?: string });
}

/** A copy of the fixture, gzipped, under a name that does not say so. */
function gzipped(fixture: string): string {
  const path = join(work, `${basename(fixture)}.gz-copy`);
  writeFileSync(path, gzipSync(readFileSync(join(logs, fixture))));
  return path;
}

beforeAll(() => {
  execFileSync(process.execPath, [join(repo, 'scripts/build-cli.mjs')], { cwd: repo });
  work = mkdtempSync(join(tmpdir(), 'egress-simulate-logs-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const FIXTURES: { fixture: string; skipped: string; companions?: string[] }[] = [
  { fixture: 'aws-vpc/default-v2.log', skipped: '3 lines skipped: reply' },
  { fixture: 'aws-vpc/custom-v5-nat-gateway.log', skipped: '' },
  { fixture: 'gcp/firewall.json', skipped: '' },
  { fixture: 'gcp/vpc-flows.json', skipped: '' },
  {
    fixture: 'squid/access.log',
    skipped: '1 line skipped: proxy authentication challenge (TCP_DENIED/407)',
  },
  { fixture: 'hubble/observe.json', skipped: '1 line skipped: protocol SCTP is not tcp' },
  { fixture: 'suricata/eve.json', skipped: '1 line skipped: stats event' },
  { fixture: 'suricata/aws-network-firewall.json', skipped: '' },
  {
    fixture: 'zeek/conn.log',
    skipped: '1 line skipped: protocol unknown_transport',
    companions: ['zeek/ssl.log', 'zeek/http.log', 'zeek/dns.log'],
  },
];

describe('every log format, detected, plain and gzip', () => {
  it.each(FIXTURES)('$fixture gives its golden flows, logged action and host source', (f) => {
    const plain = join(logs, f.fixture);
    const gz = gzipped(f.fixture);
    const companions = (f.companions ?? []).flatMap((c) => ['--flows', gzipped(c)]);
    const r = egress([
      'simulate',
      project,
      '--flows',
      plain,
      '--flows',
      gz,
      ...companions,
      '--format',
      'jsonl',
    ]);
    expect(r.stderr).not.toMatch(/:\d+: skipped:/);
    expect(r.code).toBe(0);
    const expected = golden(f.fixture);
    const got = results(r.stdout);
    expect(got).toHaveLength(expected.length * 2);
    const observed = got.map((g) => ({
      flow: g.flow,
      ...(g.logged !== undefined ? { logged: g.logged } : {}),
      ...(g.hostSource !== undefined ? { hostSource: g.hostSource } : {}),
    }));
    const want = expected.map((e) => ({
      flow: e.flow,
      ...(e.logged !== undefined ? { logged: e.logged } : {}),
      ...(e.hostSource !== undefined ? { hostSource: e.hostSource } : {}),
    }));
    expect(observed).toEqual([...want, ...want]);
    if (f.skipped !== '') {
      expect(r.stderr).toContain(`${plain}: ${f.skipped}`);
      expect(r.stderr).toContain(`${gz}: ${f.skipped}`);
    }
  });

  it('reads a log forced by --input-format and refuses a log that is not of it', () => {
    const ok = egress([
      'simulate',
      project,
      '--flows',
      join(logs, 'squid/access.log'),
      '--input-format',
      'squid',
      '--format',
      'jsonl',
    ]);
    expect(ok.code).toBe(0);
    expect(results(ok.stdout)).toHaveLength(golden('squid/access.log').length);
    const wrong = egress([
      'simulate',
      project,
      '--flows',
      join(logs, 'squid/access.log'),
      '--input-format',
      'hubble',
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('access.log:1: skipped:');
  });
});

describe('logged columns', () => {
  it('CSV output has logged and host_source columns for a log, not for a flow file', () => {
    const log = egress([
      'simulate',
      project,
      '--flows',
      join(logs, 'squid/access.log'),
      '--format',
      'csv',
    ]);
    const lines = log.stdout.trim().split('\n');
    expect(lines[0]).toBe('src,host,ip,proto,port,method,path,verdict,rule,log,logged,host_source');
    expect(lines).toContain(
      '10.0.1.15,pypi.org,151.101.0.223,tcp,443,,,allow,train-deps,false,allow,connect',
    );
    const flows = egress(
      ['simulate', project, '--flows', '-', '--format', 'csv'],
      'src,host,proto,port\ntrainer,pypi.org,tcp,443\n',
    );
    expect(flows.stdout).toBe(
      'src,host,ip,proto,port,method,path,verdict,rule,log\ntrainer,pypi.org,,tcp,443,,,allow,train-deps,false\n',
    );
  });

  it('the table has a LOGGED column for a log', () => {
    const r = egress(['simulate', project, '--flows', join(logs, 'squid/access.log')]);
    expect(r.stdout.split('\n')[0]).toMatch(/VERDICT LOGGED {2}RULE$/);
    expect(r.stdout).toMatch(
      /^4 +10\.0\.1\.15 +pypi\.org \(151\.101\.0\.223\) +tcp\/443 +allow +allow +train-deps$/m,
    );
  });
});

const SQUID = [
  '1709287200.000    120 10.0.1.15 TCP_TUNNEL/200 5120 CONNECT evil.example.org:443 - HIER_DIRECT/198.51.100.7 -',
  '1709287201.000      3 10.0.1.16 TCP_DENIED/403 3986 CONNECT pypi.org:443 - HIER_NONE/- text/html',
  '1709287202.000    130 10.0.1.17 TCP_TUNNEL/200 6001 CONNECT pypi.org:443 - HIER_DIRECT/151.101.0.223 -',
  '1709287203.000    140 10.0.2.10 TCP_MISS/200 1001 GET http://example.com/x - HIER_DIRECT/93.184.216.34 text/html',
].join('\n');

describe('the disagreement report', () => {
  it('counts both ways and lists each disagreement with file, line, flow and rule', () => {
    const r = egress(['simulate', project, '--flows', '-', '--format', 'jsonl'], SQUID);
    expect(r.code).toBe(0);
    expect(results(r.stdout).map((x) => [x.logged, x.verdict])).toEqual([
      ['allow', 'deny'],
      ['deny', 'allow'],
      ['allow', 'allow'],
      ['allow', 'deny'],
    ]);
    expect(r.stderr).toContain(
      'disagreements with the logged action (4 flows logged): 2 allowed by the system but denied by the policy, 1 denied by the system but allowed by the policy',
    );
    expect(r.stderr).toContain(
      '    <stdin>:1  10.0.1.15 -> evil.example.org (198.51.100.7) tcp/443  logged allow, policy deny (default)',
    );
    expect(r.stderr).toContain(
      '    <stdin>:4  10.0.2.10 -> example.com (93.184.216.34) tcp/80 GET /x  logged allow, policy deny (default)',
    );
    expect(r.stderr).toContain(
      '  denied by the system, allowed by the policy:\n    <stdin>:2  10.0.1.16 -> pypi.org tcp/443  logged deny, policy allow (train-deps)',
    );
  });

  it('is absent for a log without actions and for flow files', () => {
    const zeek = egress(['simulate', project, '--flows', join(logs, 'zeek/conn.log')]);
    expect(zeek.stdout + zeek.stderr).not.toContain('disagreements');
    const flows = egress(
      ['simulate', project, '--flows', '-'],
      'src,host,proto,port\ntrainer,pypi.org,tcp,443\n',
    );
    expect(flows.stdout + flows.stderr).not.toContain('disagreements');
  });
});

describe('--format summary', () => {
  it('prints the counts per rule and the disagreements on stdout, no flow lines', () => {
    const r = egress(['simulate', project, '--flows', '-', '--format', 'summary'], SQUID);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^4 flows: 2 allowed, 2 denied\n {2}DECIDED BY/);
    expect(r.stdout).toMatch(/^ {2}train-deps +allow +2$/m);
    expect(r.stdout).toMatch(/^ {2}default +deny +2$/m);
    expect(r.stdout).toContain('disagreements with the logged action');
    expect(r.stdout).not.toContain('{');
    expect(r.stderr).toBe('');
  });

  it('gives the same counts as the jsonl run of a flow file', () => {
    const flows = 'src,host,proto,port\ntrainer,pypi.org,tcp,443\nnotebook,pypi.org,tcp,443\nbad\n';
    const summary = egress(['simulate', project, '--flows', '-', '--format', 'summary'], flows);
    const jsonl = egress(['simulate', project, '--flows', '-', '--format', 'jsonl'], flows);
    expect(summary.code).toBe(1);
    expect(summary.stdout).toBe(jsonl.stderr.replace(/^<stdin>:4: skipped:.*\n/m, ''));
  });
});

describe('Zeek companion logs', () => {
  it('names hosts from ssl.log, http.log and dns.log given in any order around conn.log', () => {
    const z = (name: string) => join(logs, 'zeek', name);
    const r = egress([
      'simulate',
      project,
      '--flows',
      z('ssl.log'),
      '--flows',
      z('conn.log'),
      '--flows',
      z('http.log'),
      '--flows',
      z('dns.log'),
      '--format',
      'jsonl',
    ]);
    expect(r.code).toBe(0);
    const got = results(r.stdout);
    expect(got.map((g) => [g.flow.host, g.hostSource])).toEqual(
      golden('zeek/conn.log').map((g) => [(g.flow as { host?: string }).host, g.hostSource]),
    );
    expect(got.map((g) => g.hostSource)).toEqual(
      expect.arrayContaining(['sni', 'http-host', 'dns']),
    );
  });

  it('tells companion logs from conn.log when they come through pipes or stdin, read once', () => {
    const z = (name: string) => join(logs, 'zeek', name);
    const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
    const files = egress([
      'simulate',
      project,
      ...['ssl.log', 'conn.log', 'http.log', 'dns.log'].flatMap((n) => ['--flows', z(n)]),
      '--format',
      'jsonl',
    ]);
    expect(files.stdout).toContain('"hostSource":"sni"');
    // As a shell user gives them: `--flows <(zcat ssl.log.gz)`, and conn.log on stdin.
    const piped = execFileSync(
      'bash',
      [
        '-c',
        `${q(process.execPath)} ${q(join(repo, 'bin/egress.mjs'))} simulate ${q(project)} --format jsonl ` +
          `--flows <(cat ${q(z('ssl.log'))}) --flows - --flows <(cat ${q(z('http.log'))}) --flows ${q(z('dns.log'))} < ${q(z('conn.log'))}`,
      ],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    expect(piped).toBe(files.stdout);
  });

  it('refuses a companion log without its conn.log (exit 2)', () => {
    const alone = egress(['simulate', project, '--flows', join(logs, 'zeek/ssl.log')]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/^egress: .*ssl\.log: a zeek companion log .*\n$/);
    const two = egress([
      'simulate',
      project,
      '--flows',
      join(logs, 'zeek/ssl.log'),
      '--flows',
      join(logs, 'zeek/dns.log'),
    ]);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/ssl\.log: a zeek companion log .* no zeek log is given/);
  });
});

describe('Hubble --source-label', () => {
  it('names sources by the pod label through the topology, else by IP', () => {
    const labelled = join(work, 'hubble.json');
    copyFileSync(join(logs, 'hubble/observe.json'), labelled);
    const byIp = results(
      egress(['simulate', project, '--flows', labelled, '--format', 'jsonl']).stdout,
    );
    const r = egress([
      'simulate',
      project,
      '--flows',
      labelled,
      '--format',
      'jsonl',
      '--source-label',
      'app',
    ]);
    const byLabel = results(r.stdout);
    expect(byIp.map((x) => x.flow.src)).not.toContain('trainer');
    expect(byLabel.map((x) => x.flow.src)).toContain('trainer');
    // Labels that name no topology node or role keep the pod's IP.
    expect(byLabel.map((x) => x.flow.src)).not.toContain('gateway');
  });
});
