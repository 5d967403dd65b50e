/**
 * `egress export --strict` on the cloud targets, through the built CLI (bin/egress.mjs):
 * exit 0 when every rule is exact or delegated, 1 under --strict when any rule is widened,
 * narrowed or unsupported (0 without --strict, files written either way), 2 for a project
 * with errors (nothing written).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
let work: string;

const TOPOLOGY = `version: 1
name: strict-demo
zones:
  - id: vpc
    kind: internal
    cidrs: [10.0.0.0/16]
  - id: internet
    kind: external
nodes:
  - id: app
    kind: inference-service
    zone: vpc
    roles: [app]
    addresses: [10.0.1.0/24]
  - id: db
    kind: database
    zone: vpc
    roles: [db]
    addresses: [10.0.2.10]
  - id: proxy
    kind: proxy
    zone: vpc
    roles: [proxy]
    addresses: [10.0.0.10]
edges: []
`;

/** Addresses and roles only: every cloud target can be exact. */
const EXACT = `policy strict-demo

# The app reads its database.
allow app-db from role:app to node:db on tcp/5432

default deny
`;

/** A wildcard only the proxy can enforce: delegated on AWS, not expressible elsewhere. */
const DELEGATED = `policy strict-demo

# Every internal node may reach the forward proxy, which enforces names.
allow to-proxy from zone:vpc to node:proxy on tcp/3128
# The app reads its database.
allow app-db from role:app to node:db on tcp/5432
# The app calls the example.com APIs through the proxy.
allow app-web from role:app to *.example.com on tcp/443

default deny
`;

const BROKEN = `policy broken

allow x from role:ap to 10.0.0.0/8
`;

function project(name: string, policy: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'topology.yaml'), TOPOLOGY);
  writeFileSync(join(dir, 'policy.egress'), policy);
  return dir;
}

function egressExport(dir: string, target: string, strict: boolean) {
  const out = join(work, 'out', `${dir.split('/').pop()!}-${target}-${String(strict)}`);
  const r = spawnSync(
    process.execPath,
    [
      join(repo, 'bin/egress.mjs'),
      'export',
      dir,
      '--target',
      target,
      '--out',
      out,
      ...(strict ? ['--strict'] : []),
      '--verbose',
    ],
    { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, out };
}

beforeAll(() => {
  execFileSync(process.execPath, [join(repo, 'scripts/build-cli.mjs')], { cwd: repo });
  work = mkdtempSync(join(tmpdir(), 'egress-cloud-strict-'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

const CLOUD = ['kubernetes', 'cilium', 'istio', 'terraform-aws', 'terraform-gcp', 'audit'];

describe('egress export --strict, cloud targets', () => {
  it('exits 0 when every rule is exact', () => {
    const dir = project('exact', EXACT);
    for (const target of CLOUD.filter((t) => t !== 'istio')) {
      const r = egressExport(dir, target, true);
      expect(r.code, `${target}: ${r.stdout}${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/2 exact$/m);
      expect(readdirSync(r.out).length).toBeGreaterThan(0);
    }
  });

  it('exits 0 when the rest is delegated (terraform-aws leaves the wildcard to the proxy)', () => {
    const r = egressExport(project('delegated', DELEGATED), 'terraform-aws', true);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/: 1 delegated, 3 exact$/m);
    expect(r.stdout).toMatch(/delegated\s+app-web: \*\.example\.com/);
  });

  it('exits 1 under --strict when a rule is widened, narrowed or unsupported', () => {
    const dir = project('inexact', DELEGATED);
    const cases: [string, RegExp][] = [
      ['kubernetes', /unsupported app-web/],
      ['cilium', /widened\s+app-web/],
      ['terraform-gcp', /unsupported app-web/],
    ];
    for (const [target, finding] of cases) {
      const strict = egressExport(dir, target, true);
      expect(strict.code, `${target} --strict`).toBe(1);
      expect(strict.stdout).toMatch(finding);
      expect(strict.stdout + strict.stderr).toMatch(/--strict: 1 rule not exported exactly/);
      const lenient = egressExport(dir, target, false);
      expect(lenient.code, `${target} without --strict`).toBe(0);
      expect(readdirSync(lenient.out).length).toBe(1);
    }
  });

  it('exits 1 under --strict for the examples whose names the target cannot see', () => {
    const example = join(repo, 'policies/ml-training');
    expect(egressExport(example, 'kubernetes', true).code).toBe(1);
    expect(egressExport(example, 'terraform-aws', true).code).toBe(1);
    expect(egressExport(example, 'audit', true).code).toBe(0);
  });

  it('exits 2 for a project with errors, naming the problem and writing nothing', () => {
    const dir = project('broken', BROKEN);
    for (const target of ['kubernetes', 'terraform-gcp']) {
      const r = egressExport(dir, target, true);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/policy\.egress:3:\d+: error .*role "ap"/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(r.out)).toBe(false);
    }
  });
});
