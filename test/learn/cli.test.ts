/**
 * `egress learn` as a user runs it: the real binary on the ml-training example and a Squid
 * access.log; the written project passes `egress check` and `egress test`, and `egress
 * simulate` of the same attempts allows every one the log allowed, except those the policy's
 * own deny rules and the outbound-only guard decide (which learn lists).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readObservedFlows } from '../../simulator/learn/index.js';
import { runEgress } from '../cli/run-egress.js';

const repo = resolve(import.meta.dirname, '../..');
const example = join(repo, 'policies/ml-training');
const log = join(import.meta.dirname, 'fixtures/ml-training-access.log');
let work: string;

function egress(args: string[]) {
  return runEgress(args, { cwd: work });
}

beforeAll(() => {
  execFileSync(process.execPath, [join(repo, 'scripts/build-cli.mjs')], { cwd: repo });
  work = mkdtempSync(join(tmpdir(), 'egress-learn-'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('egress learn', () => {
  it('writes a project that checks, tests and allows what the log allowed', () => {
    const out = join(work, 'proposal');
    const learned = egress(['learn', example, '--flows', log, '--out', out]);
    // Two attempts stay denied by the policy's own rules: findings, exit 1.
    expect(learned.code, learned.stderr).toBe(1);
    expect(learned.stdout).toContain(
      'learned 3 rules from 12 attempts: 6 learned, 2 already allowed',
    );
    expect(learned.stdout).toContain(
      'trainer-to-addresses: ports other than web, DNS and NTP: tcp/8443',
    );
    expect(learned.stdout).toContain('198.51.100.99: 1 attempt');
    expect(learned.stdout).toContain('no-metadata: 1 attempt');
    expect(learned.stdout).toContain('3 classes of flows change');
    const policy = readFileSync(join(out, 'policy.egress'), 'utf8');
    expect(policy.startsWith(readFileSync(join(example, 'policy.egress'), 'utf8').trimEnd())).toBe(
      true,
    );
    expect(policy).toContain(
      'allow trainer-to-example-models-com from role:trainer to *.weights.example-models.com on tcp/443',
    );
    expect(readFileSync(join(out, 'topology.yaml'), 'utf8')).toBe(
      readFileSync(join(example, 'topology.yaml'), 'utf8'),
    );
    expect(egress(['check', out]).code).toBe(0);
    const tested = egress(['test', out]);
    expect(tested.code, tested.stdout).toBe(0);

    // The same attempts as a flow file, simulated against the proposal.
    const read = readObservedFlows([{ name: 'access.log', text: readFileSync(log, 'utf8') }]);
    const flows = join(work, 'attempts.jsonl');
    writeFileSync(flows, read.flows.map((f) => JSON.stringify(f.observed.flow)).join('\n') + '\n');
    const simulated = egress(['simulate', out, '--flows', flows, '--format', 'jsonl']);
    const verdicts = simulated.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { verdict: string; rule: string });
    expect(verdicts).toHaveLength(read.flows.length);
    verdicts.forEach((v, i) => {
      const { observed } = read.flows[i]!;
      const listed = ['no-metadata', 'notebook-direct', 'inbound'].includes(v.rule);
      if (observed.logged !== 'deny' && !listed)
        expect(v.verdict, `line ${observed.line}`).toBe('allow');
    });
    expect(verdicts.filter((v) => v.verdict === 'allow')).toHaveLength(8);
  });

  it('prints only the learned lines on stdout without --out, and reads gzip', () => {
    const gz = join(work, 'access.log.gz');
    writeFileSync(gz, gzipSync(readFileSync(log)));
    const r = egress(['learn', example, '--flows', gz, '--include-denied']);
    expect(r.stdout.startsWith('# Learned from observed traffic by `egress learn`')).toBe(true);
    // The denied CONNECT is now an attempt, and the notebooks' deny rule decides it.
    expect(r.stderr).toContain('notebook-direct: 2 attempts');
    expect(r.stdout).toMatch(
      /^expect allow 10\.30\.1\.16 -> api\.wandb\.ai on tcp\/443 by trainer-to-wandb-ai$/m,
    );
    expect(r.stderr).toContain('learned 3 rules from 12 attempts: 6 learned, 2 already allowed\n');
  });

  it('refuses input it cannot read with one line naming the file', () => {
    const junk = join(work, 'notes.txt');
    writeFileSync(junk, 'hello\nworld\n');
    const r = egress(['learn', example, '--flows', junk]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /notes\.txt: not a flow file or log of a known format; give --input-format NAME/,
      ),
    ]);
    const bad = egress(['learn', example, '--flows', log, '--input-format', 'pcap']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown input format "pcap"; formats are csv, zeek, /);
    expect(bad.stderr).not.toMatch(/^\s+at /m);
  });
});
